"""A payment run: the approved, unpaid payments of a programme, sent to the finance system
together and recorded as paid in one step, all or nothing."""

from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.permissions import Refused
from innovation_fund.programmes.models import Programme, ProgrammeRole

from ..models import Grant, Payment, PaymentRun
from .payments import checked_payment_details, mark_paid


def approved_unpaid(programme_ids) -> QuerySet[Payment]:
    """Approved payments waiting to be paid in these programmes, ready to list and export."""
    return (
        Payment.objects.filter(
            grant__round__programme_id__in=programme_ids, state=Payment.State.APPROVED
        )
        .select_related(
            "grant__recipient",
            "grant__project__round",
            "grant__project__lead_organisation",
            "grant__round__programme",
            "instalment",
            "requested_by",
            "approved_by",
        )
        .order_by("approved_at", "pk")
    )


@transaction.atomic
def record_run_paid(
    user,
    programme: Programme,
    payment_ids: list[int],
    *,
    paid_on: date | None,
    finance_reference: str,
) -> PaymentRun:
    """Record every payment the person was shown as paid, or none: if the approved, unpaid
    payments of the programme are not exactly those shown, nothing is recorded."""
    if not ProgrammeRole.objects.filter(
        user=user, programme=programme, role=ProgrammeRole.Role.FINANCE_OFFICER
    ).exists():
        raise Refused("Only the programme's finance officers can record payments as paid.")
    paid_on, finance_reference = checked_payment_details(paid_on, finance_reference)
    if not payment_ids:
        raise DomainError("There are no approved payments to record as paid.")
    # Lock every grant concerned, in id order (as each payment service does, one at a time),
    # then read the list again under the locks.
    grant_ids = sorted(
        set(
            Payment.objects.filter(
                grant__round__programme=programme, state=Payment.State.APPROVED
            ).values_list("grant_id", flat=True)
        )
        | set(Payment.objects.filter(pk__in=payment_ids).values_list("grant_id", flat=True))
    )
    list(Grant.objects.select_for_update(of=("self",)).filter(pk__in=grant_ids).order_by("pk"))
    waiting = list(approved_unpaid([programme.pk]).select_for_update(of=("self",)))
    if sorted(payment.pk for payment in waiting) != sorted(payment_ids):
        raise DomainError(
            "The approved payments have changed since you opened this page, so none has been "
            "recorded as paid. Check the list again and download it again for the finance system."
        )
    run = PaymentRun.objects.create(
        programme=programme, paid_on=paid_on, finance_reference=finance_reference, created_by=user
    )
    for payment in waiting:
        mark_paid(user, payment, paid_on=paid_on, finance_reference=finance_reference, run=run)
    record(
        actor=user,
        action="grants.payment_run_recorded",
        target=run,
        after={
            "programme": programme.pk,
            "paid_on": paid_on.isoformat(),
            "finance_reference": finance_reference,
            "payments": [payment.pk for payment in waiting],
            "total_pence": sum(payment.amount_pence for payment in waiting),
        },
    )
    return run
