"""The History pages of a programme and of a round, for the programme's managers.

Anyone else signed in gets 404, as if the record were not there.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.history import (
    HISTORY_TEMPLATE,
    events_of,
    events_of_parts,
    history_context,
)

from ..models import FocusArea, Outcome, Programme, ProgrammeRole, Round
from ..policies import may_manage_programme


@sign_in_required
@require_GET
@never_cache
def programme_history(request, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    if not may_manage_programme(request.user, programme):
        raise Http404("No programme you manage has that number")
    context = history_context(
        request,
        programme_scope(programme),
        kind=programme,
        caption=programme.name,
        back_url=reverse("programmes:detail", args=[programme.pk]),
        back_label=f"Back to {programme.name}",
        scope_note="It includes changes to the programme’s team and outcome framework.",
    )
    return render(request, HISTORY_TEMPLATE, context)


@sign_in_required
@require_GET
@never_cache
def round_history(request, pk: int):
    funding_round = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    if not may_manage_programme(request.user, funding_round.programme):
        raise Http404("No round you manage has that number")
    context = history_context(
        request,
        round_scope(funding_round),
        kind=funding_round,
        caption=f"{funding_round.programme.name}: {funding_round.name}",
        back_url=reverse("programmes:round_detail", args=[funding_round.pk]),
        back_label=f"Back to {funding_round.name}",
        scope_note="It includes changes to the round’s focus areas, and those since removed.",
    )
    return render(request, HISTORY_TEMPLATE, context)


def programme_scope(programme: Programme):
    """The programme's own events (its details and budgets by year are recorded against it),
    and those of its team's roles and its outcomes, including roles since removed."""
    return (
        events_of(programme)
        | events_of_parts(ProgrammeRole, parent_field="programme", parent=programme)
        | events_of_parts(Outcome, parent_field="programme", parent=programme)
    )


def round_scope(funding_round: Round):
    """The round's own events (its criteria, scoring scale and list of focus areas are
    recorded against it), and its focus areas', including those since removed."""
    return events_of(funding_round) | events_of_parts(
        FocusArea, parent_field="round", parent=funding_round
    )
