"""Monitoring returns: the round's schedule gives each live grant its returns; the grantee fills
one in and an accountable officer submits it; a manager accepts it or asks for changes."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.core.errors import DomainError
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import MonitoringReturn, OutcomeClaim, ReturnSpend, Variation
from innovation_fund.grants.reminders import send_due_reminders
from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.grants.services.return_answers import (
    accept_return,
    ask_for_changes,
    save_return,
    submit_return,
)
from innovation_fund.grants.services.returns import ensure_returns, periods, set_return_schedule
from innovation_fund.grants.services.variations import approve_variation, request_variation
from tests.grants.builders import offered_grant
from tests.grants.outcome_builders import term_on
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

State = MonitoringReturn.State


@pytest.fixture
def cast():
    cast = offered_grant()
    set_return_schedule(cast.manager, cast.round, every_months=3, due_days_after_period=30)
    accept_offer(cast.officer, cast.grant, accepts_conditions=True)
    cast.grant.refresh_from_db()
    return cast


def first(cast) -> MonitoringReturn:
    return MonitoringReturn.objects.get(grant=cast.grant, number=1)


def section_url(cast, slug: str, number: int = 1) -> str:
    return reverse("your_grants:return_section", args=[cast.grant.pk, number, slug])


def answers(**more):
    return {
        "progress": "Two teams recruited.",
        "risks": "Recruiting the last post.",
        "spend": {},
        "measures": {},
        "claims": {},
        **more,
    }


def test_periods_run_from_the_start_to_the_end():
    assert periods(date(2027, 4, 1), date(2027, 12, 31), 3) == [
        (date(2027, 4, 1), date(2027, 6, 30)),
        (date(2027, 7, 1), date(2027, 9, 30)),
        (date(2027, 10, 1), date(2027, 12, 31)),
    ]
    # A month from 31 January ends on 27 February; the last period stops at the end date.
    assert periods(date(2027, 1, 31), date(2027, 3, 15), 1) == [
        (date(2027, 1, 31), date(2027, 2, 27)),
        (date(2027, 2, 28), date(2027, 3, 15)),
    ]


def test_accepting_the_offer_schedules_the_returns_once(cast):
    returns = list(MonitoringReturn.objects.filter(grant=cast.grant).order_by("number"))
    # April 2027 to March 2029, quarterly: eight returns, each due 30 days after its quarter.
    assert len(returns) == 8
    assert returns[0].period_ends_on == date(2027, 6, 30)
    assert returns[0].due_on == date(2027, 7, 30)
    ensure_returns(cast.grant)
    assert MonitoringReturn.objects.filter(grant=cast.grant).count() == 8


def test_changing_the_schedule_moves_only_returns_not_started(cast):
    save_return(cast.officer, first(cast), expected_version=1, **answers())
    set_return_schedule(cast.manager, cast.round, every_months=6, due_days_after_period=15)

    returns = list(MonitoringReturn.objects.filter(grant=cast.grant).order_by("number"))
    assert returns[0].period_ends_on == date(2027, 6, 30)  # started: kept as it was
    # The rest of the first half-year, then half-years aligned to the start: no month missed.
    assert [(r.period_starts_on, r.period_ends_on) for r in returns[1:]] == [
        (date(2027, 7, 1), date(2027, 9, 30)),
        (date(2027, 10, 1), date(2028, 3, 31)),
        (date(2028, 4, 1), date(2028, 9, 30)),
        (date(2028, 10, 1), date(2029, 3, 31)),
    ]
    assert returns[2].due_on == date(2028, 4, 15)


def test_a_member_saves_an_accountable_officer_submits_a_manager_accepts(
    cast, outbox, django_capture_on_commit_callbacks
):
    report = save_return(
        cast.member, first(cast), expected_version=1, **answers(spend={(2027, "staff"): 12_345_67})
    )
    assert report.state == State.IN_PROGRESS
    assert report.spend.get(financial_year=2027, cost_heading="staff").actual_pence == 12_345_67
    with pytest.raises(Refused, match="accountable officers"):
        submit_return(cast.member, report, declaration=True)
    with pytest.raises(DomainError, match="Confirm"):
        submit_return(cast.officer, report, declaration=False)
    with django_capture_on_commit_callbacks(execute=True):
        submit_return(cast.officer, report, declaration=True)
    assert cast.manager.email in {email.to for email, _s, _b in outbox}
    with pytest.raises(Refused):
        accept_return(cast.officer, report)
    with pytest.raises(DomainError, match="what needs to change"):
        ask_for_changes(cast.manager, report, comments="")
    ask_for_changes(cast.manager, report, comments="Add the spend for training.")
    report.refresh_from_db()
    assert report.state == State.CHANGES_REQUESTED
    save_return(cast.officer, report, expected_version=report.version, **answers())
    submit_return(cast.officer, report, declaration=True)
    accept_return(cast.manager, report)
    report.refresh_from_db()
    assert report.state == State.ACCEPTED


def test_a_save_over_someone_elses_is_refused(cast):
    save_return(cast.member, first(cast), expected_version=1, **answers())
    with pytest.raises(DomainError, match="Someone else saved"):
        save_return(cast.officer, first(cast), expected_version=1, **answers(progress="Mine"))
    assert first(cast).progress == "Two teams recruited."


def test_a_new_return_starts_from_the_last_submitted_figures(client, cast):
    report = save_return(
        cast.officer, first(cast), expected_version=1, **answers(spend={(2027, "staff"): 5_000_00})
    )
    submit_return(cast.officer, report, declaration=True)
    page = sign_in(client, cast.officer)

    tasks = page.get(reverse("your_grants:return", args=[cast.grant.pk, 2])).content.decode()
    spend = page.get(section_url(cast, "spend", number=2)).content.decode()

    assert "Carried forward from return 1" in tasks
    assert "Starts with the figures of return 1" in tasks
    assert "the ones you gave in return 1" in spend
    assert 'value="5,000.00"' in spend or 'value="5,000"' in spend
    assert not ReturnSpend.objects.filter(monitoring_return__number=2).exists()  # only shown


def test_outcome_units_are_claimed_in_the_return(cast):
    term = term_on(cast)
    save_return(
        cast.officer, first(cast), expected_version=1, **answers(claims={term.pk: (6, "6 files")})
    )
    claim = OutcomeClaim.objects.get()
    assert (claim.units_claimed, claim.state) == (6, OutcomeClaim.State.CLAIMED)
    with pytest.raises(DomainError, match="evidence"):
        save_return(
            cast.officer, first(cast), expected_version=2, **answers(claims={term.pk: (3, "")})
        )


def test_the_form_keeps_what_was_typed_when_refused(client, cast):
    page = sign_in(client, cast.officer)
    response = page.post(
        section_url(cast, "spend"),
        {"version": "1", "spend_2027_staff": "ten pounds", "spend_2028_staff": "1,200"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'value="ten pounds"' in html and 'value="1,200"' in html
    assert first(cast).version == 1

    too_long = "x" * 10_001
    response = page.post(
        section_url(cast, "progress"), {"version": "1", "progress": too_long, "risks": "Kept"}
    )
    html = response.content.decode()
    assert "10,000 characters or fewer" in html
    assert too_long in html and "Kept" in html


@pytest.mark.parametrize("who", ["outsider", "manager"])
def test_the_grantee_pages_are_404_to_anyone_else(client, cast, who):
    page = sign_in(client, getattr(cast, who))
    assert page.get(reverse("your_grants:return", args=[cast.grant.pk, 1])).status_code == 404


def test_the_review_page_is_404_to_the_grantee_and_refuses_a_finance_officer(client, cast):
    save_return(cast.officer, first(cast), expected_version=1, **answers())
    submit_return(cast.officer, first(cast), declaration=True)
    url = reverse("grant_management:return_review", args=[cast.grant.pk, 1])
    assert sign_in(client, cast.officer).get(url).status_code == 404
    assert (
        sign_in(client, cast.finance_officer).post(url, {"decision": "accept"}).status_code == 403
    )
    assert sign_in(client, cast.manager).post(url, {"decision": "accept"}).status_code == 302
    assert first(cast).state == State.ACCEPTED


def test_the_overdue_list_makes_the_same_queries_for_one_or_many(client, cast):
    url = reverse("grant_management:overdue_returns")
    with time_machine.travel(date(2027, 8, 15)):
        page = sign_in(client, cast.manager)
        with CaptureQueriesContext(connection) as one:
            html = page.get(url).content.decode()
        assert "1 overdue return" in html
    for day in (date(2027, 8, 6), date(2027, 11, 6), date(2028, 2, 6)):
        send_due_reminders(day)  # each list row shows its reminders
    with time_machine.travel(date(2028, 8, 15)):
        page = sign_in(client, cast.manager)
        with CaptureQueriesContext(connection) as many:
            html = page.get(url).content.decode()
        assert "5 overdue returns" in html
        assert html.index("30 July 2027") < html.index("30 July 2028")  # oldest first
        assert ">382<" in html  # days overdue of return 1
        assert "Overdue, 6 August 2027" in html
    assert len(one) == len(many)


def test_ensure_returns_leaves_submitted_returns_alone(cast):
    report = save_return(cast.officer, first(cast), expected_version=1, **answers())
    submit_return(cast.officer, report, declaration=True)
    before = list(MonitoringReturn.objects.filter(grant=cast.grant).values().order_by("number"))

    assert ensure_returns(cast.grant) == ensure_returns(cast.grant)
    assert list(MonitoringReturn.objects.filter(grant=cast.grant).values().order_by("number")) == (
        before
    )

    set_return_schedule(cast.manager, cast.round, every_months=12, due_days_after_period=10)
    kept = first(cast)
    assert (kept.state, kept.period_ends_on, kept.due_on) == (
        State.SUBMITTED,
        date(2027, 6, 30),
        date(2027, 7, 30),
    )
    # The returns not started follow the yearly schedule from where return 1 ends: nothing is
    # duplicated and no month goes unreported.
    returns = list(MonitoringReturn.objects.filter(grant=cast.grant).order_by("number"))
    assert [(r.number, r.period_starts_on, r.period_ends_on, r.due_on) for r in returns[1:]] == [
        (2, date(2027, 7, 1), date(2028, 3, 31), date(2028, 4, 10)),
        (3, date(2028, 4, 1), date(2029, 3, 31), date(2029, 4, 10)),
    ]
    assert ensure_returns(cast.grant) == returns


def test_no_returns_without_a_schedule_or_before_acceptance():
    cast = offered_grant()
    assert ensure_returns(cast.grant) == []
    set_return_schedule(cast.manager, cast.round, every_months=3, due_days_after_period=30)
    assert not MonitoringReturn.objects.filter(grant=cast.grant).exists()  # still only offered


def test_the_overdue_list_is_404_to_people_outside_the_programme(client, cast):
    url = reverse("grant_management:overdue_returns")
    with time_machine.travel(date(2027, 8, 15)):
        assert sign_in(client, cast.outsider).get(url).status_code == 404
        assert sign_in(client, cast.assessor).get(url).status_code == 404


def test_an_approved_extension_adds_the_returns_for_its_months(cast):
    submit_return(
        cast.officer,
        save_return(cast.officer, first(cast), expected_version=1, **answers()),
        declaration=True,
    )
    extension = request_variation(
        cast.officer,
        cast.grant,
        kind=Variation.Kind.EXTEND,
        reason="Recruitment took longer",
        proposed_ends_on=date(2029, 9, 30),
    )

    approve_variation(cast.manager, extension, reasons="Agreed")

    returns = list(MonitoringReturn.objects.filter(grant=cast.grant).order_by("number"))
    assert len(returns) == 10
    assert (returns[-1].period_starts_on, returns[-1].period_ends_on) == (
        date(2029, 7, 1),
        date(2029, 9, 30),
    )
    assert returns[0].state == State.SUBMITTED
