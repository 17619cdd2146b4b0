"""The panel's decision on a bid, recorded by a programme manager of the bid's programme.

Anyone else gets 404: the bid is looked up through the bids the person manages.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.applications.models import Application
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.core.money import format_gbp

from ..forms_decisions import DecisionForm
from ..models import Decision
from ..selectors import decisions as selectors
from ..services.decisions import record_decision


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def decision(request, reference):
    try:
        application = selectors.bid_to_decide(request.user, reference)
    except Application.DoesNotExist:
        raise Http404("No submitted bid you manage has that reference") from None
    page = selectors.decision_page(application)
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = DecisionForm(data, asked={year.start_year: amount for year, amount in page.asked})
    if request.method == "POST" and form.is_valid():
        try:
            made = record_decision(request.user, application, **form.decision_arguments())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _confirmation(made))
            return redirect("assessment:decision", application.reference)
        # The money left may have changed while the decision was refused: show it as it is now.
        page = selectors.decision_page(application)
    return render(
        request,
        "assessment/decisions/decision.html",
        {
            "application": application,
            "round": application.round,
            "programme": application.round.programme,
            "page": page,
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


def _confirmation(made: Decision) -> str:
    reference = made.application.reference
    if made.outcome == Decision.Outcome.APPROVE:
        return f"{reference} approved with an award of {format_gbp(made.award_pence)}"
    if made.outcome == Decision.Outcome.REJECT:
        return f"{reference} rejected"
    return f"{reference} deferred"


urlpatterns = [
    path("manage/bids/<str:reference>/decision/", decision, name="decision"),
]
