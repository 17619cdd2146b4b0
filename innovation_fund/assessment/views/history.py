"""The History of the panel's decisions on a bid, for the managers of its programme.

A decision is never changed (a change of mind is a new decision that supersedes it), so the
history of "the decision" is that of every decision on the bid, and of the announcements that
made them public. Anyone else gets 404.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.applications.models import Application
from innovation_fund.applications.policies import bids_visible_to
from innovation_fund.core.history import HISTORY_TEMPLATE, events_of_each, history_context

from .. import policies
from ..models import AwardBatch, Decision


@sign_in_required
@require_GET
@never_cache
def decision_history(request, reference: str):
    managed = bids_visible_to(request.user).filter(
        round__in=policies.rounds_managed_by(request.user)
    )
    try:
        application = managed.select_related("round").get(reference=reference)
    except Application.DoesNotExist:
        raise Http404("No bid you manage has that reference") from None
    decisions = Decision.objects.filter(application=application)
    batches = AwardBatch.objects.filter(entries__decision__application=application)
    context = history_context(
        request,
        events_of_each(Decision, decisions) | events_of_each(AwardBatch, batches),
        kind=Decision,
        caption=f"Decision on {application.reference}: {application.display_title}",
        back_url=reverse("assessment:decision", args=[application.reference]),
        back_label="Back to the decision",
        scope_note=(
            "It includes every decision recorded on the bid, superseded or not, and the "
            "announcement that made the decision public."
        ),
    )
    return render(request, HISTORY_TEMPLATE, context)


urlpatterns = [
    path(
        "manage/bids/<str:reference>/decision/history/", decision_history, name="decision_history"
    ),
]
