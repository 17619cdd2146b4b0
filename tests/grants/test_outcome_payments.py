"""Payment by results at the service level: setting a grant's outcome payment terms, and
verifying claims so that what is due never passes a term's cap nor the grant's outcome budget."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Instalment, MonitoringReturn, OutcomeClaim
from innovation_fund.grants.services.outcome_payments import (
    DueSum,
    add_outcome_term,
    due_sum,
    outcome_budget_pence,
    remove_outcome_term,
    verify_claim,
)
from tests.factories import OutcomeFactory, ProgrammeFactory
from tests.grants.builders import offered_grant
from tests.grants.outcome_builders import (
    OUTCOME_BUDGET,
    a_return,
    accepted,
    claim_on,
    outcome_of,
    pbr_grant,
    schedule,
    term_on,
)

pytestmark = pytest.mark.django_db


def fields_of(error: DomainError) -> set:
    return {each.field for each in getattr(error, "errors", [error])}


# --- Terms ---------------------------------------------------------------------------------------


def add(cast, **overrides):
    values = {
        "outcome": outcome_of(cast),
        "price_per_unit_pence": 1_500_00,
        "cap_pence": 10_000_00,
        "evidence_required": "Case records for each child",
    }
    values.update(overrides)
    return add_outcome_term(cast.manager, cast.grant, **values)


def test_a_manager_adds_an_outcome_payment_and_it_is_audited():
    cast = pbr_grant()
    outcome = outcome_of(cast, name="Fewer children in care")

    term = add(cast, outcome=outcome)

    assert (term.outcome, term.price_per_unit_pence, term.cap_pence) == (
        outcome,
        1_500_00,
        10_000_00,
    )
    event = AuditEvent.objects.get(action="grants.outcome_term_added")
    assert event.object_id == str(term.pk)
    assert event.after["grant_id"] == cast.grant.pk
    assert event.after["outcome"] == "Fewer children in care"


def test_the_caps_together_may_come_to_more_than_the_outcome_budget():
    cast = pbr_grant()
    add(cast, cap_pence=OUTCOME_BUDGET)
    add(cast, cap_pence=OUTCOME_BUDGET)

    assert cast.grant.outcome_terms.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"price_per_unit_pence": 0}, "price_per_unit_pence"),
        ({"price_per_unit_pence": -5}, "price_per_unit_pence"),
        ({"price_per_unit_pence": 1500.0}, "price_per_unit_pence"),
        ({"cap_pence": 0}, "cap_pence"),
        ({"cap_pence": 100}, "cap_pence"),  # less than one unit's price
        ({"evidence_required": "  "}, "evidence_required"),
        ({"outcome": None}, "outcome"),
    ],
)
def test_bad_terms_are_refused_at_their_field(overrides, field):
    cast = pbr_grant()

    with pytest.raises(DomainError) as refused:
        add(cast, **overrides)

    assert field in fields_of(refused.value)
    assert not cast.grant.outcome_terms.exists()


def test_the_outcome_must_be_current_in_the_grants_own_programme():
    cast = pbr_grant()
    elsewhere = OutcomeFactory(programme=ProgrammeFactory(name="Another", slug="another"))
    retired = outcome_of(cast, retired_at=timezone.now() - timedelta(days=1))
    future = outcome_of(cast, added_at=timezone.now() + timedelta(days=3))

    for outcome in (elsewhere, retired, future):
        with pytest.raises(DomainError) as refused:
            add(cast, outcome=outcome)
        assert fields_of(refused.value) == {"outcome"}


def test_one_outcome_is_priced_once_on_a_grant():
    cast = pbr_grant()
    outcome = outcome_of(cast)
    add(cast, outcome=outcome)

    with pytest.raises(DomainError, match="already pays for") as refused:
        add(cast, outcome=outcome)

    assert fields_of(refused.value) == {"outcome"}


def test_a_grant_without_payment_by_results_instalments_has_no_outcome_budget_to_pay_from():
    cast = accepted(offered_grant())
    schedule(cast.grant, outcomes_pence=0)

    with pytest.raises(DomainError, match="no payment-by-results instalments"):
        add(cast)


def test_outcome_payments_are_set_only_on_an_accepted_grant():
    cast = offered_grant()
    schedule(cast.grant)

    with pytest.raises(Refused, match="only on an accepted grant"):
        add(cast)


@pytest.mark.parametrize("who", ["assessor", "finance_officer", "officer", "outsider"])
def test_only_the_programmes_managers_set_outcome_payments(who):
    cast = pbr_grant()

    with pytest.raises(Refused, match="Only the programme's managers"):
        add_outcome_term(
            getattr(cast, who),
            cast.grant,
            outcome=outcome_of(cast),
            price_per_unit_pence=1_500_00,
            cap_pence=10_000_00,
            evidence_required="Case records",
        )


def test_a_term_without_claims_is_removed_and_the_removal_audited():
    cast = pbr_grant()
    term = term_on(cast)

    remove_outcome_term(cast.manager, term)

    assert not cast.grant.outcome_terms.exists()
    event = AuditEvent.objects.get(action="grants.outcome_term_removed")
    assert event.before["grant_id"] == cast.grant.pk


def test_a_term_with_claims_stays():
    cast = pbr_grant()
    term = term_on(cast)
    claim_on(term, a_return(cast))

    with pytest.raises(Refused, match="only while nothing has been claimed"):
        remove_outcome_term(cast.manager, term)

    assert cast.grant.outcome_terms.count() == 1


# --- Verification ----------------------------------------------------------------------------


def test_the_outcome_budget_is_the_total_of_the_payment_by_results_instalments():
    cast = pbr_grant()
    Instalment.objects.create(
        grant=cast.grant,
        number=9,
        due_on=cast.grant.instalments.first().due_on,
        financial_year=2028,
        amount_pence=1_00,
        kind=Instalment.Kind.OUTCOMES,
    )

    assert outcome_budget_pence(cast.grant.pk) == OUTCOME_BUDGET + 1_00


def test_verified_units_times_the_price_is_due_within_the_limits():
    cast = pbr_grant()
    claim = claim_on(term_on(cast, price=1_500_00, cap=10_000_00), a_return(cast), units=5)

    verified = verify_claim(cast.manager, claim, units_verified=5)

    assert verified.state == OutcomeClaim.State.VERIFIED
    assert verified.amount_due_pence == 7_500_00
    assert type(verified.amount_due_pence) is int
    verified.refresh_from_db()
    assert (verified.units_verified, verified.amount_due_pence) == (5, 7_500_00)
    assert verified.verified_by == cast.manager


def test_the_cap_stops_what_is_due_and_the_sum_is_audited():
    cast = pbr_grant()
    term = term_on(cast, price=1_500_00, cap=10_000_00)
    claim = claim_on(term, a_return(cast), units=12)

    verified = verify_claim(cast.manager, claim, units_verified=12)

    assert verified.amount_due_pence == 10_000_00
    event = AuditEvent.objects.get(action="grants.outcome_claim_verified")
    assert event.object_id == str(claim.pk)
    assert event.after["sum"] == (
        "12 units × £1,500 = £18,000; cap left £10,000; outcome budget left £25,000 → due £10,000"
    )
    assert event.after["units_verified"] == 12
    assert event.after["amount_due_pence"] == 10_000_00
    assert event.before["state"] == "claimed"


def test_once_the_cap_is_reached_later_claims_on_the_term_are_due_nothing():
    cast = pbr_grant()
    term = term_on(cast, price=1_500_00, cap=10_000_00)
    verify_claim(cast.manager, claim_on(term, a_return(cast, 1), units=6), units_verified=6)
    second = claim_on(term, a_return(cast, 2), units=4)

    assert verify_claim(cast.manager, second, units_verified=4).amount_due_pence == 1_000_00
    third = claim_on(term, a_return(cast, 3), units=4)
    assert verify_claim(cast.manager, third, units_verified=4).amount_due_pence == 0


def test_the_outcome_budget_stops_what_is_due_across_terms():
    cast = pbr_grant()
    first = term_on(cast, price=1_000_00, cap=20_000_00)
    second = term_on(cast, price=1_000_00, cap=20_000_00)
    monitoring_return = a_return(cast)
    verify_claim(cast.manager, claim_on(first, monitoring_return, units=15), units_verified=15)
    claim = claim_on(second, monitoring_return, units=15)

    assert due_sum(claim, 15).explained() == (
        "15 units × £1,000 = £15,000; cap left £20,000; outcome budget left £10,000 → due £10,000"
    )
    assert verify_claim(cast.manager, claim, units_verified=15).amount_due_pence == 10_000_00


def test_accepting_fewer_units_than_claimed_needs_a_reason():
    cast = pbr_grant()
    claim = claim_on(term_on(cast), a_return(cast), units=12)

    with pytest.raises(DomainError, match="Say why fewer units") as refused:
        verify_claim(cast.manager, claim, units_verified=10, reason="  ")
    assert refused.value.field == "reason"
    claim.refresh_from_db()
    assert claim.state == OutcomeClaim.State.CLAIMED

    verified = verify_claim(cast.manager, claim, units_verified=3, reason="9 files lacked dates")
    assert (verified.units_verified, verified.verification_reason) == (3, "9 files lacked dates")
    assert verified.amount_due_pence == 4_500_00


@pytest.mark.parametrize("units", [13, -1, 12.0, "12", True])
def test_units_verified_are_a_whole_number_no_more_than_claimed(units):
    cast = pbr_grant()
    claim = claim_on(term_on(cast), a_return(cast), units=12)

    with pytest.raises(DomainError) as refused:
        verify_claim(cast.manager, claim, units_verified=units, reason="Checked")

    assert refused.value.field == "units_verified"
    claim.refresh_from_db()
    assert claim.units_verified is None


@pytest.mark.parametrize(
    "state", [MonitoringReturn.State.IN_PROGRESS, MonitoringReturn.State.CHANGES_REQUESTED]
)
def test_a_claim_is_verified_only_once_its_return_is_sent_in(state):
    cast = pbr_grant()
    claim = claim_on(term_on(cast), a_return(cast, state=state), units=2)

    with pytest.raises(Refused, match="has not been submitted yet"):
        verify_claim(cast.manager, claim, units_verified=2)


def test_an_accepted_return_s_claims_may_be_verified():
    cast = pbr_grant()
    claim = claim_on(term_on(cast), a_return(cast, state=MonitoringReturn.State.ACCEPTED), units=2)

    assert verify_claim(cast.manager, claim, units_verified=2).amount_due_pence == 3_000_00


def test_a_claim_is_verified_once():
    cast = pbr_grant()
    claim = claim_on(term_on(cast), a_return(cast), units=2)
    verify_claim(cast.manager, claim, units_verified=2)

    with pytest.raises(Refused, match="already been verified"):
        verify_claim(cast.second_manager, claim, units_verified=1, reason="Second thoughts")

    claim.refresh_from_db()
    assert claim.units_verified == 2


@pytest.mark.parametrize("who", ["assessor", "finance_officer", "officer", "member", "outsider"])
def test_only_the_programmes_managers_verify_claims(who):
    cast = pbr_grant()
    claim = claim_on(term_on(cast), a_return(cast), units=2)

    with pytest.raises(Refused, match="Only the programme's managers"):
        verify_claim(getattr(cast, who), claim, units_verified=2)


# --- The arithmetic, for any figures --------------------------------------------------------

pence = st.integers(min_value=0, max_value=10**13)


@given(
    units=st.integers(min_value=0, max_value=10**6),
    price=st.integers(min_value=1, max_value=10**9),
    cap_left=pence,
    budget_left=pence,
)
def test_what_is_due_is_whole_pence_within_every_limit(units, price, cap_left, budget_left):
    due = DueSum(
        units=units, price_pence=price, cap_left_pence=cap_left, budget_left_pence=budget_left
    ).due_pence

    assert type(due) is int
    assert 0 <= due <= min(units * price, cap_left, budget_left)
    assert due == min(units * price, cap_left, budget_left)


def test_many_claims_never_pass_a_cap_or_the_budget():
    cast = pbr_grant()
    terms = [term_on(cast, price=700_00 + 333 * index, cap=9_000_00) for index in range(3)]
    for number in range(1, 6):
        monitoring_return = a_return(cast, number)
        for index, term in enumerate(terms):
            units = 3 + (number * 7 + index) % 5
            claim = claim_on(term, monitoring_return, units=units)
            verify_claim(cast.manager, claim, units_verified=units - 1, reason="One not shown")

    claims = list(OutcomeClaim.objects.filter(term__grant=cast.grant))
    assert sum(claim.amount_due_pence for claim in claims) <= OUTCOME_BUDGET
    for term in terms:
        assert sum(c.amount_due_pence for c in claims if c.term_id == term.pk) <= term.cap_pence
    assert all(type(claim.amount_due_pence) is int for claim in claims)
    assert sum(claim.amount_due_pence for claim in claims) == OUTCOME_BUDGET
