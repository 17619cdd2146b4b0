"""The programme team's round hub, and assigning assessors to bids: one by one or in bulk.

Only managers of the round's programme may open these pages; anyone else gets 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.applications.models import Application
from innovation_fund.applications.selectors import amount_requested
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.programmes.models import Round

from .. import policies
from ..forms_assignment import AssignAssessorForm, WithdrawAssignmentForm
from ..models import Assignment
from ..selectors import round_overview
from ..selectors.assignments import (
    alphabetical,
    assessors_with_workload,
    assignments_for_bid,
    conflicts_by_assessor,
)
from ..services import assignments as services


def _managed_round(request, round_pk) -> Round:
    try:
        return round_overview.round_managed_by(request.user, round_pk)
    except Round.DoesNotExist:
        raise Http404("No round you manage has that number") from None


def managed_bid(request, reference) -> Application:
    """A submitted bid in a round the person manages, with its amount requested; 404 if not."""
    try:
        return (
            policies.bids_managed_by(request.user)
            .select_related("round__programme", "lead_organisation")
            .annotate(amount_requested_pence=amount_requested())
            .get(reference=reference)
        )
    except Application.DoesNotExist:
        raise Http404("No bid you manage has that reference") from None


@sign_in_required
@require_GET
@never_cache
def round_hub(request, round_pk):
    round = _managed_round(request, round_pk)
    bids = round_overview.bids_for_overview(request.user, round)
    return render(
        request,
        "assessment/round/hub.html",
        {
            "round": round,
            "programme": round.programme,
            "bids": bids,
            "progress": round_overview.progress(round, bids),
        },
    )


@sign_in_required
@require_POST
def assign_automatically(request, round_pk):
    round = _managed_round(request, round_pk)
    try:
        result = services.assign_automatically(request.user, round)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("assessment:round", round.pk)
    if result.made:
        messages.success(
            request,
            f"{result.made} assessor{'' if result.made == 1 else 's'} assigned. "
            "Each assessor has been emailed their new bids.",
        )
    elif not result.shortfalls:
        messages.success(request, "Every eligible bid already has enough assessors.")
    if result.shortfalls:
        count = len(result.shortfalls)
        details = "; ".join(str(shortfall) for shortfall in result.shortfalls)
        messages.warning(
            request,
            f"{count} bid{' does' if count == 1 else 's do'} not have enough assessors. {details}.",
        )
    return redirect("assessment:round", round.pk)


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def assessors(request, reference):
    application = managed_bid(request, reference)
    round = application.round
    people = assessors_with_workload(round)
    conflicts = conflicts_by_assessor(people, application)
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = AssignAssessorForm(data, assessors=alphabetical(people), conflicts=conflicts)
    if request.method == "POST" and form.is_valid():
        assessor = form.chosen()
        try:
            services.assign_assessor(request.user, application, assessor)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                f"{assessor.display_name} has been asked to assess {application.reference}.",
            )
            return redirect("assessment:assessors", application.reference)
    all_assignments = assignments_for_bid(application)
    check = round_overview.eligibility_of(application)
    return render(
        request,
        "assessment/assignment/assessors.html",
        {
            "application": application,
            "round": round,
            "programme": round.programme,
            "check": check,
            "active": [a for a in all_assignments if a.state == Assignment.State.ACTIVE],
            "withdrawn": [a for a in all_assignments if a.state == Assignment.State.WITHDRAWN],
            "conflicted": [
                (person, conflicts[person.pk])
                for person in alphabetical(people)
                if conflicts[person.pk]
            ],
            "decided": application.decisions.exists(),
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def withdraw_assignment(request, reference, assignment_pk):
    application = managed_bid(request, reference)
    try:
        assignment = (
            application.assignments.active().select_related("assessor").get(pk=assignment_pk)
        )
    except Assignment.DoesNotExist:
        raise Http404("That assessor is not assessing this bid") from None
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = WithdrawAssignmentForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_assignment(request.user, assignment, form.cleaned_data["reason"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                f"{assignment.assessor.display_name} no longer assesses {application.reference}.",
            )
            return redirect("assessment:assessors", application.reference)
    return render(
        request,
        "assessment/assignment/withdraw.html",
        {
            "application": application,
            "round": application.round,
            "programme": application.round.programme,
            "assignment": assignment,
            "has_submitted": services.submitted_assessment(assignment),
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


urlpatterns = [
    path("manage/rounds/<int:round_pk>/assessment/", round_hub, name="round"),
    path(
        "manage/rounds/<int:round_pk>/assessment/assign/",
        assign_automatically,
        name="assign_automatically",
    ),
    path("manage/bids/<str:reference>/assessors/", assessors, name="assessors"),
    path(
        "manage/bids/<str:reference>/assessors/<int:assignment_pk>/withdraw/",
        withdraw_assignment,
        name="withdraw_assignment",
    ),
]
