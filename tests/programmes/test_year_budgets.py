"""A programme's budget for each financial year: set by its managers, kept by the approvals."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from innovation_fund.applications.models import BudgetLine, CostHeading
from innovation_fund.assessment.budget import BudgetExceeded
from innovation_fund.assessment.models import Decision
from innovation_fund.assessment.services.decisions import record_decision
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes import selectors
from innovation_fund.programmes.models import ProgrammeRole, YearBudget
from innovation_fund.programmes.services import year_budgets as year_budgets_services
from tests.assessment.builders import assessed_round, eligible, manager_of, submitted_bid
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory, RoundFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

TOTAL = 20_000_000_00
FIRST_YEAR = 2027  # OpenRoundFactory's funded work starts in April 2027


@pytest.fixture
def funding_round():
    funding_round = assessed_round(budget_pence=1_000_000_00)
    programme = funding_round.programme
    programme.budget_pence = TOTAL
    programme.starts_on, programme.ends_on = date(2027, 4, 1), date(2029, 3, 31)
    programme.save()
    return funding_round


@pytest.fixture
def programme(funding_round):
    return funding_round.programme


@pytest.fixture
def manager(funding_round):
    return manager_of(funding_round)


def budgets_of(programme) -> dict[int, int]:
    return dict(programme.year_budgets.values_list("financial_year", "budget_pence"))


def refused_fields(call, *args, **kwargs) -> dict:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return {error.field: error.message for error in getattr(caught.value, "errors", [caught.value])}


def approve(user, bid, award_pence, years):
    return record_decision(
        user,
        bid,
        outcome=Decision.Outcome.APPROVE,
        reasons="Strong bid",
        award_pence=award_pence,
        years=years,
    )


def eligible_bid(funding_round, first_year_pence, second_year_pence=None):
    bid = submitted_bid(funding_round, amount_pence=first_year_pence)
    if second_year_pence is not None:
        BudgetLine.objects.create(
            application=bid,
            financial_year=FIRST_YEAR + 1,
            cost_heading=CostHeading.STAFF,
            amount_pence=second_year_pence,
        )
    eligible(bid)
    return bid


# --- The service -----------------------------------------------------------------------------


def test_budgets_are_saved_changed_and_removed_with_one_audit_event_each_time(manager, programme):
    year_budgets_services.set_year_budgets(manager, programme, {2027: 500_000_00, 2028: 700_000_00})
    assert budgets_of(programme) == {2027: 500_000_00, 2028: 700_000_00}
    event = AuditEvent.objects.get(action="programme.year_budgets_set")
    assert event.object_id == str(programme.pk)
    assert event.before == {"year_budgets": {}}
    assert event.after == {"year_budgets": {"2027-28": 500_000_00, "2028-29": 700_000_00}}

    year_budgets_services.set_year_budgets(manager, programme, {2027: None, 2028: 800_000_00})
    assert budgets_of(programme) == {2028: 800_000_00}
    latest = AuditEvent.objects.filter(action="programme.year_budgets_set").latest("pk")
    assert latest.before == {"year_budgets": {"2027-28": 500_000_00, "2028-29": 700_000_00}}
    assert latest.after == {"year_budgets": {"2028-29": 800_000_00}}


def test_years_not_given_are_left_alone_and_saving_nothing_new_records_nothing(manager, programme):
    year_budgets_services.set_year_budgets(manager, programme, {2027: 500_000_00})
    year_budgets_services.set_year_budgets(manager, programme, {2028: None})
    year_budgets_services.set_year_budgets(manager, programme, {2027: 500_000_00})
    assert budgets_of(programme) == {2027: 500_000_00}
    assert AuditEvent.objects.filter(action="programme.year_budgets_set").count() == 1


def test_a_negative_budget_is_refused(manager, programme):
    problems = refused_fields(
        year_budgets_services.set_year_budgets, manager, programme, {2027: -1}
    )
    assert problems == {"year_2027": "The budget for 2027-28 cannot be negative"}
    assert budgets_of(programme) == {}


def test_a_year_budget_above_the_programmes_total_is_refused(manager, programme):
    problems = refused_fields(
        year_budgets_services.set_year_budgets, manager, programme, {2027: 100_00, 2028: TOTAL + 1}
    )
    assert problems == {
        "year_2028": (
            "The budget for 2028-29 must be no more than the programme's total budget of "
            "£20,000,000"
        )
    }
    assert budgets_of(programme) == {}  # nothing is saved, not even the good year
    year_budgets_services.set_year_budgets(manager, programme, {2028: TOTAL})
    assert budgets_of(programme) == {2028: TOTAL}


def test_a_year_budget_below_what_is_already_awarded_says_how_much_that_is(
    manager, programme, funding_round
):
    approve(
        manager,
        eligible_bid(funding_round, 100_000_00, second_year_pence=30_000_00),
        130_000_00,
        years={FIRST_YEAR: 100_000_00, FIRST_YEAR + 1: 30_000_00},
    )
    problems = refused_fields(
        year_budgets_services.set_year_budgets,
        manager,
        programme,
        {2027: 99_999_99, 2028: 29_999_99},
    )
    assert problems == {
        "year_2027": (
            "£100,000 is already committed for 2027-28 (approved or awarded), so its budget "
            "must be at least £100,000"
        ),
        "year_2028": (
            "£30,000 is already committed for 2028-29 (approved or awarded), so its budget "
            "must be at least £30,000"
        ),
    }
    year_budgets_services.set_year_budgets(manager, programme, {2027: 100_000_00})
    assert budgets_of(programme) == {2027: 100_000_00}


def test_only_the_programmes_managers_may_set_its_budgets(programme, funding_round):
    outsiders = [
        UserFactory(),
        ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.FINANCE_OFFICER).user,
    ]
    for person in outsiders:
        with pytest.raises(PermissionDenied):
            year_budgets_services.set_year_budgets(person, programme, {2027: 100_00})
    assert budgets_of(programme) == {}


def test_an_approval_past_a_year_budget_set_here_is_refused(manager, programme, funding_round):
    year_budgets_services.set_year_budgets(manager, programme, {FIRST_YEAR: 150_000_00})
    approve(manager, eligible_bid(funding_round, 100_000_00), 100_000_00, {FIRST_YEAR: 100_000_00})
    bid = eligible_bid(funding_round, 100_000_00)
    with pytest.raises(BudgetExceeded) as refused:
        approve(manager, bid, 60_000_00, {FIRST_YEAR: 60_000_00})
    assert refused.value.left_pence == 50_000_00
    assert "£50,000 is left" in refused.value.message
    assert not Decision.objects.filter(application=bid).exists()
    # Once the year's budget is raised, the same award fits.
    year_budgets_services.set_year_budgets(manager, programme, {FIRST_YEAR: 160_000_00})
    assert approve(manager, bid, 60_000_00, {FIRST_YEAR: 60_000_00})


# --- Which years the page offers -------------------------------------------------------------


def labels(programme) -> list[str]:
    return [year.label for year in selectors.programme_period_years(programme)]


def test_the_years_come_from_the_programmes_dates():
    programme = ProgrammeFactory(starts_on=date(2027, 1, 10), ends_on=date(2028, 4, 1))
    assert labels(programme) == ["2026-27", "2027-28", "2028-29"]


def test_else_from_its_first_and_last_years():
    programme = ProgrammeFactory(starts_on=None, ends_on=None, first_year=2015, last_year=2016)
    assert labels(programme) == ["2014-15", "2015-16", "2016-17"]


def test_else_from_when_its_rounds_funded_work_happens():
    programme = ProgrammeFactory(starts_on=None, ends_on=None)
    RoundFactory(
        programme=programme,
        number=1,
        funding_starts_on=date(2027, 4, 1),
        funding_ends_on=date(2028, 3, 31),
    )
    RoundFactory(programme=programme, number=2, funding_ends_on=date(2029, 6, 30))
    RoundFactory(programme=programme, number=3)
    assert labels(programme) == ["2027-28", "2028-29", "2029-30"]


def test_no_years_when_nothing_says_when_the_programme_runs():
    programme = ProgrammeFactory(starts_on=None, ends_on=None)
    RoundFactory(programme=programme)
    assert labels(programme) == []


# --- The page --------------------------------------------------------------------------------


def url_of(programme) -> str:
    return reverse("programmes:year_budgets", args=[programme.pk])


def test_the_page_offers_each_year_prefilled(client, manager, programme):
    YearBudget.objects.create(programme=programme, financial_year=2028, budget_pence=1_250_000_50)
    YearBudget.objects.create(programme=programme, financial_year=2031, budget_pence=10_00)
    sign_in(client, manager)
    page = client.get(url_of(programme)).content.decode()
    assert "<title>Budget for each financial year" in page
    assert 'name="year_2027" type="text" value=""' in page
    assert 'name="year_2028" type="text" value="1,250,000.50"' in page
    # A year outside the programme's dates that has a budget is shown, so it can be removed.
    assert 'name="year_2031" type="text" value="10"' in page
    assert 'name="year_2029"' not in page
    assert 'for="id_year_2027">2027-28 (April 2027 to March 2028)</label>' in page


def test_saving_the_page_sets_and_removes_budgets(client, manager, programme):
    YearBudget.objects.create(programme=programme, financial_year=2027, budget_pence=10_00)
    sign_in(client, manager)
    response = client.post(url_of(programme), {"year_2027": "", "year_2028": "£1,500,000"})
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:detail", args=[programme.pk])
    assert budgets_of(programme) == {2028: 1_500_000_00}
    assert AuditEvent.objects.filter(action="programme.year_budgets_set").count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "The budgets for each financial year have been saved" in detail
    assert "2028-29: £1,500,000" in detail


def test_a_year_left_off_the_form_keeps_its_budget(client, manager, programme):
    YearBudget.objects.create(programme=programme, financial_year=2027, budget_pence=10_00)
    sign_in(client, manager)
    client.post(url_of(programme), {"year_2028": "5"})
    assert budgets_of(programme) == {2027: 10_00, 2028: 5_00}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "The budget for 2028-29 cannot be negative"),
        ("lots", "Enter the budget for 2028-29 as an amount in pounds and pence"),
        (
            "20,000,000.01",
            "The budget for 2028-29 must be no more than the programme’s total budget",
        ),
    ],
)
def test_a_refused_budget_is_shown_at_its_field_with_what_was_typed(
    client, manager, programme, typed, message
):
    sign_in(client, manager)
    response = client.post(url_of(programme), {"year_2027": "1,000", "year_2028": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert 'href="#id_year_2028"' in page
    assert message in page.replace("&#x27;", "’").replace("'", "’")
    assert f'name="year_2028" type="text" value="{typed}"' in page
    assert 'name="year_2027" type="text" value="1,000"' in page
    assert budgets_of(programme) == {}


def test_a_budget_below_the_awards_is_shown_at_its_field(client, manager, programme, funding_round):
    approve(manager, eligible_bid(funding_round, 100_000_00), 100_000_00, {FIRST_YEAR: 100_000_00})
    sign_in(client, manager)
    page = client.get(url_of(programme)).content.decode()
    assert "£100,000 already committed for this year (approved or awarded)" in page
    page = client.post(url_of(programme), {"year_2027": "90,000"}).content.decode()
    assert 'href="#id_year_2027"' in page
    assert (
        "£100,000 is already committed for 2027-28 (approved or awarded), so its budget "
        "must be at least £100,000" in page
    )
    assert 'name="year_2027" type="text" value="90,000"' in page


def test_a_programme_with_no_known_years_says_so_and_offers_nothing(client):
    programme = ProgrammeFactory(starts_on=None, ends_on=None)
    manager = ProgrammeRoleFactory(programme=programme).user
    sign_in(client, manager)
    page = client.get(url_of(programme)).content.decode()
    assert "There are no financial years to set budgets for yet" in page
    assert 'name="year_' not in page
    assert "Save budgets" not in page
    assert client.post(url_of(programme), {"year_2027": "5"}).status_code == 200
    assert budgets_of(programme) == {}


def test_anyone_but_the_programmes_managers_gets_404(client, programme):
    another = ProgrammeFactory(slug="another-programme", name="Another")
    outsiders = [
        UserFactory(),
        ProgrammeRoleFactory(programme=another).user,
        ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.ASSESSOR).user,
        ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.FINANCE_OFFICER).user,
    ]
    for person in outsiders:
        sign_in(client, person)
        assert client.get(url_of(programme)).status_code == 404, person
        assert client.post(url_of(programme), {"year_2027": "5"}).status_code == 404, person
    assert budgets_of(programme) == {}


def test_someone_not_signed_in_is_sent_to_sign_in(client, programme):
    response = client.get(url_of(programme))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_the_programme_page_and_the_budget_overview_link_here(client, manager, programme):
    sign_in(client, manager)
    for page_url in [
        reverse("programmes:detail", args=[programme.pk]),
        reverse("assessment:budget", args=[programme.pk]),
    ]:
        assert f'href="{url_of(programme)}"' in client.get(page_url).content.decode(), page_url


def test_a_finance_officer_sees_the_overview_without_a_link_they_could_not_follow(
    client, programme
):
    officer = ProgrammeRoleFactory(
        programme=programme, role=ProgrammeRole.Role.FINANCE_OFFICER
    ).user
    sign_in(client, officer)
    response = client.get(reverse("assessment:budget", args=[programme.pk]))
    assert response.status_code == 200
    assert "Set the budget for each financial year" not in response.content.decode()


def test_budgets_typed_after_the_session_ended_are_shown_back_after_signing_in(
    client, manager, programme
):
    response = client.post(url_of(programme), {f"year_{FIRST_YEAR}": "123,456"})
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(client, manager)  # keeps the session, as signing in by link does
    page = client.get(url_of(programme)).content.decode()
    assert 'value="123,456"' in page
    assert not YearBudget.objects.exists()
