"""Assessors' pages: the bids assigned to them, and scoring one bid.

A person sees only bids assigned to them now (404 for anything else). Another assessor's scores
appear only once this person has submitted their own, so every assessment stays independent.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from ..forms_scoring import SUBMIT, ScoringForm
from ..models import Assessment, Assignment
from ..selectors import assessments as selectors
from ..selectors.assignments import may_declare_conflicts
from ..selectors.scoring_sheet import saved_scores, scoring_sheet
from ..services import assessments as services
from ..services.assessments import comment_field, score_field


@sign_in_required
@require_GET
@never_cache
def my_assessments(request):
    return render(
        request,
        "assessment/scoring/my_assessments.html",
        {
            "rounds": selectors.my_assignments(request.user),
            "may_declare_conflicts": may_declare_conflicts(request.user),
        },
    )


def _assignment(request, reference) -> Assignment:
    try:
        return selectors.assignment_for_scoring(request.user, reference)
    except Assignment.DoesNotExist:
        raise Http404("No bid assigned to you has that reference") from None


def _initial(assessment: Assessment | None) -> dict:
    initial = {"version": assessment.version if assessment else 0}
    for criterion_id, (score, comment) in saved_scores(assessment).items():
        initial[score_field(criterion_id)] = "" if score is None else str(score)
        initial[comment_field(criterion_id)] = comment
    return initial


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def score(request, reference):
    assignment = _assignment(request, reference)
    application = assignment.application
    round = application.round
    criteria = list(round.criteria.all())
    descriptors = list(round.score_descriptors)
    assessment = selectors.own_assessment(assignment)
    form = None
    stale = None
    page_errors: list[str] = []

    if assessment is None or assessment.state != Assessment.State.SUBMITTED:
        data = request.POST if request.method == "POST" else kept_answers(request)
        form = ScoringForm(
            data, initial=_initial(assessment), criteria=criteria, descriptors=descriptors
        )
        if request.method == "POST" and form.is_valid():
            version = form.cleaned_data.get("version")
            try:
                services.save_scores(
                    request.user,
                    assignment,
                    form.entries(),
                    submit=form.submitting,
                    expected_version=-1 if version is None else version,
                )
            except services.StaleScores as error:
                stale = error
                form.data = form.data.copy()
                form.data["version"] = error.current_version
                form.add_error(None, error.message)
                assessment = selectors.own_assessment(assignment)
            except services.IncompleteScores as error:
                for field_name, message in error.problems:
                    form.add_error(field_name, message)
            except DomainError as error:
                add_to_form(form, error)
                assessment = selectors.own_assessment(assignment)
            else:
                if form.cleaned_data.get("action") == SUBMIT:
                    messages.success(request, "Your scores have been submitted.")
                else:
                    messages.success(request, "Your draft scores have been saved.")
                return redirect("assessment:score", application.reference)
    elif request.method == "POST":
        # Already submitted: let the service say why nothing can change.
        try:
            services.save_scores(
                request.user, assignment, {}, submit=False, expected_version=assessment.version
            )
        except DomainError as error:
            page_errors.append(error.message)

    submitted = assessment is not None and assessment.state == Assessment.State.SUBMITTED
    if submitted and form is not None:
        # Submitted meanwhile (in another tab): show the fixed scores, keep the reason.
        page_errors.extend(str(message) for message in form.errors.get("__all__", []))
        form = None
    sheet = scoring_sheet(request.user, application, criteria, assessment)
    error_items = (error_summary_items(form) if form is not None else []) + [
        {"text": message} for message in page_errors
    ]
    return render(
        request,
        "assessment/scoring/score.html",
        {
            "assignment": assignment,
            "application": application,
            "round": round,
            "amount_requested": selectors.amount_requested(application),
            "documents": list(application.documents.all()),
            "scale": sheet.scale,
            "highest": sheet.highest,
            "criteria": criteria,
            "assessment": assessment,
            "submitted": submitted,
            "rows": sheet.rows,
            "total": sheet.total,
            "others": sheet.others,
            "comparison": sheet.comparison,
            "form": form,
            "stale": stale,
            "error_items": error_items,
            "form_has_errors": bool(error_items),
        },
    )


urlpatterns = [
    path("assessment/", my_assessments, name="my_assessments"),
    path("assessment/bids/<str:reference>/", score, name="score"),
]
