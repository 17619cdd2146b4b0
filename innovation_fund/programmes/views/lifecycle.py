"""Moving a round along its lifecycle from its page: publish, unpublish, mark as complete.

Each is a confirmation page, then a POST that calls the one service for the move. The page
shows why the move cannot be made now, when it cannot (the table's guards, through the policy).
Only the programme's managers reach these pages; anyone else gets 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.permissions import Refused

from .. import selectors
from ..lifecycle import ROUND_LIFECYCLE, status_tag
from ..lifecycle_selectors import reasons_not_now
from ..models import Round
from ..policies import may_act_on_round, rounds_managed_by
from ..services import round_lifecycle

DONE = {
    "publish": "You published {name}. It is on the public funding rounds pages.",
    "unpublish": "You unpublished {name}. It is a draft again.",
    "complete": "You marked {name} as complete.",
}


def _managed_round(request, pk: int) -> Round:
    if not rounds_managed_by(request.user).filter(pk=pk).exists():
        raise Http404("No round you manage has that number")
    return selectors.managed_round(pk)


def _lifecycle_page(request, pk: int, action: str, move):
    funding_round = _managed_round(request, pk)
    reasons: list[str] = []
    if request.method == "POST":
        try:
            move(request.user, funding_round)
        except Refused as refusal:
            reasons = refusal.reasons
        else:
            messages.success(request, DONE[action].format(name=funding_round.name))
            return redirect("programmes:round_detail", funding_round.pk)
    else:
        permission = may_act_on_round(request.user, funding_round, action)
        if not permission:
            reasons = reasons_not_now(request.user, funding_round, action)
    row = ROUND_LIFECYCLE.rows_for(action)[0]
    return render(
        request,
        "programmes/round_lifecycle_confirm.html",
        {
            "round": funding_round,
            "programme": funding_round.programme,
            "row": row,
            "action": action,
            "reasons": reasons,
            "tag": status_tag(funding_round),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def publish(request, pk: int):
    return _lifecycle_page(request, pk, "publish", round_lifecycle.publish_round)


@sign_in_required
@require_http_methods(["GET", "POST"])
def unpublish(request, pk: int):
    return _lifecycle_page(request, pk, "unpublish", round_lifecycle.unpublish_round)


@sign_in_required
@require_http_methods(["GET", "POST"])
def complete(request, pk: int):
    return _lifecycle_page(request, pk, "complete", round_lifecycle.complete_round)
