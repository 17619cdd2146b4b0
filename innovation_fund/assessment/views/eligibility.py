"""The programme team checks a bid against its round's rules. Managers only; 404 for others."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.organisations.models import OrganisationType

from ..forms_assignment import EligibilityForm
from ..selectors.round_overview import eligibility_of
from ..services.eligibility import check_eligibility
from .assignment import managed_bid


def _rules_and_facts(application) -> dict:
    round = application.round
    organisation_type = application.lead_organisation.organisation_type
    amount = application.amount_requested_pence
    return {
        "eligible_types": [
            OrganisationType(value).label
            for value in round.eligible_organisation_types
            if value in OrganisationType.values
        ],
        "type_allowed": organisation_type in round.eligible_organisation_types,
        "organisation_type": application.lead_organisation.get_organisation_type_display(),
        "amount_too_low": round.minimum_bid_pence is not None and amount < round.minimum_bid_pence,
        "amount_too_high": round.maximum_bid_pence is not None and amount > round.maximum_bid_pence,
    }


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def eligibility(request, reference):
    application = managed_bid(request, reference)
    check = eligibility_of(application)
    decided = application.decisions.exists()
    data = request.POST if request.method == "POST" else kept_answers(request)
    initial = {}
    if check is not None:
        initial = {"is_eligible": "yes" if check.is_eligible else "no", "reasons": check.reasons}
    form = EligibilityForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        is_eligible = form.cleaned_data["is_eligible"] == "yes"
        try:
            check_eligibility(
                request.user,
                application,
                is_eligible=is_eligible,
                reasons=form.cleaned_data["reasons"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            if is_eligible:
                messages.success(request, f"{application.reference} is eligible.")
            else:
                messages.success(
                    request,
                    f"{application.reference} is not eligible. Its accountable officers have "
                    "been emailed the reasons.",
                )
            return redirect("assessment:round", application.round_id)
    return render(
        request,
        "assessment/eligibility/check.html",
        {
            "application": application,
            "round": application.round,
            "programme": application.round.programme,
            "check": check,
            "decided": decided,
            **_rules_and_facts(application),
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


urlpatterns = [
    path("manage/bids/<str:reference>/eligibility/", eligibility, name="eligibility"),
]
