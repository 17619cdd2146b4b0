"""The panel's pages: scores side by side with the disagreements flagged, moderating a bid, and
the round's ranked list with the budget line.

Moderators and programme managers of the round's programme may look; only moderators record
moderated scores. Anyone else gets 404, so a round's scores are not given away.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.applications.models import Application
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.programmes.models import Round

from .. import policies
from ..forms_moderation import ModerationFilterForm, ModerationForm
from ..selectors import moderation as selectors
from ..services import moderation as services


def _panel_round(request, round_pk) -> Round:
    user = request.user
    rounds = Round.objects.filter(
        Q(pk__in=policies.rounds_moderated_by(user).values("pk"))
        | Q(pk__in=policies.rounds_managed_by(user).values("pk"))
    ).select_related("programme")
    try:
        return rounds.get(pk=round_pk)
    except Round.DoesNotExist:
        raise Http404("No round you moderate or manage has that number") from None


def _panel_bid(request, reference) -> Application:
    user = request.user
    bids = Application.objects.filter(
        Q(pk__in=policies.bids_moderated_by(user).values("pk"))
        | Q(pk__in=policies.bids_managed_by(user).values("pk"))
    ).select_related("round__programme", "lead_organisation")
    try:
        return bids.get(reference=reference)
    except Application.DoesNotExist:
        raise Http404("No bid you moderate or manage has that reference") from None


@sign_in_required
@require_GET
@never_cache
def overview(request, round_pk):
    round = _panel_round(request, round_pk)
    form = ModerationFilterForm(request.GET or None)
    flagged_only = form.is_valid() and form.cleaned_data["flagged"]
    bids = selectors.moderation_overview(round, flagged_only=flagged_only)
    return render(
        request,
        "assessment/moderation/overview.html",
        {
            "round": round,
            "form": form,
            "bids": bids,
            "flagged_only": flagged_only,
            "may_moderate": policies.may_moderate(request.user, round),
            "may_manage": policies.may_manage_assessment(request.user, round),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def moderate(request, reference):
    application = _panel_bid(request, reference)
    round = application.round
    may_moderate = policies.may_moderate(request.user, round)
    if request.method == "POST" and not may_moderate:
        raise Http404("Only a moderator can record moderated scores")
    scores = selectors.bid_scores(application)
    latest = scores.latest_moderation
    form = ModerationForm(
        request.POST if request.method == "POST" else kept_answers(request),
        criteria=scores.criteria,
        score_descriptors=round.score_descriptors,
        initial={
            services.score_field(criterion_id): score
            for criterion_id, score in (latest.scores.items() if latest else [])
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate(request.user, application, form.scores(), form.cleaned_data["reason"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Moderated scores recorded for {application.reference}.")
            return redirect("assessment:moderate", application.reference)
    return render(
        request,
        "assessment/moderation/moderate.html",
        {
            "application": application,
            "round": round,
            "scores": scores,
            "form": form,
            "may_moderate": may_moderate,
            "may_manage": policies.may_manage_assessment(request.user, round),
            "readiness_problem": services.readiness_problem(application),
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


@sign_in_required
@require_GET
@never_cache
def ranking(request, round_pk):
    round = _panel_round(request, round_pk)
    return render(
        request,
        "assessment/moderation/ranking.html",
        {
            "round": round,
            "ranking": selectors.ranking(round),
            "may_manage": policies.may_manage_assessment(request.user, round),
        },
    )


urlpatterns = [
    path("manage/rounds/<int:round_pk>/moderation/", overview, name="moderation"),
    path("manage/bids/<str:reference>/moderate/", moderate, name="moderate"),
    path("manage/rounds/<int:round_pk>/ranking/", ranking, name="ranking"),
]
