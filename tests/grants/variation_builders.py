"""A live grant with a schedule and some money paid, for the variation tests."""

from datetime import date

from django.utils import timezone

from innovation_fund.grants.models import Grant, Instalment, Payment, ReleaseCondition
from tests.grants.builders import GrantCast, offered_grant

# Two instalments a year: 2027-28 is £60,000, 2028-29 is £40,000 (builders.YEARS).
SCHEDULE = [
    (1, date(2027, 6, 30), 2027, 30_000_00),
    (2, date(2027, 12, 31), 2027, 30_000_00),
    (3, date(2028, 6, 30), 2028, 20_000_00),
    (4, date(2028, 12, 31), 2028, 20_000_00),
]


def accepted(cast: GrantCast) -> GrantCast:
    """The offer accepted. Set straight on the record: accepting is another part's service, and
    these tests are about what happens after."""
    Grant.objects.filter(pk=cast.grant.pk).update(
        state=Grant.State.ACCEPTED, responded_at=timezone.now(), responded_by=cast.officer
    )
    cast.grant.refresh_from_db()
    return cast


def live_grant(**kwargs) -> GrantCast:
    return accepted(offered_grant(**kwargs))


def scheduled(cast: GrantCast) -> list[Instalment]:
    """The grant's schedule (`SCHEDULE`) in place of the one made at the award, each instalment
    released once the offer is accepted."""
    Instalment.objects.filter(grant=cast.grant).delete()
    instalments = [
        Instalment.objects.create(
            grant=cast.grant, number=number, due_on=due_on, financial_year=year, amount_pence=pence
        )
        for number, due_on, year, pence in SCHEDULE
    ]
    for instalment in instalments:
        ReleaseCondition.objects.create(
            instalment=instalment, kind=ReleaseCondition.Kind.OFFER_ACCEPTED
        )
    return instalments


def paid(cast: GrantCast, instalment: Instalment, *, state=Payment.State.PAID) -> Payment:
    """A payment of the whole instalment, requested by the manager and approved by a finance
    officer (or left requested), recorded straight in the ledger."""
    payment = Payment(
        grant=cast.grant,
        instalment=instalment,
        amount_pence=instalment.amount_pence,
        state=state,
        requested_by=cast.manager,
    )
    if state in (Payment.State.APPROVED, Payment.State.PAID):
        payment.approved_by = cast.finance_officer
        payment.approved_at = timezone.now()
    if state == Payment.State.PAID:
        payment.paid_on = date(2027, 7, 1)
        payment.finance_reference = "FIN-1"
    payment.save()
    return payment
