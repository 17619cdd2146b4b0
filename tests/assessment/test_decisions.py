"""The panel's decisions: who may record them, what an award must be, and the budget's limits."""

import pytest

from innovation_fund.applications.models import BudgetLine, CostHeading
from innovation_fund.assessment.budget import BudgetExceeded
from innovation_fund.assessment.models import (
    AwardBatch,
    BatchDecision,
    Decision,
    DecisionYear,
    EligibilityCheck,
    ImmutableRecord,
)
from innovation_fund.assessment.services.decisions import record_decision
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Grant
from innovation_fund.programmes.models import YearBudget
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    eligible,
    manager_of,
    moderator_of,
    submitted_bid,
)
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

Outcome = Decision.Outcome
FIRST_YEAR = 2027  # OpenRoundFactory's funding starts in April 2027


@pytest.fixture
def funding_round():
    return assessed_round(budget_pence=1_000_000_00, name="Round 2")


@pytest.fixture
def manager(funding_round):
    return manager_of(funding_round)


def eligible_bid(funding_round, amount_pence=100_000_00, second_year_pence=None):
    bid = submitted_bid(funding_round, amount_pence=amount_pence)
    if second_year_pence is not None:
        BudgetLine.objects.create(
            application=bid,
            financial_year=FIRST_YEAR + 1,
            cost_heading=CostHeading.STAFF,
            amount_pence=second_year_pence,
        )
    eligible(bid)
    return bid


def approve(user, bid, award_pence, years=None, **kwargs):
    return record_decision(
        user,
        bid,
        outcome=Outcome.APPROVE,
        reasons="Strong bid",
        award_pence=award_pence,
        years=years if years is not None else {FIRST_YEAR: award_pence},
        **kwargs,
    )


def historic_grant(funding_round, amount_pence):
    return Grant.objects.create(
        round=funding_round, recipient=OrganisationFactory(), amount_pence=amount_pence
    )


# --- recording a decision ---------------------------------------------------------------------


def test_an_approval_records_the_award_its_years_and_an_audit_event(funding_round, manager):
    bid = eligible_bid(funding_round, amount_pence=60_000_00, second_year_pence=40_000_00)
    decision = approve(
        manager,
        bid,
        90_000_00,
        years={FIRST_YEAR: 50_000_00, FIRST_YEAR + 1: 40_000_00},
        conditions="Report quarterly",
    )
    assert decision.outcome == Outcome.APPROVE
    assert decision.award_pence == 90_000_00
    assert decision.conditions == "Report quarterly"
    assert decision.decided_by == manager
    assert list(decision.years.values_list("financial_year", "amount_pence")) == [
        (FIRST_YEAR, 50_000_00),
        (FIRST_YEAR + 1, 40_000_00),
    ]
    event = AuditEvent.objects.get(action="assessment.decided")
    assert event.after["outcome"] == "approve"
    assert event.after["award_pence"] == 90_000_00
    assert event.after["years"] == {str(FIRST_YEAR): 50_000_00, str(FIRST_YEAR + 1): 40_000_00}
    assert event.after["reasons"] == "Strong bid"


@pytest.mark.parametrize("outcome", [Outcome.REJECT, Outcome.DEFER])
def test_a_rejection_or_deferral_has_no_award(funding_round, manager, outcome):
    bid = eligible_bid(funding_round)
    decision = record_decision(manager, bid, outcome=outcome, reasons="Weak evidence")
    assert decision.award_pence is None
    assert not decision.years.exists()
    with pytest.raises(DomainError) as refused:
        record_decision(manager, bid, outcome=outcome, reasons="Why", award_pence=5_00)
    assert refused.value.field == "award"


@pytest.mark.parametrize("make_person", [assessor_of, moderator_of])
def test_only_the_programmes_managers_decide(funding_round, make_person):
    bid = eligible_bid(funding_round)
    with pytest.raises(Refused):
        record_decision(make_person(funding_round), bid, outcome=Outcome.REJECT, reasons="No")
    other_round = assessed_round(programme__slug="another-programme")
    with pytest.raises(Refused):
        record_decision(manager_of(other_round), bid, outcome=Outcome.REJECT, reasons="No")
    with pytest.raises(Refused):
        record_decision(UserFactory(), bid, outcome=Outcome.REJECT, reasons="No")
    assert not Decision.objects.exists()


def test_reasons_are_needed_for_every_outcome(funding_round, manager):
    bid = eligible_bid(funding_round)
    for outcome in Outcome.values:
        with pytest.raises(DomainError) as refused:
            record_decision(manager, bid, outcome=outcome, reasons="  ", award_pence=None)
        assert refused.value.field == "reasons"


def test_an_unknown_outcome_is_refused(funding_round, manager):
    with pytest.raises(DomainError) as refused:
        record_decision(manager, eligible_bid(funding_round), outcome="maybe", reasons="Hm")
    assert refused.value.field == "outcome"


def test_only_submitted_eligible_bids_are_decided(funding_round, manager):
    unchecked = submitted_bid(funding_round)
    with pytest.raises(DomainError, match="checked as eligible"):
        record_decision(manager, unchecked, outcome=Outcome.REJECT, reasons="No")
    ineligible = submitted_bid(funding_round)
    EligibilityCheck.objects.create(application=ineligible, is_eligible=False, checked_by=manager)
    with pytest.raises(DomainError, match="checked as eligible"):
        record_decision(manager, ineligible, outcome=Outcome.REJECT, reasons="No")
    withdrawn = eligible_bid(funding_round)
    withdrawn.state = withdrawn.State.WITHDRAWN
    withdrawn.save()
    with pytest.raises(DomainError, match="submitted"):
        record_decision(manager, withdrawn, outcome=Outcome.REJECT, reasons="No")


# --- the award --------------------------------------------------------------------------------


def test_an_award_above_the_amount_asked_is_refused(funding_round, manager):
    bid = eligible_bid(funding_round, amount_pence=100_000_00)
    with pytest.raises(DomainError) as refused:
        approve(manager, bid, 100_000_01)
    assert refused.value.field == "award"
    assert "at most the amount asked, £100,000" in refused.value.message
    assert approve(manager, bid, 100_000_00).award_pence == 100_000_00


@pytest.mark.parametrize("award", [None, 0])
def test_an_approval_needs_an_award_above_nothing(funding_round, manager, award):
    with pytest.raises(DomainError) as refused:
        approve(manager, eligible_bid(funding_round), award, years={})
    assert refused.value.field == "award"


def test_years_must_add_up_to_the_award_exactly(funding_round, manager):
    bid = eligible_bid(funding_round, amount_pence=60_000_00, second_year_pence=40_000_00)
    with pytest.raises(DomainError) as refused:
        approve(manager, bid, 90_000_00, years={FIRST_YEAR: 50_000_00, FIRST_YEAR + 1: 39_999_99})
    assert refused.value.field == f"year_{FIRST_YEAR}"
    assert "add up to £89,999.99, but the award is £90,000" in refused.value.message
    assert not Decision.objects.exists()


def test_years_must_be_the_bids_own_and_not_negative(funding_round, manager):
    bid = eligible_bid(funding_round)
    with pytest.raises(DomainError, match="asks for nothing in 2030-31"):
        approve(manager, bid, 50_000_00, years={FIRST_YEAR: 40_000_00, 2030: 10_000_00})
    with pytest.raises(DomainError) as refused:
        approve(manager, bid, 50_000_00, years={FIRST_YEAR: -1})
    assert refused.value.field == f"year_{FIRST_YEAR}"


# --- decisions are never changed, only superseded ----------------------------------------------


def test_a_decision_cannot_be_changed_or_deleted(funding_round, manager):
    decision = approve(manager, eligible_bid(funding_round), 10_000_00)
    decision.reasons = "Changed"
    with pytest.raises(ImmutableRecord):
        decision.save()
    with pytest.raises(ImmutableRecord):
        decision.delete()
    decision.refresh_from_db()
    assert decision.reasons == "Strong bid"


def test_a_new_decision_supersedes_and_keeps_the_old_one(funding_round, manager):
    bid = eligible_bid(funding_round)
    deferred = record_decision(manager, bid, outcome=Outcome.DEFER, reasons="Need more")
    approved = approve(manager, bid, 80_000_00)
    assert approved.supersedes == deferred
    assert list(Decision.objects.filter(application=bid)) == [deferred, approved]
    assert list(Decision.objects.current().filter(application=bid)) == [approved]
    event = AuditEvent.objects.filter(action="assessment.decided").first()  # newest first
    assert event.before["decision"] == deferred.pk
    assert event.after["supersedes"] == deferred.pk


def test_superseding_an_approval_frees_its_money(funding_round, manager):
    funding_round.budget_pence = 100_000_00
    funding_round.save()
    bid = eligible_bid(funding_round)
    approve(manager, bid, 100_000_00)
    # A re-approval of the same bid replaces its award, so it is not counted twice.
    assert approve(manager, bid, 90_000_00).award_pence == 90_000_00
    record_decision(manager, bid, outcome=Outcome.REJECT, reasons="Changed our minds")
    assert approve(manager, eligible_bid(funding_round), 100_000_00)


def test_an_announced_decision_cannot_be_superseded(funding_round, manager):
    bid = eligible_bid(funding_round)
    decision = approve(manager, bid, 50_000_00)
    batch = AwardBatch.objects.create(
        round=funding_round,
        title="First awards",
        announced_on="2027-03-01",
        text="Announced",
        announced_by=manager,
    )
    BatchDecision.objects.create(batch=batch, decision=decision)
    with pytest.raises(DomainError) as refused:
        record_decision(manager, bid, outcome=Outcome.REJECT, reasons="Too late")
    assert "variations, which are not built yet" in refused.value.message
    assert list(Decision.objects.filter(application=bid)) == [decision]


# --- the budget -------------------------------------------------------------------------------


def test_an_award_over_the_rounds_envelope_says_how_much_is_left(funding_round, manager):
    historic_grant(funding_round, 300_000_00)
    historic_grant(funding_round, None)  # not known: neither counted as zero nor guessed
    approve(manager, eligible_bid(funding_round, amount_pence=300_000_00), 300_000_00)
    bid = eligible_bid(funding_round, amount_pence=600_000_00)
    with pytest.raises(BudgetExceeded) as refused:
        approve(manager, bid, 600_000_00)
    assert refused.value.field == "award"
    assert refused.value.left_pence == 400_000_00
    assert refused.value.message == (
        "This award of £600,000 would take Round 2 over its envelope of £1,000,000: "
        "£400,000 is left."
    )
    assert Decision.objects.filter(application=bid).count() == 0


def test_exactly_the_envelope_is_accepted_and_a_penny_more_refused(funding_round, manager):
    funding_round.budget_pence = 200_000_00
    funding_round.save()
    approve(manager, eligible_bid(funding_round), 100_000_00)
    with pytest.raises(BudgetExceeded) as refused:
        approve(
            manager,
            eligible_bid(funding_round, amount_pence=200_000_00),
            100_000_01,
            years={FIRST_YEAR: 100_000_01},
        )
    assert refused.value.left_pence == 100_000_00
    assert "£100,000 is left" in refused.value.message
    assert approve(manager, eligible_bid(funding_round), 100_000_00)


def test_a_round_without_an_envelope_cannot_approve(funding_round, manager):
    funding_round.budget_pence = None
    funding_round.save()
    with pytest.raises(DomainError, match="Set Round 2's envelope before approving awards"):
        approve(manager, eligible_bid(funding_round), 10_000_00)


def test_the_programmes_rounds_together_stay_within_its_total(funding_round, manager):
    programme = funding_round.programme
    programme.budget_pence = 250_000_00
    programme.save()
    earlier = assessed_round(programme=programme, budget_pence=1_000_000_00)
    historic_grant(earlier, 150_000_00)
    approve(manager, eligible_bid(funding_round), 50_000_00)
    with pytest.raises(BudgetExceeded) as refused:
        approve(manager, eligible_bid(funding_round), 50_000_01, years={FIRST_YEAR: 50_000_01})
    assert refused.value.left_pence == 50_000_00
    assert refused.value.message == (
        f"This award of £50,000.01 would take {programme.name} over its total budget of "
        "£250,000: £50,000 is left."
    )
    assert approve(manager, eligible_bid(funding_round), 50_000_00)


def test_each_financial_years_budget_holds(funding_round, manager):
    YearBudget.objects.create(
        programme=funding_round.programme, financial_year=FIRST_YEAR + 1, budget_pence=70_000_00
    )
    approve(
        manager,
        eligible_bid(funding_round, amount_pence=50_000_00, second_year_pence=50_000_00),
        100_000_00,
        years={FIRST_YEAR: 50_000_00, FIRST_YEAR + 1: 50_000_00},
    )
    bid = eligible_bid(funding_round, amount_pence=50_000_00, second_year_pence=50_000_00)
    with pytest.raises(BudgetExceeded) as refused:
        approve(manager, bid, 70_000_01, years={FIRST_YEAR: 50_000_00, FIRST_YEAR + 1: 20_000_01})
    assert refused.value.left_pence == 20_000_00
    assert refused.value.message == (
        "This award's £20,000.01 in 2028-29 would take the programme over its budget for "
        "2028-29 of £70,000: £20,000 is left."
    )
    # The year without a budget takes the rest.
    decision = approve(
        manager, bid, 70_000_00, years={FIRST_YEAR: 50_000_00, FIRST_YEAR + 1: 20_000_00}
    )
    assert DecisionYear.objects.filter(decision=decision).count() == 2
