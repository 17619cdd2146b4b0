"""The offer: the grantee reads it (conditions, payment schedule, letter, date to respond by),
and an accountable officer accepts or declines it, each a question page then a confirmation.
The programme team sees the offer's state on the grant page and may give more time to respond.

Grantee pages find the grant among the person's organisations' grants, team pages among their
programmes' grants: anything else is 404. People who may see but not act are told who can, and
a POST from them is refused.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form
from innovation_fund.core.forms import GovukDateField

from ..models import Grant, Letter
from ..policies.offers import may_move_offer
from ..schedule_selectors import schedule_of
from ..services import offers as services
from .lookups import form_page, grantee_grant_or_404, team_grant_or_404

RELATED = ("round__programme", "recipient", "project", "responded_by")


def _letter(grant: Grant) -> Letter | None:
    return (
        Letter.objects.filter(decision_id=grant.decision_id, kind=Letter.Kind.OFFER)
        .select_related("application")
        .order_by("-created_at")
        .first()
    )


def _offer(request, grant: Grant) -> dict:
    return {
        "offer_letter": _letter(grant),
        "may_accept": may_move_offer(request.user, grant, "accept"),
        "may_decline": may_move_offer(request.user, grant, "decline"),
    }


# --- What the grant pages show --------------------------------------------------------------


def manage_section(request, grant) -> dict:
    """What the programme team's grant page shows of this part (template
    grants/manage/sections/_offers.html)."""
    return {
        "offer_letter": _letter(grant),
        "may_extend": may_move_offer(request.user, grant, "extend_response_date"),
    }


def grantee_section(request, grant) -> dict:
    """What the grantee's grant page shows of this part (template
    grants/grantee/sections/_offers.html)."""
    return _offer(request, grant)


# --- Forms ----------------------------------------------------------------------------------


class AcceptForm(forms.Form):
    accepts_conditions = forms.BooleanField(required=False)

    def __init__(self, *args, organisation: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "accepts_conditions"
        ].label = f"I accept the conditions of this grant on behalf of {organisation}"


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why is the offer declined?",
        help_text="The programme team reads this. It is kept with the grant's history.",
        widget=forms.Textarea,
        required=False,
        max_length=services.MOST_REASON_CHARACTERS,
        error_messages={"max_length": "The reason must be 5,000 characters or fewer"},
    )


class RespondByForm(forms.Form):
    respond_by = GovukDateField(
        label="New date to respond by", subject="the new date to respond by"
    )


# --- Grantee pages --------------------------------------------------------------------------


@sign_in_required
@require_GET
@never_cache
def offer(request, pk: int):
    grant = grantee_grant_or_404(request, pk, related=RELATED)
    return render(
        request,
        "grants/offers/offer.html",
        {
            "grant": grant,
            "schedule": schedule_of(grant, with_money=False),
            **_offer(request, grant),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def accept(request, pk: int):
    grant = grantee_grant_or_404(request, pk, related=RELATED)
    permission = may_move_offer(request.user, grant, "accept")
    if request.method == "POST":
        permission.enforce()
    form = AcceptForm(
        request.POST if request.method == "POST" else kept_answers(request),
        organisation=grant.recipient.name,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_offer(
                request.user, grant, accepts_conditions=form.cleaned_data["accepts_conditions"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            return redirect("your_grants:offer_answered", pk=grant.pk)
    return form_page(request, "grants/offers/accept.html", form, grant=grant, permission=permission)


@sign_in_required
@require_http_methods(["GET", "POST"])
def decline(request, pk: int):
    grant = grantee_grant_or_404(request, pk, related=RELATED)
    permission = may_move_offer(request.user, grant, "decline")
    if request.method == "POST":
        permission.enforce()
    form = DeclineForm(request.POST if request.method == "POST" else kept_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_offer(request.user, grant, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            return redirect("your_grants:offer_answered", pk=grant.pk)
    return form_page(
        request, "grants/offers/decline.html", form, grant=grant, permission=permission
    )


@sign_in_required
@require_GET
@never_cache
def answered(request, pk: int):
    """The confirmation after accepting or declining (or, later, what the answer was)."""
    grant = grantee_grant_or_404(request, pk, related=RELATED)
    if grant.state == Grant.State.OFFERED:
        return redirect("your_grants:offer", pk=grant.pk)
    return render(request, "grants/offers/answered.html", {"grant": grant})


# --- Team pages -----------------------------------------------------------------------------


@sign_in_required
@require_http_methods(["GET", "POST"])
def extend(request, pk: int):
    grant = team_grant_or_404(request, pk, related=RELATED)
    permission = may_move_offer(request.user, grant, "extend_response_date")
    if request.method == "POST":
        permission.enforce()
    form = RespondByForm(request.POST if request.method == "POST" else kept_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.extend_response_date(
                request.user, grant, respond_by=form.cleaned_data["respond_by"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The date to respond by has been changed")
            return redirect(reverse("grant_management:grant", args=[grant.pk]) + "#offer")
    return form_page(request, "grants/offers/extend.html", form, grant=grant, permission=permission)


manage_urlpatterns: list = [
    path("grants/<int:pk>/offer/respond-by/", extend, name="offer_extend"),
]
grantee_urlpatterns: list = [
    path("<int:pk>/offer/", offer, name="offer"),
    path("<int:pk>/offer/accept/", accept, name="offer_accept"),
    path("<int:pk>/offer/decline/", decline, name="offer_decline"),
    path("<int:pk>/offer/answered/", answered, name="offer_answered"),
]
