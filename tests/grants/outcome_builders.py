"""An accepted grant that pays partly for results, for the tests of outcome payments and spend.

Its schedule (made here directly, as the schedule pages would): £60,000 fixed in 2027-28, then in
2028-29 £15,000 fixed and £25,000 payment by results (the outcome budget)."""

from datetime import date

from innovation_fund.grants.models import (
    Grant,
    Instalment,
    MonitoringReturn,
    OutcomeClaim,
    OutcomePaymentTerm,
    Payment,
)
from innovation_fund.programmes.models import Outcome
from tests.factories import OutcomeFactory
from tests.grants.builders import GrantCast, offered_grant

OUTCOME_BUDGET = 25_000_00


def accepted(cast: GrantCast) -> GrantCast:
    Grant.objects.filter(pk=cast.grant.pk).update(state=Grant.State.ACCEPTED)
    cast.grant.refresh_from_db()
    return cast


def schedule(grant: Grant, *, outcomes_pence: int = OUTCOME_BUDGET) -> list[Instalment]:
    """This schedule instead of the quarterly one made at the award."""
    Instalment.objects.filter(grant=grant).delete()
    fixed_2028 = 40_000_00 - outcomes_pence
    rows = [(date(2027, 6, 1), 2027, 60_000_00, Instalment.Kind.FIXED)]
    if fixed_2028:
        rows.append((date(2028, 6, 1), 2028, fixed_2028, Instalment.Kind.FIXED))
    if outcomes_pence:
        rows.append((date(2029, 3, 1), 2028, outcomes_pence, Instalment.Kind.OUTCOMES))
    return [
        Instalment.objects.create(
            grant=grant,
            number=number,
            due_on=due_on,
            financial_year=year,
            amount_pence=amount,
            kind=kind,
        )
        for number, (due_on, year, amount, kind) in enumerate(rows, start=1)
    ]


def pbr_grant(**kwargs) -> GrantCast:
    """An accepted grant with its schedule, including the outcome budget."""
    cast = accepted(offered_grant(**kwargs))
    schedule(cast.grant)
    return cast


def outcome_of(cast: GrantCast, **kwargs) -> Outcome:
    return OutcomeFactory(programme=cast.round.programme, **kwargs)


def term_on(cast: GrantCast, *, price=1_500_00, cap=10_000_00, outcome=None) -> OutcomePaymentTerm:
    return OutcomePaymentTerm.objects.create(
        grant=cast.grant,
        outcome=outcome or outcome_of(cast),
        price_per_unit_pence=price,
        cap_pence=cap,
        evidence_required="Case records",
        created_by=cast.manager,
    )


def a_return(cast: GrantCast, number=1, state=MonitoringReturn.State.SUBMITTED):
    return MonitoringReturn.objects.create(
        grant=cast.grant,
        number=number,
        period_starts_on=date(2027, 4, 1),
        period_ends_on=date(2027, 6, 30),
        due_on=date(2027, 7, 31),
        state=state,
    )


def claim_on(term: OutcomePaymentTerm, monitoring_return, units=12, evidence="12 case files"):
    return OutcomeClaim.objects.create(
        term=term, monitoring_return=monitoring_return, units_claimed=units, evidence=evidence
    )


def paid(
    cast: GrantCast, instalment: Instalment, amount: int, *, state=Payment.State.PAID, claim=None
):
    """A payment of the instalment, as the two-person release would leave it."""
    approved = state in (Payment.State.APPROVED, Payment.State.PAID)
    return Payment.objects.create(
        grant=cast.grant,
        instalment=instalment,
        outcome_claim=claim,
        amount_pence=amount,
        state=state,
        requested_by=cast.manager,
        approved_by=cast.finance_officer if approved else None,
        paid_on=date(2027, 7, 1) if state == Payment.State.PAID else None,
        finance_reference="FIN-1" if state == Payment.State.PAID else "",
    )
