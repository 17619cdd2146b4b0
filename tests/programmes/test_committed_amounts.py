"""A round's envelope, a financial year's budget and the programme's total can never be set
below what is already committed (approved, announced or not, plus grants from the sources);
the refusal says how much is committed, at the field."""

import pytest

from innovation_fund.assessment.models import Decision
from innovation_fund.assessment.services.decisions import record_decision
from innovation_fund.core.errors import DomainError
from innovation_fund.grants.models import Grant
from innovation_fund.programmes.commitments import committed_to
from innovation_fund.programmes.services import programmes as programme_services
from innovation_fund.programmes.services import rounds as round_services
from innovation_fund.programmes.services import year_budgets as year_budget_services
from tests.assessment.builders import assessed_round, eligible, manager_of, submitted_bid
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

FIRST_YEAR = 2027


@pytest.fixture
def committed_round():
    """A round with £300,000 approved (in 2027-28) and a £50,000 grant from the sources."""
    funding_round = assessed_round(budget_pence=1_000_000_00)
    funding_round.programme.budget_pence = 10_000_000_00
    funding_round.programme.save()
    manager = manager_of(funding_round)
    bid = submitted_bid(funding_round, amount_pence=300_000_00)
    eligible(bid, by=manager)
    record_decision(
        manager,
        bid,
        outcome=Decision.Outcome.APPROVE,
        reasons="Strong",
        award_pence=300_000_00,
        years={FIRST_YEAR: 300_000_00},
    )
    Grant.objects.create(
        round=funding_round, recipient=OrganisationFactory(), amount_pence=50_000_00
    )
    return funding_round, manager


def refusal(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as raised:
        call(*args, **kwargs)
    errors = getattr(raised.value, "errors", [raised.value])
    return next(error for error in errors if error.field in {"budget_pence", "year_2027"})


def test_the_commitments_are_the_budget_pages_sums(committed_round):
    funding_round, _ = committed_round
    committed = committed_to(funding_round.programme)
    assert committed.total_pence == 350_000_00
    assert committed.round(funding_round.pk) == 350_000_00
    assert committed.year(FIRST_YEAR) == 300_000_00


def test_an_envelope_below_what_the_round_has_committed_is_refused(committed_round):
    funding_round, manager = committed_round
    error = refusal(
        round_services.update_round,
        manager,
        funding_round,
        {"budget_pence": 349_999_99, "maximum_bid_pence": 100_000_00},
        expected_version=funding_round.version,
    )
    assert error.message == (
        "£350,000 is already committed in this round (approved or awarded), so its budget "
        "envelope must be at least £350,000"
    )
    updated = round_services.update_round(
        manager,
        funding_round,
        {"budget_pence": 350_000_00, "maximum_bid_pence": 100_000_00},
        expected_version=funding_round.version,
    )
    assert updated.budget_pence == 350_000_00


def test_a_programme_total_below_what_is_committed_is_refused(committed_round):
    funding_round, manager = committed_round
    programme = funding_round.programme
    # Its envelopes are lowered first, so only the commitment stands in the way.
    round_services.update_round(
        manager,
        funding_round,
        {"budget_pence": 350_000_00, "maximum_bid_pence": 100_000_00},
        expected_version=funding_round.version,
    )
    error = refusal(
        programme_services.update_programme, manager, programme, {"budget_pence": 349_999_99}
    )
    assert error.message == (
        "£350,000 is already committed (approved or awarded), so the total budget must be at "
        "least £350,000"
    )
    programme_services.update_programme(manager, programme, {"budget_pence": 350_000_00})
    programme.refresh_from_db()
    assert programme.budget_pence == 350_000_00


def test_a_year_budget_below_what_the_year_has_committed_is_refused(committed_round):
    funding_round, manager = committed_round
    error = refusal(
        year_budget_services.set_year_budgets,
        manager,
        funding_round.programme,
        {FIRST_YEAR: 299_999_99},
    )
    assert "£300,000 is already committed for 2027-28" in error.message
    year_budget_services.set_year_budgets(
        manager, funding_round.programme, {FIRST_YEAR: 300_000_00}
    )
