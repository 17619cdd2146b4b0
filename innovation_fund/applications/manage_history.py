"""A bid's History page, for the managers of its programme once it has been submitted.

Applicants' drafts are their own: until a bid is submitted (or after, when it is one the
manager may not read) the page answers 404, as for anyone who does not manage the programme.
The panel's decisions on the bid have their own History page (assessment), as its grant does.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.history import HISTORY_TEMPLATE, events_of, history_context
from innovation_fund.programmes.policies import may_manage_programme

from .models import Application
from .policies import bids_visible_to


@sign_in_required
@require_GET
@never_cache
def bid_history(request, reference: str):
    try:
        application = (
            bids_visible_to(request.user)
            .select_related("round__programme")
            .get(reference=reference)
        )
    except Application.DoesNotExist:
        raise Http404("No bid you manage has that reference") from None
    if not may_manage_programme(request.user, application.round.programme):
        raise Http404("No bid you manage has that reference")
    context = history_context(
        request,
        events_of(application),
        kind=application,
        caption=f"{application.round.name} · {application.reference}: {application.display_title}",
        back_url=reverse("bid_management:round_bids", args=[application.round_id]),
        back_label=f"Back to bids in {application.round.name}",
        scope_note="The panel’s decisions on the bid have their own history.",
    )
    return render(request, HISTORY_TEMPLATE, context)
