"""The decision page and the budget overview, from the outside: who sees them, what they say."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.applications.models import BudgetLine, CostHeading
from innovation_fund.assessment.models import AwardBatch, BatchDecision, Decision
from innovation_fund.assessment.services.decisions import record_decision
from innovation_fund.grants.models import Grant
from innovation_fund.programmes.models import ProgrammeRole, YearBudget
from tests.applications.builders import officer_of
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    manager_of,
    moderator_of,
    person_with_role,
    scored,
    submitted_bid,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import sign_in, tables_outside_scroll_regions, way_back_links

pytestmark = pytest.mark.django_db

Outcome = Decision.Outcome
FIRST_YEAR = 2027


@pytest.fixture
def funding_round():
    return assessed_round(budget_pence=1_000_000_00, name="Round 2")


@pytest.fixture
def manager(funding_round):
    return manager_of(funding_round)


@pytest.fixture
def bid(funding_round, manager):
    bid = submitted_bid(funding_round, amount_pence=60_000_00)
    BudgetLine.objects.create(
        application=bid,
        financial_year=FIRST_YEAR + 1,
        cost_heading=CostHeading.STAFF,
        amount_pence=40_000_00,
    )
    eligible(bid, by=manager)
    return bid


def decision_url(bid):
    return reverse("assessment:decision", args=[bid.reference])


def budget_url(programme):
    return reverse("assessment:budget", args=[programme.pk])


def approval(**changes):
    data = {
        "outcome": "approve",
        "award": "100,000",
        f"year_{FIRST_YEAR}": "60,000",
        f"year_{FIRST_YEAR + 1}": "40,000",
        "conditions": "Quarterly reports",
        "reasons": "Strong evidence of need",
    }
    data.update(changes)
    return data


# --- who may see the pages --------------------------------------------------------------------


def other_programmes_manager(funding_round):
    return manager_of(assessed_round(programme__slug="another-programme"))


@pytest.mark.parametrize(
    "make_person",
    [
        assessor_of,
        moderator_of,
        other_programmes_manager,
        lambda funding_round: UserFactory(),
    ],
    ids=["assessor", "moderator", "another programme's manager", "no role"],
)
def test_only_the_programmes_managers_open_the_decision_page(
    client, funding_round, bid, make_person
):
    sign_in(client, make_person(funding_round))
    assert client.get(decision_url(bid)).status_code == 404
    assert client.post(decision_url(bid), approval()).status_code == 404
    assert not Decision.objects.exists()


def test_the_applicant_cannot_open_the_decision_page(client, bid):
    sign_in(client, officer_of(bid))
    assert client.get(decision_url(bid)).status_code == 404


def test_signed_out_people_are_asked_to_sign_in(client, bid, funding_round):
    assert client.get(decision_url(bid)).status_code == 302
    assert client.get(budget_url(funding_round.programme)).status_code == 302


@pytest.mark.parametrize(
    "make_person",
    [assessor_of, moderator_of, other_programmes_manager, lambda funding_round: UserFactory()],
    ids=["assessor", "moderator", "another programme's manager", "no role"],
)
def test_only_managers_and_finance_officers_see_the_budget(client, funding_round, make_person):
    sign_in(client, make_person(funding_round))
    assert client.get(budget_url(funding_round.programme)).status_code == 404


def test_the_applicant_cannot_see_the_budget(client, bid, funding_round):
    sign_in(client, officer_of(bid))
    assert client.get(budget_url(funding_round.programme)).status_code == 404


def test_a_finance_officer_sees_the_budget(client, funding_round):
    officer = person_with_role(funding_round, ProgrammeRole.Role.FINANCE_OFFICER)
    sign_in(client, officer)
    assert client.get(budget_url(funding_round.programme)).status_code == 200
    # ...but does not decide.
    bid = submitted_bid(funding_round)
    assert client.get(decision_url(bid)).status_code == 404


def test_the_budget_page_leads_back_for_each_who_may_see_it(client, funding_round, manager):
    programme = funding_round.programme
    page = sign_in(client, manager).get(budget_url(programme)).content.decode()
    assert way_back_links(page) == [
        reverse("programmes:list"),
        reverse("programmes:detail", args=[programme.pk]),
    ]
    officer = person_with_role(funding_round, ProgrammeRole.Role.FINANCE_OFFICER)
    page = sign_in(client, officer).get(budget_url(programme)).content.decode()
    assert way_back_links(page) == [reverse("accounts:home")]


def test_the_budget_tables_scroll_in_their_own_region(client, funding_round, manager):
    page = sign_in(client, manager).get(budget_url(funding_round.programme)).content.decode()
    assert "<table" in page
    assert tables_outside_scroll_regions(page) == []


# --- the decision page ------------------------------------------------------------------------


def test_the_page_shows_the_bid_the_money_left_and_the_form(client, funding_round, manager, bid):
    Grant.objects.create(
        round=funding_round, recipient=OrganisationFactory(), amount_pence=300_000_00
    )
    sign_in(client, manager)
    response = client.get(decision_url(bid))
    assert response.status_code == 200
    page = response.content.decode()
    assert bid.lead_organisation.name in page
    assert "£100,000" in page  # asked
    assert "2027-28" in page and "2028-29" in page
    assert "Eligible" in page
    assert "£700,000" in page  # left in the round
    # The approval's boxes always show, in their own fieldset: no reveal on the radios.
    assert "If you approve" in page
    assert "conditional-approve" not in page
    assert "aria-allowed-attr" not in page  # the template's comment stays a comment
    assert 'name="award" type="text" value="100,000"' in page
    assert f'name="year_{FIRST_YEAR}" type="text" value="60,000"' in page
    assert f'name="year_{FIRST_YEAR + 1}" type="text" value="40,000"' in page
    assert "shown to the applicant" in page


def test_the_page_leads_back_to_the_rounds_assessment_and_its_table_scrolls_in_a_box(
    client, funding_round, manager, bid
):
    page = sign_in(client, manager).get(decision_url(bid)).content.decode()
    assert way_back_links(page) == [
        reverse("programmes:list"),
        reverse("programmes:detail", args=[funding_round.programme_id]),
        reverse("programmes:round_detail", args=[funding_round.pk]),
        reverse("assessment:round", args=[funding_round.pk]),
    ]
    assert tables_outside_scroll_regions(page) == []


def test_a_manager_approves_and_sees_it_on_record(client, manager, bid):
    sign_in(client, manager)
    response = client.post(decision_url(bid), approval())
    assert response.status_code == 302
    assert response.url == decision_url(bid)
    decision = Decision.objects.get(application=bid)
    assert decision.award_pence == 100_000_00
    assert decision.conditions == "Quarterly reports"
    assert dict(decision.years.values_list("financial_year", "amount_pence")) == {
        FIRST_YEAR: 60_000_00,
        FIRST_YEAR + 1: 40_000_00,
    }
    page = client.get(decision_url(bid)).content.decode()
    assert f"{bid.reference} approved with an award of £100,000" in page
    assert "Quarterly reports" in page
    assert "Strong evidence of need" in page
    assert manager.display_name in page
    assert "Record a new decision" in page


def test_a_rejection_ignores_the_award_boxes(client, manager, bid):
    sign_in(client, manager)
    response = client.post(
        decision_url(bid),
        approval(outcome="reject", award="lots", conditions="x", reasons="Not enough evidence"),
    )
    assert response.status_code == 302
    decision = Decision.objects.get(application=bid)
    assert (decision.outcome, decision.award_pence, decision.conditions) == ("reject", None, "")


def test_a_superseded_decision_is_marked_and_kept(client, manager, bid):
    record_decision(manager, bid, outcome=Outcome.DEFER, reasons="Come back next month")
    sign_in(client, manager)
    client.post(decision_url(bid), approval())
    page = client.get(decision_url(bid)).content.decode()
    assert "Superseded" in page
    assert "Come back next month" in page
    assert "Current" in page


def test_missing_answers_show_errors_and_keep_what_was_typed(client, manager, bid):
    sign_in(client, manager)
    response = client.post(
        decision_url(bid), approval(award="", reasons="", conditions="Keep this")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert "Enter the amount to award" in page
    assert "Enter the reasons for the decision" in page
    assert 'href="#id_award"' in page
    assert "Keep this" in page
    assert f'name="year_{FIRST_YEAR}" type="text" value="60,000"' in page
    assert not Decision.objects.exists()


def test_no_outcome_chosen_is_an_error_at_the_radios(client, manager, bid):
    sign_in(client, manager)
    response = client.post(decision_url(bid), approval(outcome=""))
    page = response.content.decode()
    assert "Select whether to approve, reject or defer the bid" in page
    assert 'href="#id_outcome"' in page


def test_years_not_adding_up_are_shown_at_the_first_year(client, manager, bid):
    sign_in(client, manager)
    response = client.post(decision_url(bid), approval(**{f"year_{FIRST_YEAR}": "50,000"}))
    page = response.content.decode()
    assert "add up to £90,000, but the award is £100,000" in page
    assert f'href="#id_year_{FIRST_YEAR}"' in page
    assert 'value="50,000"' in page


def test_an_award_over_the_envelope_is_refused_at_the_award_with_the_amount_left(
    client, funding_round, manager, bid
):
    Grant.objects.create(
        round=funding_round, recipient=OrganisationFactory(), amount_pence=950_000_00
    )
    sign_in(client, manager)
    response = client.post(decision_url(bid), approval())
    assert response.status_code == 200
    page = response.content.decode()
    message = (
        "This award of £100,000 would take Round 2 over its envelope of £1,000,000: "
        "£50,000 is left."
    )
    assert page.count(message) == 2  # in the summary and at the field
    assert 'href="#id_award"' in page
    assert 'id="id_award-error"' in page
    assert "Strong evidence of need" in page
    assert not Decision.objects.exists()


def test_a_year_over_its_budget_is_refused_with_the_amount_left(
    client, funding_round, manager, bid
):
    YearBudget.objects.create(
        programme=funding_round.programme, financial_year=FIRST_YEAR + 1, budget_pence=30_000_00
    )
    sign_in(client, manager)
    page = client.post(decision_url(bid), approval()).content.decode()
    assert "over its budget for 2028-29 of £30,000: £30,000 is left." in page


def test_an_unchecked_bid_has_no_form(client, funding_round, manager):
    bid = submitted_bid(funding_round)
    sign_in(client, manager)
    page = client.get(decision_url(bid)).content.decode()
    assert "only be recorded on a bid checked as eligible" in page
    assert "Record the decision" not in page


def test_an_announced_decision_has_no_form(client, funding_round, manager, bid):
    decision = record_decision(
        manager,
        bid,
        outcome=Outcome.APPROVE,
        reasons="Good",
        award_pence=100_000_00,
        years={FIRST_YEAR: 60_000_00, FIRST_YEAR + 1: 40_000_00},
    )
    batch = AwardBatch.objects.create(
        round=funding_round,
        title="First awards",
        announced_on="2027-03-01",
        text="Announced",
        announced_by=manager,
    )
    BatchDecision.objects.create(batch=batch, decision=decision)
    sign_in(client, manager)
    page = client.get(decision_url(bid)).content.decode()
    assert "variations, which are not built yet" in page
    assert 'name="outcome"' not in page
    response = client.post(decision_url(bid), approval(outcome="reject"))
    assert "variations, which are not built yet" in response.content.decode()
    assert Decision.objects.filter(application=bid).count() == 1


# --- the budget page --------------------------------------------------------------------------


def test_the_budget_page_shows_the_programme_rounds_and_years(client, funding_round, manager):
    programme = funding_round.programme
    programme.budget_pence = 5_000_000_00
    programme.save()
    earlier = assessed_round(programme=programme, budget_pence=None, name="Round 1")
    Grant.objects.create(round=earlier, recipient=OrganisationFactory(), amount_pence=250_000_00)
    Grant.objects.create(round=earlier, recipient=OrganisationFactory(), amount_pence=None)
    YearBudget.objects.create(
        programme=programme, financial_year=FIRST_YEAR, budget_pence=800_000_00
    )
    bid = submitted_bid(funding_round, amount_pence=100_000_00)
    eligible(bid, by=manager)
    record_decision(
        manager,
        bid,
        outcome=Outcome.APPROVE,
        reasons="Good",
        award_pence=100_000_00,
        years={FIRST_YEAR: 100_000_00},
    )
    sign_in(client, manager)
    response = client.get(budget_url(programme))
    assert response.status_code == 200
    page = response.content.decode()
    for caption in ("The programme", "Each round", "Each financial year"):
        assert caption in page
    assert 'scope="row"' in page and 'scope="col"' in page
    assert "computed from the records" in page
    assert "£5,000,000" in page
    assert "At most £4,650,000" in page  # the programme: one grant's amount is not known
    assert "£350,000 and 1 not known" in page
    assert "Not set" in page  # Round 1 has no envelope
    assert "Not known" in page  # ...so what is left in it is not known
    assert "£900,000" in page  # left in Round 2
    assert "2027-28" in page
    assert "£700,000" in page  # left in 2027-28
    assert "1 grant made before this service has no published amount" in page


# --- query counts -----------------------------------------------------------------------------


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_decision_page_makes_a_fixed_number_of_queries(client, funding_round, manager):
    counts = []
    for size in (1, 6):
        bid = submitted_bid(funding_round, amount_pence=10_000_00)
        eligible(bid, by=manager)
        for year in range(1, size):
            BudgetLine.objects.create(
                application=bid,
                financial_year=FIRST_YEAR + year,
                cost_heading=CostHeading.STAFF,
                amount_pence=1_000_00,
            )
        for index in range(size):
            asked = 10_000_00 + 1_000_00 * (size - 1)
            record_decision(
                manager,
                bid,
                outcome=Outcome.APPROVE if index % 2 == 0 else Outcome.DEFER,
                reasons=f"Reason {index}",
                **({"award_pence": asked, "years": {FIRST_YEAR: asked}} if index % 2 == 0 else {}),
            )
            Grant.objects.create(
                round=funding_round, recipient=OrganisationFactory(), amount_pence=None
            )
        sign_in(client, manager)
        counts.append(queries_for(client, decision_url(bid)))
    assert counts[0] == counts[1]


def test_the_budget_page_makes_a_fixed_number_of_queries(client, funding_round, manager):
    programme = funding_round.programme
    counts = []
    for size in (1, 6):
        for index in range(size):
            extra = assessed_round(programme=programme, budget_pence=1_000_000_00)
            Grant.objects.create(
                round=extra,
                recipient=OrganisationFactory(),
                amount_pence=None if index % 2 else 1_000_00,
            )
            YearBudget.objects.get_or_create(
                programme=programme,
                financial_year=FIRST_YEAR + index,
                defaults={"budget_pence": 1_000_000_00},
            )
            bid = submitted_bid(funding_round, amount_pence=1_000_00)
            eligible(bid, by=manager)
            record_decision(
                manager,
                bid,
                outcome=Outcome.APPROVE,
                reasons="Good",
                award_pence=1_000_00,
                years={FIRST_YEAR: 1_000_00},
            )
        sign_in(client, manager)
        counts.append(queries_for(client, budget_url(programme)))
    assert counts[0] == counts[1]


def test_the_error_summary_follows_the_order_of_the_page(client, manager, bid):
    sign_in(client, manager)
    page = client.post(
        decision_url(bid), approval(**{f"year_{FIRST_YEAR}": "1,00,0"}, reasons="")
    ).content.decode()
    start = page.index("There is a problem")
    summary = page[start : page.index("</ul>", start)]
    assert summary.index(f"#id_year_{FIRST_YEAR}") < summary.index("#id_reasons")
    assert 'value="1,00,0"' in page


def test_the_panel_sees_the_bids_final_score_beside_the_decision(client, manager, bid):
    sign_in(client, manager)
    first, second = assessor_of(bid.round), assessor_of(bid.round)
    scored(assigned(bid, first), [3, 2])  # weights 60/40 on 0-4: 65.0
    waiting = client.get(decision_url(bid)).content.decode()
    assert "Final score" in waiting and "65.0" in waiting
    scored(assigned(bid, second), [1, 2], submitted=False)
    in_progress = client.get(decision_url(bid)).content.decode()
    assert "Not yet scored: 1 of 2 assessors have submitted" in in_progress
    assert "65.0" not in in_progress
