"""The pages of monitoring returns: who sees what, what the check page shows, the team's review
and schedule pages, carrying figures forward, and the grant pages' returns section."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.applications.models import ApplicationOutcome
from innovation_fund.grants.models import (
    MonitoringReturn,
    ProjectArea,
    ReturnMeasure,
    ReturnSchedule,
)
from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.grants.services.return_answers import save_return, submit_return
from innovation_fund.grants.services.returns import set_return_schedule
from tests.factories import LocalAuthorityFactory, OutcomeFactory
from tests.grants.builders import offered_grant
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


def saved(cast, who=None, **more) -> MonitoringReturn:
    answers = {
        "progress": "Two teams recruited.",
        "risks": "Recruiting the last post.",
        "spend": {},
        "measures": {},
        "claims": {},
        **more,
    }
    report = first(cast)
    return save_return(who or cast.officer, report, expected_version=report.version, **answers)


def every_url(cast) -> list[str]:
    at = [cast.grant.pk, 1]
    return [
        reverse("your_grants:return", args=at),
        reverse("your_grants:return_check", args=at),
        reverse("your_grants:return_submitted", args=at),
        reverse("grant_management:return_review", args=at),
        reverse("grant_management:return_schedule", args=[cast.round.pk]),
        reverse("grant_management:overdue_returns"),
    ]


@pytest.mark.parametrize("who", ["outsider", "assessor"])
def test_people_with_no_business_get_404_on_every_page(client, cast, who):
    saved(cast)
    page = sign_in(client, getattr(cast, who))
    for url in every_url(cast):
        assert page.get(url).status_code == 404, url
        assert page.post(url, {"decision": "accept", "declaration": "on"}).status_code in (
            404,
            405,
        ), url
    assert first(cast).state == State.IN_PROGRESS
    assert not ReturnSchedule.objects.exclude(every_months=3).exists()


def test_a_member_sees_who_must_submit_and_cannot_submit(client, cast):
    saved(cast, who=cast.member)
    page = sign_in(client, cast.member)
    url = reverse("your_grants:return_check", args=[cast.grant.pk, 1])

    html = page.get(url).content.decode()
    assert "accountable officer" in html
    assert "Submit the return</button>" not in html
    assert page.post(url, {"declaration": "on"}).status_code == 403
    assert first(cast).state == State.IN_PROGRESS


def test_the_check_page_shows_the_variance_and_change_links(client, cast):
    saved(cast, spend={(2027, "staff"): 65_000_00, (2028, "staff"): 30_000_00})
    page = sign_in(client, cast.officer)

    html = page.get(reverse("your_grants:return_check", args=[cast.grant.pk, 1])).content.decode()

    assert "+£5,000" in html and "(over)" in html  # £65,000 against a £60,000 profile
    assert "-£10,000" in html and "(under)" in html
    assert "Change<span" in html
    assert 'name="declaration"' in html


def test_submitting_needs_the_declaration(client, cast, outbox, django_capture_on_commit_callbacks):
    saved(cast)
    page = sign_in(client, cast.officer)
    url = reverse("your_grants:return_check", args=[cast.grant.pk, 1])

    not_yet = reverse("your_grants:return_submitted", args=[cast.grant.pk, 1])
    assert page.get(not_yet).url == url  # nothing submitted yet: back to the check page

    refused = page.post(url, {})
    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    assert first(cast).state == State.IN_PROGRESS

    with django_capture_on_commit_callbacks(execute=True):
        response = page.post(url, {"declaration": "on"})
    assert response.status_code == 302
    assert response.url == reverse("your_grants:return_submitted", args=[cast.grant.pk, 1])
    assert first(cast).state == State.SUBMITTED
    assert "submitted" in page.get(response.url).content.decode()
    assert {cast.manager.email, cast.second_manager.email} <= {sent[0].to for sent in outbox}


def test_the_manager_asks_for_changes_with_comments(
    client, cast, outbox, django_capture_on_commit_callbacks
):
    submit_return(cast.officer, saved(cast), declaration=True)
    page = sign_in(client, cast.manager)
    url = reverse("grant_management:return_review", args=[cast.grant.pk, 1])

    html = page.get(url).content.decode()
    assert "Two teams recruited." in html
    assert "Accept the return</button>" in html

    refused = page.post(url, {"decision": "changes", "comments": ""})
    assert "Enter what needs to change" in refused.content.decode()
    assert first(cast).state == State.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        page.post(url, {"decision": "changes", "comments": "Split the staff costs."})
    assert first(cast).state == State.CHANGES_REQUESTED
    sent = [s for s in outbox if s[0].template == "return_changes_requested"]
    assert [s[0].to for s in sent] == [cast.officer.email]
    assert "Split the staff costs." in sent[0][2]


def test_the_schedule_page_checks_and_saves(client, cast):
    page = sign_in(client, cast.manager)
    url = reverse("grant_management:return_schedule", args=[cast.round.pk])

    refused = page.post(url, {"every_months": "6", "due_days_after_period": "200"})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "There is a problem" in html
    assert 'value="200"' in html
    assert ReturnSchedule.objects.get(round=cast.round).every_months == 3

    assert page.post(url, {"every_months": "6", "due_days_after_period": "20"}).status_code == 302
    assert ReturnSchedule.objects.get(round=cast.round).every_months == 6
    assert MonitoringReturn.objects.filter(grant=cast.grant).count() == 4

    finance = sign_in(client, cast.finance_officer)
    assert finance.get(url).status_code == 404


def test_the_round_page_links_to_the_return_schedule(client, cast):
    html = (
        sign_in(client, cast.manager)
        .get(reverse("programmes:round_detail", args=[cast.round.pk]))
        .content.decode()
    )
    assert reverse("grant_management:return_schedule", args=[cast.round.pk]) in html


def test_measures_carry_forward_from_the_last_submitted_return(client, cast):
    outcome = OutcomeFactory(programme=cast.round.programme, name="School attendance")
    ApplicationOutcome.objects.create(
        application_id=cast.grant.application_id,
        outcome=outcome,
        measure="Share of days attended",
        baseline="88%",
        target="92%",
    )
    ProjectArea.objects.filter(project=cast.grant.project).delete()
    authority = LocalAuthorityFactory(name="Leeds")
    ProjectArea.objects.create(
        project=cast.grant.project, authority=authority, involvement=ProjectArea.Involvement.LEAD
    )
    report = saved(
        cast,
        measures={(outcome.pk, authority.pk): (Decimal("90.5"), "Autumn term 2027", False)},
    )
    submit_return(cast.officer, report, declaration=True)

    page = sign_in(client, cast.officer)
    url = reverse("your_grants:return_section", args=[cast.grant.pk, 2, "measures"])
    html = page.get(url).content.decode()

    assert "the ones you gave in return 1" in html
    assert "School attendance in Leeds" in html
    assert 'value="90.50"' in html
    assert 'value="Autumn term 2027"' in html
    # Only shown: return 2 has nothing of its own until it is saved.
    assert not ReturnMeasure.objects.filter(monitoring_return__number=2).exists()


def test_a_member_saves_for_later_and_keeps_the_figures(client, cast):
    page = sign_in(client, cast.member)
    at = [cast.grant.pk, 1]
    response = page.post(
        reverse("your_grants:return_section", args=[*at, "progress"]),
        {"version": "1", "progress": "Started", "risks": "", "later": ""},
    )
    assert response.status_code == 302
    assert response.url == reverse("your_grants:grant", args=[cast.grant.pk])
    response = page.post(
        reverse("your_grants:return_section", args=[*at, "spend"]),
        {"version": "2", "spend_2027_staff": "1,250.50", "continue": ""},
    )
    assert response.url == reverse("your_grants:return", args=at)
    report = first(cast)
    assert (report.state, report.progress, report.version) == (State.IN_PROGRESS, "Started", 3)
    assert report.spend.get(financial_year=2027).actual_pence == 1_250_50
    assert report.spend.get(financial_year=2028).actual_pence is None  # blank: not known yet
    html = page.get(reverse("your_grants:return", args=at)).content.decode()
    # Spend done; progress lacks its risks; the outcome measures not started.
    assert "You have completed 1 of 3 sections" in html


def test_a_stale_page_is_refused_and_keeps_what_was_typed(client, cast):
    saved(cast, who=cast.member)  # version 2 now
    page = sign_in(client, cast.officer)
    url = reverse("your_grants:return_section", args=[cast.grant.pk, 1, "progress"])
    response = page.post(url, {"version": "1", "progress": "My own words", "risks": "Mine"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this return" in html
    assert "My own words" in html
    assert "The return as it is saved now" in html and "Two teams recruited." in html
    assert 'name="version" value="2"' in html  # saving again is now a deliberate choice
    assert first(cast).progress == "Two teams recruited."

    page.post(url, {"version": "2", "progress": "My own words", "risks": "Mine"})
    assert first(cast).progress == "My own words"


def _returns(cast, how_many: int) -> None:
    MonitoringReturn.objects.filter(grant=cast.grant).delete()
    start = date(2027, 4, 1)
    for number in range(1, how_many + 1):
        MonitoringReturn.objects.create(
            grant=cast.grant,
            number=number,
            period_starts_on=start,
            period_ends_on=start + timedelta(days=30),
            due_on=start + timedelta(days=60),
            state=State.SUBMITTED if number % 2 else State.NOT_STARTED,
        )
        start += timedelta(days=31)


@pytest.mark.parametrize(
    ("name", "who"), [("grant_management:grant", "manager"), ("your_grants:grant", "officer")]
)
def test_the_returns_section_makes_the_same_queries_for_one_or_five(client, cast, name, who):
    page = sign_in(client, getattr(cast, who))
    url = reverse(name, args=[cast.grant.pk])
    counts = []
    for how_many in (1, 5):
        _returns(cast, how_many)
        with CaptureQueriesContext(connection) as queries:
            html = page.get(url).content.decode()
        assert html.count(">Return ") == how_many
        counts.append(len(queries))
    assert counts[0] == counts[1]
