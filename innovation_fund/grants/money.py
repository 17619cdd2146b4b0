"""Scheduled, requested, approved and paid money, counted from the instalments and the payment
ledger: the one place every page, check and export reads these figures from.

"Approved" counts payments approved or paid (money a finance officer has released), "paid" those
recorded as paid; reversing entries are paid entries with negative amounts, so they take money
back off both. Requested payments still wait for a finance officer. Refused and withdrawn
requests count for nothing. At every moment paid ≤ approved ≤ scheduled.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum

from .models import Instalment, OutcomeClaim, Payment

State = Payment.State
APPROVED_STATES = (State.APPROVED, State.PAID)
PENDING_STATES = (State.REQUESTED, State.APPROVED, State.PAID)  # money spoken for


@dataclass(frozen=True)
class Money:
    scheduled_pence: int = 0
    requested_pence: int = 0  # waiting for a finance officer
    approved_pence: int = 0  # approved or paid
    paid_pence: int = 0

    @property
    def forecast_pence(self) -> int:
        """Scheduled but not yet paid."""
        return self.scheduled_pence - self.paid_pence

    @property
    def spoken_for_pence(self) -> int:
        """Requested, approved or paid: no longer free to request."""
        return self.requested_pence + self.approved_pence

    def __add__(self, other: "Money") -> "Money":
        return Money(
            self.scheduled_pence + other.scheduled_pence,
            self.requested_pence + other.requested_pence,
            self.approved_pence + other.approved_pence,
            self.paid_pence + other.paid_pence,
        )


def _payment_sums(payments: QuerySet[Payment], group_by: str) -> dict:
    return {
        row[group_by]: row
        for row in payments.values(group_by).annotate(
            requested=Sum("amount_pence", filter=Q(state=State.REQUESTED)),
            approved=Sum("amount_pence", filter=Q(state__in=APPROVED_STATES)),
            paid=Sum("amount_pence", filter=Q(state=State.PAID)),
        )
    }


def _money(scheduled: int | None, row: dict | None) -> Money:
    row = row or {}
    return Money(
        scheduled_pence=scheduled or 0,
        requested_pence=row.get("requested") or 0,
        approved_pence=row.get("approved") or 0,
        paid_pence=row.get("paid") or 0,
    )


def money_by_instalment(grant) -> dict[int, Money]:
    """Each of the grant's instalments (by id) with the money against it. Two queries."""
    instalments = dict(Instalment.objects.filter(grant=grant).values_list("id", "amount_pence"))
    sums = _payment_sums(Payment.objects.filter(grant=grant), "instalment_id")
    return {pk: _money(amount, sums.get(pk)) for pk, amount in instalments.items()}


def money_of_grant(grant) -> Money:
    return money_by_grant([grant.pk]).get(grant.pk, Money())


def money_by_grant(grant_ids) -> dict[int, Money]:
    """The money of each grant (by id). Two queries however many grants."""
    scheduled = dict(
        Instalment.objects.filter(grant_id__in=grant_ids)
        .values("grant_id")
        .annotate(total=Sum("amount_pence"))
        .values_list("grant_id", "total")
    )
    sums = _payment_sums(Payment.objects.filter(grant_id__in=grant_ids), "grant_id")
    return {pk: _money(scheduled.get(pk), sums.get(pk)) for pk in set(scheduled) | set(sums)}


def money_by_financial_year(grants: QuerySet) -> dict[int, Money]:
    """The money of a set of grants in each financial year (by start year) of their instalments.
    Two queries."""
    scheduled = dict(
        Instalment.objects.filter(grant__in=grants)
        .values("financial_year")
        .annotate(total=Sum("amount_pence"))
        .values_list("financial_year", "total")
    )
    sums = _payment_sums(Payment.objects.filter(grant__in=grants), "instalment__financial_year")
    years = set(scheduled) | set(sums)
    return {year: _money(scheduled.get(year), sums.get(year)) for year in sorted(years)}


def money_by_round(grants: QuerySet) -> dict[int, Money]:
    """The money of a set of grants in each round (by id). Two queries."""
    scheduled = dict(
        Instalment.objects.filter(grant__in=grants)
        .values("grant__round_id")
        .annotate(total=Sum("amount_pence"))
        .values_list("grant__round_id", "total")
    )
    sums = _payment_sums(Payment.objects.filter(grant__in=grants), "grant__round_id")
    rounds = set(scheduled) | set(sums)
    totals: dict[int, Money] = defaultdict(Money)
    for pk in rounds:
        totals[pk] = _money(scheduled.get(pk), sums.get(pk))
    return dict(totals)


def money_by_outcome_claim(grant) -> dict[int, Money]:
    """Each of the grant's verified outcome claims (by id): its amount due counted as scheduled,
    with the money requested, approved and paid against it. Two queries."""
    due = dict(
        OutcomeClaim.objects.filter(term__grant=grant, amount_due_pence__isnull=False).values_list(
            "id", "amount_due_pence"
        )
    )
    sums = _payment_sums(
        Payment.objects.filter(grant=grant, outcome_claim__isnull=False), "outcome_claim_id"
    )
    return {pk: _money(due.get(pk), sums.get(pk)) for pk in set(due) | set(sums)}
