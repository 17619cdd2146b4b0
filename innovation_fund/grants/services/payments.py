"""Releasing money, one entry of the ledger at a time.

A programme manager requests payment of a due instalment whose release conditions are met (or
of a verified outcome claim); a finance officer who did not request it approves it (or refuses
it with a reason); a finance officer records it as paid with the date and the finance system's
reference. A paid entry never changes: a mistake is corrected by a reversing entry.

Every function locks the grant's row first and reads the money again under the lock
(`grants.money`), so paid ≤ approved ≤ scheduled, and no instalment is asked for more than it
holds, however many people act at once.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from innovation_fund.core.audit import record, snapshot
from innovation_fund.core.dates import format_date, london_today
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.money import format_gbp
from innovation_fund.core.permissions import Refused
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.organisations.models import MemberRole, Membership
from innovation_fund.programmes.models import ProgrammeRole

from ..models import Grant, Instalment, OutcomeClaim, Payment
from ..money import money_by_instalment, money_by_outcome_claim
from ..payment_lifecycle import PAYMENT_LIFECYCLE
from ..policies.payments import (
    may_approve,
    may_move_payment,
    may_request_payment,
    may_reverse,
    why_instalment_cannot_be_requested,
)

State = Payment.State
MOST_REFERENCE_CHARACTERS = 100
LEDGER_FIELDS = [
    "amount_pence",
    "state",
    "approved_by_id",
    "refused_by_id",
    "refusal_reason",
    "paid_on",
    "finance_reference",
    "run_id",
]


def locked_grant(pk: int) -> Grant:
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related("round__programme", "recipient", "project")
        .get(pk=pk)
    )


def _locked_payment(payment: Payment) -> tuple[Grant, Payment]:
    grant = locked_grant(payment.grant_id)
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("instalment")
        .get(pk=payment.pk)
    )
    payment.grant = grant
    return grant, payment


@transaction.atomic
def request_payment(user, instalment: Instalment) -> Payment:
    """Ask for the rest of a due instalment to be paid."""
    grant = locked_grant(instalment.grant_id)
    may_request_payment(user, grant).enforce()
    instalment = Instalment.objects.get(pk=instalment.pk, grant=grant)
    money = money_by_instalment(grant)[instalment.pk]
    reason = why_instalment_cannot_be_requested(instalment, money, london_today())
    if reason:
        raise Refused(f"Instalment {instalment.number} cannot be requested: {reason}")
    payment = Payment.objects.create(
        grant=grant,
        instalment=instalment,
        amount_pence=instalment.amount_pence - money.spoken_for_pence,
        requested_by=user,
    )
    _audit(user, payment, "grants.payment_requested", None)
    _tell_finance_officers(grant, payment)
    return payment


@transaction.atomic
def request_outcome_payment(user, claim: OutcomeClaim) -> list[Payment]:
    """Ask for a verified outcome claim's amount due to be paid, from the grant's payment-by-
    results instalments in order (split across them where one has too little room)."""
    grant_id = OutcomeClaim.objects.filter(pk=claim.pk).values_list("term__grant_id", flat=True)
    grant = locked_grant(grant_id.get())
    # Read the claim again under the grant's lock, as verifying it locks the grant first.
    claim = (
        OutcomeClaim.objects.select_for_update(of=("self",)).select_related("term").get(pk=claim.pk)
    )
    may_request_payment(user, grant).enforce()
    if claim.state != OutcomeClaim.State.VERIFIED:
        raise Refused(
            f"The claim is {claim.get_state_display().lower()}: only a verified claim can be paid."
        )
    if not claim.amount_due_pence or claim.amount_due_pence <= 0:
        raise Refused("The verified claim has nothing due, so there is nothing to pay.")
    claimed = money_by_outcome_claim(grant).get(claim.pk)
    if claimed is not None and claimed.spoken_for_pence > 0:
        raise Refused("A payment of this claim has already been requested.")
    money = money_by_instalment(grant)
    room = [
        (instalment, instalment.amount_pence - money[instalment.pk].spoken_for_pence)
        for instalment in grant.instalments.filter(kind=Instalment.Kind.OUTCOMES).order_by(
            "due_on", "number"
        )
    ]
    left = sum(amount for _instalment, amount in room if amount > 0)
    if left < claim.amount_due_pence:
        raise Refused(
            f"The grant's payment-by-results instalments have {format_gbp(left)} left, less "
            f"than the {format_gbp(claim.amount_due_pence)} due: change the schedule first."
        )
    payments, still_due = [], claim.amount_due_pence
    for instalment, amount in room:
        if still_due == 0:
            break
        if amount <= 0:
            continue
        part = min(amount, still_due)
        payment = Payment.objects.create(
            grant=grant,
            instalment=instalment,
            outcome_claim=claim,
            amount_pence=part,
            requested_by=user,
        )
        _audit(user, payment, "grants.payment_requested", None)
        payments.append(payment)
        still_due -= part
    _tell_finance_officers(grant, *payments)
    return payments


@transaction.atomic
def approve_payment(user, payment: Payment) -> Payment:
    grant, payment = _locked_payment(payment)
    may_approve(user, payment).enforce()
    row = PAYMENT_LIFECYCLE.check(payment, "approve")
    before = snapshot(payment, LEDGER_FIELDS)
    payment.state = row.target
    payment.approved_by = user
    payment.approved_at = timezone.now()
    payment.save(update_fields=["state", "approved_by", "approved_at"])
    _audit(user, payment, "grants.payment_approved", before)
    _tell(payment.requested_by.email, "payment_approved", payment, by=user)
    return payment


@transaction.atomic
def refuse_payment(user, payment: Payment, *, reason: str) -> Payment:
    grant, payment = _locked_payment(payment)
    may_move_payment(user, payment, "refuse").enforce()
    row = PAYMENT_LIFECYCLE.check(payment, "refuse")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why the payment is refused", field="reason")
    before = snapshot(payment, LEDGER_FIELDS)
    payment.state = row.target
    payment.refused_by = user
    payment.refused_at = timezone.now()
    payment.refusal_reason = reason
    payment.save(update_fields=["state", "refused_by", "refused_at", "refusal_reason"])
    _audit(user, payment, "grants.payment_refused", before)
    _tell(payment.requested_by.email, "payment_refused", payment, by=user, reason=reason)
    return payment


@transaction.atomic
def withdraw_payment_request(user, payment: Payment) -> Payment:
    grant, payment = _locked_payment(payment)
    may_move_payment(user, payment, "withdraw").enforce()
    row = PAYMENT_LIFECYCLE.check(payment, "withdraw")
    before = snapshot(payment, LEDGER_FIELDS)
    payment.state = row.target
    payment.save(update_fields=["state"])
    _audit(user, payment, "grants.payment_withdrawn", before)
    return payment


@transaction.atomic
def record_paid(user, payment: Payment, *, paid_on: date | None, finance_reference: str) -> Payment:
    grant, payment = _locked_payment(payment)
    may_move_payment(user, payment, "mark_paid").enforce()
    PAYMENT_LIFECYCLE.check(payment, "mark_paid")
    paid_on, finance_reference = checked_payment_details(paid_on, finance_reference)
    mark_paid(user, payment, paid_on=paid_on, finance_reference=finance_reference)
    return payment


def checked_payment_details(paid_on: date | None, finance_reference: str) -> tuple[date, str]:
    if paid_on is None:
        raise DomainError("Enter the date it was paid", field="paid_on")
    if paid_on > london_today():
        raise DomainError("The date it was paid must be today or in the past", field="paid_on")
    finance_reference = (finance_reference or "").strip()
    if not finance_reference:
        raise DomainError(
            "Enter the finance system's reference for the payment", field="finance_reference"
        )
    if len(finance_reference) > MOST_REFERENCE_CHARACTERS:
        raise DomainError(
            f"The reference must be {MOST_REFERENCE_CHARACTERS} characters or fewer",
            field="finance_reference",
        )
    return paid_on, finance_reference


def mark_paid(user, payment: Payment, *, paid_on: date, finance_reference: str, run=None) -> None:
    """Record an approved payment as paid, inside the caller's transaction and grant lock."""
    before = snapshot(payment, LEDGER_FIELDS)
    payment.state = State.PAID
    payment.paid_on = paid_on
    payment.finance_reference = finance_reference
    payment.paid_recorded_by = user
    payment.run = run
    payment.save(update_fields=["state", "paid_on", "finance_reference", "paid_recorded_by", "run"])
    _audit(user, payment, "grants.payment_paid", before)
    for email in _accountable_officers(payment.grant):
        _tell(email, "payment_paid", payment, by=user, paid_on=format_date(paid_on))


@transaction.atomic
def reverse_payment(user, payment: Payment, *, reason: str, reversed_on: date | None) -> Payment:
    """Correct a payment recorded by mistake with a reversing entry of the same amount, negative.
    The original stays as it was; the instalment's money is free to be requested again."""
    grant, payment = _locked_payment(payment)
    may_reverse(user, payment).enforce()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why the payment is reversed", field="reason")
    if reversed_on is None:
        raise DomainError("Enter the date of the reversal", field="reversed_on")
    if reversed_on > london_today():
        raise DomainError(
            "The date of the reversal must be today or in the past", field="reversed_on"
        )
    if reversed_on < payment.paid_on:
        raise DomainError(
            f"The reversal cannot be dated before the payment, {format_date(payment.paid_on)}",
            field="reversed_on",
        )
    now = timezone.now()
    reversal = Payment.objects.create(
        grant=grant,
        instalment=payment.instalment,
        outcome_claim=payment.outcome_claim,
        amount_pence=-payment.amount_pence,
        state=State.PAID,
        reverses=payment,
        reason=reason,
        requested_by=user,
        requested_at=now,
        paid_on=reversed_on,
        finance_reference=f"Reversal of {payment.finance_reference}",
        paid_recorded_by=user,
    )
    _audit(user, reversal, "grants.payment_reversed", None, reverses=payment.pk)
    return reversal


def _audit(user, payment: Payment, action: str, before: dict | None, **more) -> None:
    record(
        actor=user,
        action=action,
        target=payment,
        before=before,
        after={
            **snapshot(payment, LEDGER_FIELDS),
            "grant": payment.grant_id,
            "instalment": payment.instalment.number,
            **more,
        },
    )


def _about(payment: Payment, **more) -> dict:
    grant = payment.grant
    return {
        "grant_name": grant.project.display_name if grant.project_id else str(grant),
        "organisation": grant.recipient.name,
        "amount": format_gbp(payment.amount_pence),
        "instalment": str(payment.instalment.number),
        **more,
    }


def _tell_finance_officers(grant: Grant, *payments: Payment) -> None:
    """One email per finance officer about the request, which is one payment, or one per
    payment-by-results instalment when a claim's amount was split across them."""
    officers = ProgrammeRole.objects.filter(
        programme_id=grant.round.programme_id, role=ProgrammeRole.Role.FINANCE_OFFICER
    ).values_list("user__email", flat=True)
    link = absolute_url("grant_management:grant", grant.pk)
    about = _about(payments[0], by=payments[0].requested_by.email)
    about["amount"] = format_gbp(sum(payment.amount_pence for payment in payments))
    numbers = " and ".join(str(payment.instalment.number) for payment in payments)
    about["instalments"] = f"instalment{'s' if len(payments) > 1 else ''} {numbers}"
    for email in sorted(set(officers)):
        send_email_after_commit(email, "payment_requested", link=link, **about)


def _tell(email: str, template: str, payment: Payment, *, by, **more: str) -> None:
    link = absolute_url("grant_management:grant", payment.grant_id)
    if template == "payment_paid":
        link = absolute_url("your_grants:grant", payment.grant_id)
    send_email_after_commit(email, template, link=link, **_about(payment, by=by.email, **more))


def _accountable_officers(grant: Grant) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                organisation_id=grant.recipient_id, role=MemberRole.ACCOUNTABLE_OFFICER
            ).values_list("user__email", flat=True)
        )
    )
