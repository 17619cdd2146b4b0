"""Paid ≤ approved ≤ scheduled, and no instalment asked for more than it holds, after any
sequence of what people may try: requests, approvals, refusals, withdrawals, payments and
reversals, by the right people and the wrong ones, across the instalments of a grant."""

from datetime import date

import pytest
from django.db.models import F
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from innovation_fund.core.errors import DomainError
from innovation_fund.grants.models import Payment
from innovation_fund.grants.money import money_by_instalment, money_of_grant
from innovation_fund.grants.services import payments as services
from tests.grants.payment_builders import (
    WHEN_ALL_ARE_DUE,
    accepted_grant,
    also_finance_officer,
    travel,
)

pytestmark = pytest.mark.django_db

# Who tries each action: mostly people who may, sometimes the manager who also holds the finance
# role (so separation of duties is tried), sometimes someone who may not.
PEOPLE = {
    "request": ["manager", "second_manager", "manager", "finance_officer"],
    "approve": ["finance_officer", "second_finance_officer", "manager", "assessor"],
    "refuse": ["finance_officer", "second_finance_officer", "manager", "officer"],
    "withdraw": ["manager", "second_manager", "finance_officer", "officer"],
    "pay": ["finance_officer", "second_finance_officer", "manager", "assessor"],
    "reverse": ["finance_officer", "second_finance_officer", "manager", "officer"],
}
STARTS_FROM = {
    "approve": Payment.State.REQUESTED,
    "refuse": Payment.State.REQUESTED,
    "withdraw": Payment.State.REQUESTED,
    "pay": Payment.State.APPROVED,
    "reverse": Payment.State.PAID,
}
# "advance" takes a payment one step along the usual road (approve, pay, reverse), so that short
# sequences reach paid and reversed entries too.
ACTIONS = [*PEOPLE, "advance", "advance"]
NEXT_STEP = {
    Payment.State.REQUESTED: "approve",
    Payment.State.APPROVED: "pay",
    Payment.State.PAID: "reverse",
}


def _act(cast, action: str, who: int, index: int) -> str | None:
    """Try the action; say what was done (for the statistics), None when nothing could move."""
    instalments = list(cast.grant.instalments.order_by("number"))
    ledger = list(Payment.objects.filter(grant=cast.grant).order_by("pk"))
    if action == "request":
        services.request_payment(
            getattr(cast, PEOPLE[action][who]), instalments[index % len(instalments)]
        )
        return action
    if action == "advance":
        movable = [p for p in ledger if p.state in NEXT_STEP and not p.is_reversal]
        if not movable:
            return None
        payment = movable[index % len(movable)]
        action = NEXT_STEP[payment.state]
        # A finance officer who did not request it.
        person = next(
            officer
            for officer in (cast.finance_officer, cast.second_finance_officer)
            if officer.pk != payment.requested_by_id
        )
    else:
        # An even index picks among the payments the action starts from, an odd one any payment.
        fitting = [p for p in ledger if p.state == STARTS_FROM[action] and not p.is_reversal]
        pool = fitting if fitting and index % 2 == 0 else ledger
        payment = pool[(index // 2) % len(pool)]
        person = getattr(cast, PEOPLE[action][who])
    if action == "approve":
        services.approve_payment(person, payment)
    elif action == "refuse":
        services.refuse_payment(person, payment, reason="Not now")
    elif action == "withdraw":
        services.withdraw_payment_request(person, payment)
    elif action == "pay":
        services.record_paid(person, payment, paid_on=date(2027, 7, 1), finance_reference="R")
    else:
        services.reverse_payment(person, payment, reason="Mistake", reversed_on=date(2027, 7, 2))
    return action


def assert_the_money_holds(cast) -> None:
    money = money_of_grant(cast.grant)
    assert 0 <= money.paid_pence <= money.approved_pence <= money.scheduled_pence
    for against in money_by_instalment(cast.grant).values():
        assert 0 <= against.paid_pence <= against.approved_pence
        assert against.spoken_for_pence <= against.scheduled_pence
    assert not Payment.objects.filter(approved_by=F("requested_by")).exists()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(ACTIONS), st.integers(0, 3), st.integers(0, 7)),
        min_size=1,
        max_size=20,
    )
)
def test_no_sequence_of_actions_breaks_the_money_invariant(steps):
    cast = accepted_grant()
    also_finance_officer(cast)
    with travel(WHEN_ALL_ARE_DUE):  # every instalment is due
        services.request_payment(cast.manager, cast.grant.instalments.order_by("number")[0])
        for action, who, index in steps:
            # Refusals are allowed outcomes: what matters is what they leave behind.
            try:
                done = _act(cast, action, who, index)
                event(f"{done}: done" if done else "advance: nothing to move")
            except DomainError:
                event(f"{action}: refused")
            assert_the_money_holds(cast)
