"""A monitoring return as a task list: each section saves on its own, carries forward on its
own, and the return is submitted only once every section is complete. The pages make the same
number of queries whatever the size of the return."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.applications.models import BudgetLine, CostHeading
from innovation_fund.core.errors import DomainError
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import (
    GrantYear,
    MonitoringReturn,
    ProjectArea,
    ReturnMeasure,
    ReturnReminder,
)
from innovation_fund.grants.reminders import send_due_reminders
from innovation_fund.grants.return_questions import questions_for, sections_of
from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.grants.services.return_answers import (
    accept_return,
    save_measures,
    save_progress,
    save_return,
    save_spend,
    submit_return,
)
from innovation_fund.grants.services.returns import set_return_schedule
from tests.factories import LocalAuthorityFactory
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


def first(cast, number: int = 1) -> MonitoringReturn:
    return MonitoringReturn.objects.get(grant=cast.grant, number=number)


def all_unknown(report) -> dict:
    return {line.key_pair: (None, "", True) for line in questions_for(report).measures}


def complete(cast, who=None, number: int = 1, spend=None) -> MonitoringReturn:
    report = first(cast, number)
    return save_return(
        who or cast.officer,
        report,
        expected_version=report.version,
        progress="Going well.",
        risks="None new.",
        spend=spend or {},
        measures={},
        claims={},
    )


def test_the_return_is_submitted_only_once_every_section_is_complete(cast):
    report = save_progress(cast.member, first(cast), expected_version=1, progress="Ok", risks="")
    with pytest.raises(DomainError, match="progress and risks, spending against the profile"):
        submit_return(cast.officer, report, declaration=True)

    report = save_progress(cast.member, report, expected_version=2, progress="Ok", risks="None")
    report = save_spend(cast.member, report, expected_version=3, spend={(2027, "staff"): 100})
    with pytest.raises(DomainError, match="outcome measures"):
        submit_return(cast.officer, report, declaration=True)

    report = save_measures(cast.member, report, expected_version=4, measures=all_unknown(report))
    submit_return(cast.officer, report, declaration=True)
    assert first(cast).state == State.SUBMITTED


def test_each_section_keeps_the_others(cast):
    report = save_spend(cast.member, first(cast), expected_version=1, spend={(2027, "staff"): 7})
    report = save_progress(cast.member, report, expected_version=2, progress="P", risks="R")
    assert report.spend.get(financial_year=2027).actual_pence == 7
    assert (report.progress, report.risks, report.version) == ("P", "R", 3)


def test_the_task_list_shows_each_sections_status_and_the_organisation(client, cast):
    save_progress(cast.member, first(cast), expected_version=1, progress="Ok", risks="")
    html = (
        sign_in(client, cast.member)
        .get(reverse("your_grants:return", args=[cast.grant.pk, 1]))
        .content.decode()
    )
    assert "You have completed 0 of 3 sections" in html
    assert 'govuk-tag--light-blue">Incomplete' in html  # progress without risks
    assert html.count('govuk-tag--blue">Not yet started') == 2
    assert cast.grant.recipient.name in html
    assert reverse("your_grants:return_section", args=[cast.grant.pk, 1, "spend"]) in html


def test_the_check_page_says_which_sections_are_left(client, cast):
    save_progress(cast.officer, first(cast), expected_version=1, progress="Ok", risks="Few")
    page = sign_in(client, cast.officer)
    url = reverse("your_grants:return_check", args=[cast.grant.pk, 1])

    html = page.get(url).content.decode()
    assert "Complete every section first" in html
    assert 'name="declaration"' not in html

    refused = page.post(url, {"declaration": "on"})
    assert "Complete every section before you submit" in refused.content.decode()
    assert first(cast).state == State.IN_PROGRESS


def test_a_section_the_return_does_not_ask_is_404(client, cast):
    page = sign_in(client, cast.officer)
    for slug in ("claims", "nonsense"):  # no outcome payments on this grant
        url = reverse("your_grants:return_section", args=[cast.grant.pk, 1, slug])
        assert page.get(url).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "assessor", "manager", "finance_officer"])
def test_section_pages_are_404_to_everyone_outside_the_grantee(client, cast, who):
    url = reverse("your_grants:return_section", args=[cast.grant.pk, 1, "progress"])
    page = sign_in(client, getattr(cast, who))
    assert page.get(url).status_code == 404
    assert page.post(url, {"version": "1", "progress": "x", "risks": "y"}).status_code == 404
    assert first(cast).version == 1


@pytest.mark.parametrize("who", ["outsider", "assessor", "manager"])
def test_only_the_grantee_may_save_and_only_its_officers_submit(cast, who):
    with pytest.raises(Refused):
        save_progress(getattr(cast, who), first(cast), expected_version=1, progress="x", risks="y")
    report = complete(cast, who=cast.member)
    for person in (getattr(cast, who), cast.member):
        with pytest.raises(Refused):
            submit_return(person, report, declaration=True)


def test_a_submitted_return_is_not_saved_over(client, cast):
    submit_return(cast.officer, complete(cast), declaration=True)
    with pytest.raises(Refused, match="submitted"):
        save_progress(cast.officer, first(cast), expected_version=2, progress="x", risks="y")
    url = reverse("your_grants:return_section", args=[cast.grant.pk, 1, "progress"])
    page = sign_in(client, cast.officer)
    assert 'name="progress"' not in page.get(url).content.decode()
    assert page.post(url, {"version": "2", "progress": "x", "risks": "y"}).status_code == 403


def test_carrying_forward_is_per_section(cast):
    report = complete(cast, spend={(2027, "staff"): 5_000_00})
    measures = dict.fromkeys(all_unknown(report), (None, "Spring 2027", True))
    report = save_measures(cast.officer, report, expected_version=2, measures=measures)
    submit_return(cast.officer, report, declaration=True)
    accept_return(cast.manager, report)

    second = save_spend(cast.officer, first(cast, 2), expected_version=1, spend={})
    questions = questions_for(second)
    assert not questions.spend_carried and questions.measures_carried
    assert questions.carried_from.number == 1
    assert {line.period for line in questions.measures} == {"Spring 2027"}
    assert not ReturnMeasure.objects.filter(monitoring_return=second).exists()


def test_accepted_returns_are_not_chased(cast):
    report = complete(cast)
    submit_return(cast.officer, report, declaration=True)
    accept_return(cast.manager, report)
    due = report.due_on
    for day in (due - timedelta(days=7), due, due + timedelta(days=7)):
        send_due_reminders(day)
    assert not ReturnReminder.objects.filter(monitoring_return=report).exists()


# --- Queries fixed whatever the size of the return ------------------------------------------


def _sized(cast, size: int) -> None:
    """`size` authorities (measure lines) and `size` headings a year (spend lines)."""
    ProjectArea.objects.filter(project=cast.grant.project).delete()
    for _ in range(size):
        ProjectArea.objects.create(
            project=cast.grant.project,
            authority=LocalAuthorityFactory(),
            involvement=ProjectArea.Involvement.AREA,
        )
    application = cast.grant.application
    BudgetLine.objects.filter(application=application).delete()
    for year in GrantYear.objects.filter(grant=cast.grant).values_list("financial_year", flat=True):
        for heading in list(CostHeading.values)[:size]:
            BudgetLine.objects.create(
                application=application,
                financial_year=year,
                cost_heading=heading,
                amount_pence=1_000_00,
            )


def _pages(cast) -> dict:
    at = [cast.grant.pk, 1]
    return {
        "task list": (cast.officer, reverse("your_grants:return", args=at)),
        "spend": (cast.officer, reverse("your_grants:return_section", args=[*at, "spend"])),
        "measures": (cast.officer, reverse("your_grants:return_section", args=[*at, "measures"])),
        "check": (cast.officer, reverse("your_grants:return_check", args=at)),
        "review": (cast.manager, reverse("grant_management:return_review", args=at)),
    }


def test_the_return_pages_make_the_same_queries_for_one_or_five_lines(client, cast):
    counts = {}
    for size in (1, 5):
        _sized(cast, size)
        report = complete(cast)  # every line answered: the pages draw them all
        questions = questions_for(report)
        outcomes = cast.grant.application.outcomes.count()
        budgeted = [line for line in questions.spend if line.budgeted]
        assert (len(budgeted), len(questions.measures)) == (2 * size, outcomes * size)
        for name, (who, url) in _pages(cast).items():
            state = State.SUBMITTED if name == "review" else State.IN_PROGRESS
            MonitoringReturn.objects.filter(pk=report.pk).update(state=state)
            page = sign_in(client, who)
            with CaptureQueriesContext(connection) as queries:
                response = page.get(url)
            assert response.status_code == 200, name
            counts.setdefault(name, []).append(len(queries))
        MonitoringReturn.objects.filter(pk=report.pk).update(state=State.IN_PROGRESS)
    assert {name: found[0] for name, found in counts.items()} == {
        name: found[1] for name, found in counts.items()
    }


def test_the_overdue_list_shows_days_overdue_oldest_first(client, cast):
    MonitoringReturn.objects.filter(grant=cast.grant, number=2).update(due_on=date(2027, 8, 1))
    with time_machine.travel(date(2027, 8, 15)):
        html = (
            sign_in(client, cast.finance_officer)
            .get(reverse("grant_management:overdue_returns"))
            .content.decode()
        )
    assert "2 overdue returns" in html
    assert html.index(">16<") < html.index(">14<")  # return 1 (due 30 July) before return 2


# --- Spending: the profile and headings outside it -------------------------------------------


def test_the_profile_is_the_bid_scaled_to_the_award_to_the_penny(client, cast):
    application = cast.grant.application
    BudgetLine.objects.filter(application=application, financial_year=2027).delete()
    for heading, pence in ((CostHeading.STAFF, 50_000_00), (CostHeading.TRAINING, 25_000_00)):
        BudgetLine.objects.create(
            application=application, financial_year=2027, cost_heading=heading, amount_pence=pence
        )
    # The bid asked £75,000 for 2027-28; the grant gives £60,000 that year.
    GrantYear.objects.filter(grant=cast.grant, financial_year=2027).update(amount_pence=60_000_00)
    GrantYear.objects.filter(grant=cast.grant, financial_year=2028).update(amount_pence=1_00)
    BudgetLine.objects.filter(application=application, financial_year=2028).delete()
    for heading in (CostHeading.STAFF, CostHeading.TRAINING, CostHeading.OVERHEADS):
        BudgetLine.objects.create(
            application=application, financial_year=2028, cost_heading=heading, amount_pence=5
        )

    profile = {line.key_pair: line.profile_pence for line in questions_for(first(cast)).spend}

    assert profile[(2027, "staff")] == 40_000_00
    assert profile[(2027, "training")] == 20_000_00
    assert profile[(2027, "premises")] == 0
    # 100p in three equal shares: the odd penny goes first in the headings' order.
    assert [profile[(2028, h)] for h in ("staff", "training", "overheads")] == [34, 33, 33]
    html = sign_in(client, cast.member).get(
        reverse("your_grants:return_section", args=[cast.grant.pk, 1, "spend"])
    )
    assert "Profile £40,000." in html.content.decode()
    assert "scaled to the amount awarded" in html.content.decode()


def test_spending_outside_the_profile_is_kept_only_where_given(client, cast):
    # The bid profiles only staff; premises is outside the profile.
    report = save_spend(
        cast.member,
        first(cast),
        expected_version=1,
        spend={(2027, "staff"): 100_00, (2027, "premises"): 2_500_00},
    )
    assert set(report.spend.values_list("financial_year", "cost_heading", "actual_pence")) == {
        (2027, "staff", 100_00),
        (2028, "staff", None),  # in the profile, blank: not known yet
        (2027, "premises", 2_500_00),
    }
    statuses = {s.slug: s.status for s in sections_of(report, questions_for(report))}
    assert statuses["spend"] == "Completed"

    html = (
        sign_in(client, cast.member)
        .get(reverse("your_grants:return_check", args=[cast.grant.pk, 1]))
        .content.decode()
    )
    assert "Premises, 2027-28" in html
    assert "+£2,500.00 (over)" in html or "+£2,500 (over)" in html
    assert "Training and development, 2027-28" not in html

    report = save_spend(cast.member, report, expected_version=report.version, spend={})
    assert not report.spend.filter(cost_heading="premises").exists()
