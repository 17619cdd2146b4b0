"""Payments on the grant pages: programme managers request payment of due instalments; finance
officers approve (never their own request), refuse, record as paid and reverse. The grantee sees
the money paid to them. Every action is a POST through `services.payments`; the question pages
keep what was typed when it is refused."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.dates import london_today
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.core.forms import GovukDateField
from innovation_fund.core.permissions import Refused

from ..models import Grant, Instalment, Payment
from ..money import money_of_grant
from ..payment_lifecycle import PAYMENT_LIFECYCLE
from ..policies.grants import FINANCE_OFFICER, PROGRAMME_MANAGER, holds, roles_for
from ..policies.payments import (
    may_move_payment,
    may_request_payment,
    may_reverse,
    why_instalment_cannot_be_requested,
)
from ..schedule_selectors import schedule_of
from ..services import payments as services
from .lookups import team_grant_or_404

LEDGER_RELATED = (
    "instalment",
    "requested_by",
    "approved_by",
    "refused_by",
    "paid_recorded_by",
    "reverses",
    "reversed_by",
    "run",
)


def _ledger(grant: Grant) -> list[Payment]:
    return list(
        Payment.objects.filter(grant=grant)
        .select_related(*LEDGER_RELATED)
        .order_by("requested_at", "pk")
    )


# --- What the grant pages show --------------------------------------------------------------


def manage_section(request, grant) -> dict:
    roles = roles_for(request.user, grant)
    schedule = schedule_of(grant)
    today = london_today()
    may_request = may_request_payment(request.user, grant, roles=roles)
    requestable = []
    for row in schedule.rows:
        # The schedule's instalments carry their grant and prefetched conditions, so reading
        # `unmet_conditions` for each costs no query.
        reason = why_instalment_cannot_be_requested(row.instalment, row.money, today)
        requestable.append((row.instalment, row.money, reason))
    ledger = _ledger(grant)
    for payment in ledger:
        payment.grant = grant
        payment.actions = [
            row.action
            for row in PAYMENT_LIFECYCLE.available(payment.state)
            if may_move_payment(request.user, payment, row.action, roles=roles)
        ]
        payment.may_reverse = bool(may_reverse(request.user, payment, roles=roles))
        # A finance officer who requested it is shown the approval page too, which says why
        # they may not approve it.
        payment.shows_approve = "approve" in payment.actions or (
            payment.state == Payment.State.REQUESTED and FINANCE_OFFICER in roles
        )
    return {
        "payment_money": money_of_grant(grant),
        "may_request_payment": may_request,
        "requestable": requestable,
        "ledger": ledger,
    }


def grantee_section(request, grant) -> dict:
    received = list(
        Payment.objects.filter(grant=grant, state=Payment.State.PAID)
        .select_related("instalment", "reverses")
        .order_by("paid_on", "pk")
    )
    return {"payments_received": received, "payment_money": money_of_grant(grant)}


# --- Forms ----------------------------------------------------------------------------------


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="Why is the payment refused?",
        help_text="The programme manager who requested it is emailed this.",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )


class PaidForm(forms.Form):
    paid_on = GovukDateField(label="Date it was paid", subject="the date it was paid")
    finance_reference = forms.CharField(
        label="Finance system reference",
        help_text="The reference the finance system gave the payment",
        required=False,
        max_length=services.MOST_REFERENCE_CHARACTERS,
    )


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label="Why is the payment reversed?", widget=forms.Textarea, required=False
    )
    reversed_on = GovukDateField(label="Date of the reversal", subject="the date of the reversal")


# --- Pages ----------------------------------------------------------------------------------


def _payment_or_404(grant: Grant, payment_pk: int) -> Payment:
    try:
        payment = Payment.objects.select_related(*LEDGER_RELATED).get(pk=payment_pk, grant=grant)
    except Payment.DoesNotExist:
        raise Http404("The grant has no payment with that number") from None
    payment.grant = grant
    return payment


def _back(grant: Grant):
    return redirect(reverse("grant_management:grant", args=[grant.pk]) + "#payments")


@sign_in_required
@require_POST
def request_payment(request, pk: int, instalment_pk: int):
    grant = team_grant_or_404(request, pk)
    try:
        instalment = Instalment.objects.get(pk=instalment_pk, grant=grant)
    except Instalment.DoesNotExist:
        raise Http404("The grant has no instalment with that number") from None
    # Without the role, a POST is refused (403); with it, whatever stops the request now (not
    # due, conditions unmet, offer not accepted) is said on the grant page.
    holds(request.user, grant, PROGRAMME_MANAGER, "request payments").enforce()
    try:
        services.request_payment(request.user, instalment)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Payment of instalment {instalment.number} requested: a finance officer who did "
            "not request it must now approve it",
        )
    return _back(grant)


@sign_in_required
@require_POST
def withdraw(request, pk: int, payment_pk: int):
    grant = team_grant_or_404(request, pk)
    payment = _payment_or_404(grant, payment_pk)
    permission = _permission(request, payment, "withdraw")
    if not permission and _moved_on(payment, "withdraw"):
        messages.error(request, permission.reason)
        return _back(grant)
    permission.enforce()
    services.withdraw_payment_request(request.user, payment)
    messages.success(request, "The payment request has been withdrawn")
    return _back(grant)


ACTIONS = {
    # action: (form, page heading, button, success message)
    "approve": (None, "Approve the payment", "Approve the payment", "Payment approved"),
    "refuse": (RefuseForm, "Refuse the payment", "Refuse the payment", "Payment refused"),
    "mark_paid": (
        PaidForm,
        "Record the payment as paid",
        "Record as paid",
        "Payment recorded as paid",
    ),
    "reverse": (
        ReverseForm,
        "Reverse the payment",
        "Reverse the payment",
        "Reversing entry recorded",
    ),
}


def _permission(request, payment: Payment, action: str):
    if action == "reverse":
        return may_reverse(request.user, payment)
    return may_move_payment(request.user, payment, action)


def _moved_on(payment: Payment, action: str) -> bool:
    """Has the payment left the state the action starts from (someone else acted first)? Then
    the page says so, rather than answering 403 as it does to a person who may not act."""
    if action == "reverse":
        return (
            payment.state != Payment.State.PAID
            or payment.is_reversal
            or hasattr(payment, "reversed_by")
        )
    return PAYMENT_LIFECYCLE.row(payment.state, action) is None


def _act(request, payment: Payment, action: str, data: dict) -> None:
    if action == "approve":
        services.approve_payment(request.user, payment)
    elif action == "refuse":
        services.refuse_payment(request.user, payment, reason=data["reason"])
    elif action == "mark_paid":
        services.record_paid(
            request.user,
            payment,
            paid_on=data["paid_on"],
            finance_reference=data["finance_reference"],
        )
    else:
        services.reverse_payment(
            request.user, payment, reason=data["reason"], reversed_on=data["reversed_on"]
        )


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def payment_action(request, pk: int, payment_pk: int, action: str):
    if action not in ACTIONS:
        raise Http404("No such action")
    grant = team_grant_or_404(request, pk)
    payment = _payment_or_404(grant, payment_pk)
    form_class, heading, button, done = ACTIONS[action]
    permission = _permission(request, payment, action)
    if request.method == "POST" and not _moved_on(payment, action):
        permission.enforce()
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = form_class(data) if form_class else forms.Form(data)
    if request.method == "POST" and permission and form.is_valid():
        try:
            _act(request, payment, action, form.cleaned_data)
        except Refused as error:
            form.add_error(None, error.reason)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, done)
            return _back(grant)
    return render(
        request,
        "grants/payments/action.html",
        {
            "grant": grant,
            "payment": payment,
            "form": form,
            "error_items": error_summary_items(form),
            "permission": permission,
            "page_heading": heading,
            "button": button,
            "action": action,
        },
    )


manage_urlpatterns = [
    path(
        "grants/<int:pk>/instalments/<int:instalment_pk>/request-payment/",
        request_payment,
        name="payment_request",
    ),
    path("grants/<int:pk>/payments/<int:payment_pk>/withdraw/", withdraw, name="payment_withdraw"),
    path(
        "grants/<int:pk>/payments/<int:payment_pk>/<str:action>/",
        payment_action,
        name="payment_action",
    ),
]
grantee_urlpatterns: list = []
