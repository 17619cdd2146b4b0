"""Assessors and moderators declare the organisations they have a conflict of interest with:
registered ones, or others by the name bids give them.

Anyone else gets 404. Declarations are kept for good: there is no way to remove one here.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from ..forms_assignment import ConflictForm
from ..selectors.assignments import declared_conflicts, may_declare_conflicts
from ..services.conflicts import declare_conflict, declare_conflict_with_named_partner


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def conflicts(request):
    if not may_declare_conflicts(request.user):
        raise Http404("Only assessors and moderators declare conflicts of interest")
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = ConflictForm(data)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        reason = form.cleaned_data["reason"]
        try:
            if organisation is not None:
                conflict = declare_conflict(request.user, organisation, reason)
            else:
                conflict = declare_conflict_with_named_partner(
                    request.user, form.cleaned_data["partner_name"], reason
                )
        except DomainError as error:
            add_to_form(form, error)
        else:
            text = f"Your conflict of interest with {conflict.organisation_name} has been recorded."
            withdrawn = conflict.withdrawn_assignments
            if withdrawn:
                references = ", ".join(
                    f"{assignment.application.reference} ({assignment.application.display_title})"
                    for assignment in withdrawn
                )
                text += (
                    f" You no longer assess {'this bid' if len(withdrawn) == 1 else 'these bids'}"
                    f": {references}. The programme team has been told."
                )
            messages.success(request, text)
            return redirect("assessment:conflicts")
    return render(
        request,
        "assessment/conflicts/list.html",
        {
            "conflicts": list(declared_conflicts(request.user)),
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


urlpatterns = [
    path("assessment/conflicts/", conflicts, name="conflicts"),
]
