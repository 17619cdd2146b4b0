"""Payment by results on the grant pages: the outcome payment terms and the claims against them,
adding and removing a term, and verifying a claim (showing its evidence and the sum).

The programme team's pages are for anyone who works on the grant's programme (anyone else gets
404); only its managers act, and the others see why they cannot. The grantee sees the terms and
their claims, read-only.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form
from innovation_fund.core.forms import PoundsField
from innovation_fund.programmes.models import Outcome

from ..models import Grant, OutcomeClaim, OutcomePaymentTerm
from ..money import Money, money_by_outcome_claim
from ..policies.grants import PROGRAMME_MANAGER, holds
from ..policies.outcome_payments import (
    may_remove_outcome_term,
    may_set_outcome_terms,
    why_claim_cannot_be_verified,
)
from ..policies.payments import may_request_payment
from ..services import outcome_payments as services
from ..services.payments import request_outcome_payment
from .lookups import form_page, team_grant_or_404

SECTION_ANCHOR = "#outcome-payments"


# --- What the grant pages show --------------------------------------------------------------


@dataclass(frozen=True)
class ClaimRow:
    claim: OutcomeClaim
    money: Money
    verify_refusal: str  # "" when it may be verified now

    @property
    def payment_state(self) -> str:
        claim, money = self.claim, self.money
        if claim.amount_due_pence is None:
            return "Not due until verified"
        if claim.amount_due_pence == 0:
            return "Nothing due"
        if money.paid_pence >= claim.amount_due_pence:
            return "Paid"
        if money.approved_pence >= claim.amount_due_pence:
            return "Approved, not yet paid"
        if money.requested_pence > 0:
            return "Payment requested, waiting for a finance officer"
        return "Payment not requested yet"


@dataclass(frozen=True)
class TermRow:
    term: OutcomePaymentTerm
    units_verified: int
    due_pence: int
    paid_pence: int


@dataclass(frozen=True)
class OutcomePayments:
    budget_pence: int
    terms: list[TermRow]
    claims: list[ClaimRow]
    caps_pence: int

    @property
    def caps_exceed_budget(self) -> bool:
        return self.caps_pence > self.budget_pence


def _outcome_payments(grant: Grant) -> OutcomePayments:
    """The grant's terms and claims with their money. Five queries however many there are."""
    terms = list(
        OutcomePaymentTerm.objects.filter(grant=grant)
        .select_related("outcome")
        .annotate(claim_count=Count("claims"))
        .order_by("id")
    )
    claims = list(
        OutcomeClaim.objects.filter(term__grant=grant)
        .select_related("term__outcome", "monitoring_return")
        .order_by("monitoring_return__number", "term_id")
    )
    money = money_by_outcome_claim(grant)
    claim_rows = []
    for claim in claims:
        claim.term.grant = grant
        claim_rows.append(
            ClaimRow(
                claim=claim,
                money=money.get(claim.pk, Money()),
                verify_refusal=why_claim_cannot_be_verified(claim),
            )
        )
    term_rows = []
    for term in terms:
        mine = [row for row in claim_rows if row.claim.term_id == term.pk]
        term_rows.append(
            TermRow(
                term=term,
                units_verified=sum(row.claim.units_verified or 0 for row in mine),
                due_pence=sum(row.claim.amount_due_pence or 0 for row in mine),
                paid_pence=sum(row.money.paid_pence for row in mine),
            )
        )
    return OutcomePayments(
        budget_pence=services.outcome_budget_pence(grant.pk),
        terms=term_rows,
        claims=claim_rows,
        caps_pence=sum(term.cap_pence for term in terms),
    )


def manage_section(request, grant) -> dict:
    """What the programme team's grant page shows of this part (template
    grants/manage/sections/_outcome_payments.html)."""
    return {
        "outcome_payments": _outcome_payments(grant),
        "outcome_payment_permission": may_request_payment(request.user, grant),
        "outcome_terms_permission": may_set_outcome_terms(request.user, grant),
        "outcome_claims_permission": holds(
            request.user, grant, PROGRAMME_MANAGER, "verify outcome claims"
        ),
    }


def grantee_section(request, grant) -> dict:
    """What the grantee's grant page shows of this part (template
    grants/grantee/sections/_outcome_payments.html)."""
    return {"outcome_payments": _outcome_payments(grant)}


# --- Forms ----------------------------------------------------------------------------------


class OutcomeTermForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        help_text="From the programme’s outcome framework",
        error_messages={
            "required": "Choose the outcome to pay for",
            "invalid_choice": "Choose an outcome from the list",
        },
    )
    price_per_unit_pence = PoundsField(
        label="Price per unit of the outcome", subject="the price per unit", min_pence=1
    )
    cap_pence = PoundsField(
        label="Cap",
        help_text="The most this outcome can ever pay, however many units are verified",
        subject="the cap",
        min_pence=1,
    )
    evidence_required = forms.CharField(
        label="Evidence required",
        help_text="What the grantee must give with each claim for its units to be verified",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={
            "required": "Say what evidence the grantee must give",
            "max_length": "The evidence required must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, outcomes: list[Outcome], **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {str(outcome.pk): outcome for outcome in outcomes}
        self.fields["outcome"].choices = [("", "Choose an outcome")] + [
            (str(outcome.pk), outcome.name) for outcome in outcomes
        ]

    def chosen_outcome(self) -> Outcome | None:
        return self.outcomes.get(self.cleaned_data["outcome"])


class VerifyClaimForm(forms.Form):
    units_verified = forms.IntegerField(
        label="Units verified",
        min_value=0,
        widget=forms.TextInput,
        error_messages={
            "required": "Enter the units verified",
            "invalid": "Enter the units verified as a whole number, like 12",
            "min_value": "The units verified must be 0 or more",
        },
    )
    reason = forms.CharField(
        label="Why fewer units are accepted than were claimed (if they are)",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        error_messages={"max_length": "The reason must be 5,000 characters or fewer"},
    )


# --- Pages ----------------------------------------------------------------------------------


def _grant_url(grant: Grant) -> str:
    return reverse("grant_management:grant", args=[grant.pk]) + SECTION_ANCHOR


def _current_outcomes(grant: Grant) -> list[Outcome]:
    """The programme's current outcomes that the grant does not pay for yet."""
    taken = OutcomePaymentTerm.objects.filter(grant=grant).values("outcome_id")
    return list(
        Outcome.objects.filter(programme_id=grant.round.programme_id, retired_at__isnull=True)
        .exclude(pk__in=taken)
        .order_by("position", "name")
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def add_term(request, pk: int):
    grant = team_grant_or_404(request, pk)
    permission = may_set_outcome_terms(request.user, grant)
    if request.method == "POST":
        permission.enforce()
    outcomes = _current_outcomes(grant)
    form = OutcomeTermForm(
        request.POST if request.method == "POST" else kept_answers(request), outcomes=outcomes
    )
    if request.method == "POST" and form.is_valid():
        try:
            term = services.add_outcome_term(
                request.user,
                grant,
                outcome=form.chosen_outcome(),
                price_per_unit_pence=form.cleaned_data["price_per_unit_pence"],
                cap_pence=form.cleaned_data["cap_pence"],
                evidence_required=form.cleaned_data["evidence_required"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Outcome payment added for {term.outcome.name}")
            return redirect(_grant_url(grant))
    return form_page(
        request,
        "grants/outcome_payments/add_term.html",
        form,
        grant=grant,
        permission=permission,
        outcomes=outcomes,
        budget_pence=services.outcome_budget_pence(grant.pk),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def remove_term(request, pk: int, term_pk: int):
    grant = team_grant_or_404(request, pk)
    try:
        term = (
            OutcomePaymentTerm.objects.filter(grant=grant)
            .select_related("outcome")
            .annotate(claim_count=Count("claims"))
            .get(pk=term_pk)
        )
    except OutcomePaymentTerm.DoesNotExist:
        raise Http404("The grant has no outcome payment with that number") from None
    term.grant = grant
    permission = may_remove_outcome_term(request.user, term, claims=term.claim_count)
    error = None
    if request.method == "POST":
        permission.enforce()
        try:
            services.remove_outcome_term(request.user, term)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, f"Outcome payment for {term.outcome.name} removed")
            return redirect(_grant_url(grant))
    return render(
        request,
        "grants/outcome_payments/remove_term.html",
        {
            "grant": grant,
            "term": term,
            "permission": permission,
            "error_items": [{"text": error}] if error else [],
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def verify_claim(request, pk: int, claim_pk: int):
    grant = team_grant_or_404(request, pk)
    try:
        claim = (
            OutcomeClaim.objects.filter(term__grant=grant)
            .select_related("term__outcome", "monitoring_return", "verified_by")
            .get(pk=claim_pk)
        )
    except OutcomeClaim.DoesNotExist:
        raise Http404("The grant has no outcome claim with that number") from None
    claim.term.grant = grant
    role = holds(request.user, grant, PROGRAMME_MANAGER, "verify outcome claims")
    refusal = role.reason if not role else why_claim_cannot_be_verified(claim)
    if request.method == "POST" and refusal:
        role.enforce()
    form = VerifyClaimForm(
        request.POST if request.method == "POST" else kept_answers(request),
        initial={"units_verified": claim.units_claimed},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_claim(
                request.user,
                claim,
                units_verified=form.cleaned_data["units_verified"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Claim for {claim.term.outcome.name} verified")
            return redirect(_grant_url(grant))
    # The sum is shown for the units typed, when they make sense, else for all those claimed.
    preview_units = claim.units_claimed
    if form.is_bound and not form.has_error("units_verified"):
        preview_units = form.cleaned_data["units_verified"]
    return form_page(
        request,
        "grants/outcome_payments/verify_claim.html",
        form,
        grant=grant,
        claim=claim,
        refusal=refusal,
        due=services.due_sum(claim, preview_units) if claim.units_verified is None else None,
    )


@sign_in_required
@require_POST
def request_claim_payment(request, pk: int, claim_pk: int):
    """A manager asks for a verified claim's amount due to be paid; a finance officer who did not
    ask approves it, as for any instalment."""
    grant = team_grant_or_404(request, pk)
    try:
        claim = OutcomeClaim.objects.get(pk=claim_pk, term__grant=grant)
    except OutcomeClaim.DoesNotExist:
        raise Http404("The grant has no outcome claim with that number") from None
    holds(request.user, grant, PROGRAMME_MANAGER, "request payments").enforce()
    try:
        request_outcome_payment(request.user, claim)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Payment of the verified claim requested: a finance officer who did not request it "
            "must now approve it",
        )
    return redirect(_grant_url(grant))


manage_urlpatterns: list = [
    path(
        "grants/<int:pk>/outcome-claims/<int:claim_pk>/request-payment/",
        request_claim_payment,
        name="outcome_claim_request_payment",
    ),
    path("grants/<int:pk>/outcome-payments/add/", add_term, name="outcome_term_add"),
    path(
        "grants/<int:pk>/outcome-payments/<int:term_pk>/remove/",
        remove_term,
        name="outcome_term_remove",
    ),
    path(
        "grants/<int:pk>/outcome-claims/<int:claim_pk>/verify/",
        verify_claim,
        name="outcome_claim_verify",
    ),
]
grantee_urlpatterns: list = []
