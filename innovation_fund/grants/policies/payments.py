"""Who may request, approve, refuse, withdraw, pay and reverse payments, and which payments they
see. Requests are the programme managers'; approvals, refusals, recording payment and reversals
the finance officers'. Nobody approves a payment they requested (separation of duties).
"""

from django.db.models import QuerySet

from innovation_fund.core.permissions import ALLOWED, Permission, refused
from innovation_fund.programmes.models import ProgrammeRole

from ..conditions import unmet_conditions
from ..models import Grant, Instalment, Payment
from ..money import Money
from ..payment_lifecycle import PAYMENT_LIFECYCLE
from .grants import FINANCE_OFFICER, PROGRAMME_MANAGER, roles_for

SEPARATION_OF_DUTIES = (
    "You requested this payment, so another finance officer must approve it: nobody approves "
    "a payment they asked for."
)
WHO = {
    FINANCE_OFFICER: "the programme's finance officers",
    PROGRAMME_MANAGER: "the programme's managers",
}
WHAT_ROLES_DO = {
    "approve": "approve payments",
    "refuse": "refuse payments",
    "withdraw": "withdraw payment requests",
    "mark_paid": "record payments as paid",
}


def payments_of_finance_officer(user) -> QuerySet[Payment]:
    if not user.is_authenticated:
        return Payment.objects.none()
    programmes = ProgrammeRole.objects.filter(user=user, role=FINANCE_OFFICER).values(
        "programme_id"
    )
    return Payment.objects.filter(grant__round__programme_id__in=programmes)


def finance_programmes(user):
    """The ids of the programmes where this person is a finance officer."""
    if not user.is_authenticated:
        return []
    return list(
        ProgrammeRole.objects.filter(user=user, role=FINANCE_OFFICER).values_list(
            "programme_id", flat=True
        )
    )


def may_move_payment(
    user, payment: Payment, action: str, *, roles: set | None = None
) -> Permission:
    """May this person take `action` on the payment now? Read from the lifecycle's row, then the
    rule that the requester never approves."""
    row = PAYMENT_LIFECYCLE.row(payment.state, action)
    if row is None:
        label = PAYMENT_LIFECYCLE.rows_for(action)[0].label
        return refused(
            f"‘{label}’ cannot be done: the payment is {payment.get_state_display().lower()}."
        )
    held = roles if roles is not None else roles_for(user, payment.grant)
    if not held & set(row.who):
        return refused(f"Only {WHO[next(iter(row.who))]} can {WHAT_ROLES_DO[action]}.")
    if action == "approve" and payment.requested_by_id == user.pk:
        return refused(SEPARATION_OF_DUTIES)
    return ALLOWED


def may_approve(user, payment: Payment, *, roles: set | None = None) -> Permission:
    """A finance officer of the programme who did not request the payment, while it waits."""
    return may_move_payment(user, payment, "approve", roles=roles)


def why_instalment_cannot_be_requested(
    instalment: Instalment, money: Money, today, *, unmet: list[str] | None = None
) -> str:
    """Why no payment of this instalment may be requested now ("" when one may). `unmet` are
    the release conditions' reasons when the caller has read them already."""
    if instalment.kind == Instalment.Kind.OUTCOMES:
        return "Paid by results: request a payment from a verified outcome claim."
    if money.spoken_for_pence >= instalment.amount_pence:
        return "Already requested, approved or paid."
    if instalment.due_on > today:
        return f"Not due until {instalment.due_on:%-d %B %Y}."
    reasons = unmet_conditions(instalment) if unmet is None else unmet
    return " ".join(reasons)


def may_request_payment(user, grant: Grant, *, roles: set | None = None) -> Permission:
    held = roles if roles is not None else roles_for(user, grant)
    if PROGRAMME_MANAGER not in held:
        return refused(f"Only {WHO[PROGRAMME_MANAGER]} can request payments.")
    if grant.state != Grant.State.ACCEPTED:
        return refused(
            f"The grant is {grant.get_state_display().lower()}: payments are made only on an "
            "accepted grant."
        )
    return ALLOWED


def may_reverse(user, payment: Payment, *, roles: set | None = None) -> Permission:
    held = roles if roles is not None else roles_for(user, payment.grant)
    if FINANCE_OFFICER not in held:
        return refused(f"Only {WHO[FINANCE_OFFICER]} can reverse payments.")
    if payment.state != Payment.State.PAID or payment.is_reversal:
        return refused("Only a payment recorded as paid can be reversed.")
    if hasattr(payment, "reversed_by"):
        return refused("This payment has already been reversed.")
    return ALLOWED
