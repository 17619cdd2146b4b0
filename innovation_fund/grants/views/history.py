"""A grant's History page, for the managers of its programme (anyone else gets 404).

It includes the letter written for the decision behind the grant and the public project the
grant pays for, since their changes are changes to what was granted.
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
    events_of_each,
    events_of_parts,
    history_context,
)
from innovation_fund.programmes.policies import may_manage_programme

from ..models import (
    Grant,
    Letter,
    MonitoringReturn,
    OutcomeClaim,
    OutcomePaymentTerm,
    Payment,
    Variation,
)


@sign_in_required
@require_GET
@never_cache
def grant_history(request, pk: int):
    grant = get_object_or_404(
        Grant.objects.select_related("round__programme", "recipient", "application", "project"),
        pk=pk,
    )
    if not may_manage_programme(request.user, grant.round.programme):
        raise Http404("No grant you manage has that number")
    context = history_context(
        request,
        grant_scope(grant),
        kind=grant,
        caption=f"{grant.round.name}: grant to {grant.recipient.name}",
        back_url=_back_url(grant),
        back_label="Back to the decision" if grant.application_id else "Back to the round",
        scope_note="It includes the decision letter and the project on the public website.",
    )
    return render(request, HISTORY_TEMPLATE, context)


def grant_scope(grant: Grant):
    scope = events_of(grant)
    if grant.decision_id:
        scope |= events_of_each(Letter, Letter.objects.filter(decision_id=grant.decision_id))
    if grant.project_id:
        scope |= events_of(grant.project)
    scope |= events_of_parts(OutcomePaymentTerm, parent_field="grant", parent=grant)
    scope |= events_of_each(OutcomeClaim, OutcomeClaim.objects.filter(term__grant=grant))
    scope |= events_of_each(Variation, Variation.objects.filter(grant=grant))
    scope |= events_of_each(Payment, Payment.objects.filter(grant=grant))
    scope |= events_of_each(MonitoringReturn, MonitoringReturn.objects.filter(grant=grant))
    return scope


def _back_url(grant: Grant) -> str:
    if grant.application_id:
        return reverse("assessment:decision", args=[grant.application.reference])
    return reverse("programmes:round_detail", args=[grant.round_id])
