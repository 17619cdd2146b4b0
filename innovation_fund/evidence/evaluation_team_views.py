"""The programme team's evaluation pages (/manage/): the programme's evaluations, appointing an
evaluator, agreeing a plan, and reviewing, accepting and publishing reports.

Only the programme's managers see them; anyone else gets 404. Each page parses its form, calls
one service and renders; a refusal comes back as an error on the page.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.programmes.models import Programme
from innovation_fund.programmes.policies import programmes_managed_by

from . import evaluation_selectors as selectors
from .evaluation_forms import AppointForm, PublishForm, ReviewForm
from .policies import (
    PROGRAMME_MANAGER,
    evaluation_for_page,
    evaluations_of_programme_team,
    may,
    report_for_page,
    roles_for,
)
from .services import evaluations as evaluation_services
from .services import plans as plan_services
from .services import reports as report_services


def _programme(request, programme_pk: int) -> Programme:
    programme = programmes_managed_by(request.user).filter(pk=programme_pk).first()
    if programme is None:
        raise Http404("No programme you manage has that number")
    return programme


def _for_team(request, evaluation):
    """Only the programme's managers use these pages; an evaluator has their own."""
    if PROGRAMME_MANAGER not in roles_for(request.user, evaluation):
        raise Http404("No evaluation you manage has that number")
    return evaluation


def _form_page(request, template: str, form, **context):
    return render(
        request,
        f"evidence/team/{template}",
        {"form": form, "error_items": error_summary_items(form), **context},
    )


def _data(request):
    return request.POST if request.method == "POST" else kept_answers(request)


@sign_in_required
def evaluation_list(request, programme_pk: int):
    programme = _programme(request, programme_pk)
    evaluations = selectors.evaluations_with_progress(
        evaluations_of_programme_team(request.user).filter(programme=programme)
    )
    return render(
        request,
        "evidence/team/list.html",
        {"programme": programme, "evaluations": evaluations},
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def appoint(request, programme_pk: int):
    programme = _programme(request, programme_pk)
    form = AppointForm(_data(request), programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = evaluation_services.appoint_evaluator(
                request.user,
                programme,
                evaluator=data["evaluator"],
                projects=list(data["projects"]),
                title=data["title"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, f"You appointed {evaluation.evaluator.name} to ‘{evaluation.title}’"
            )
            return redirect("evaluations:detail", evaluation.pk)
    return _form_page(request, "appoint.html", form, programme=programme)


@sign_in_required
@require_http_methods(["GET", "POST"])
def evaluation_detail(request, pk: int):
    """The evaluation, its plan (with the team's decision when submitted) and its reports."""
    evaluation = _for_team(request, evaluation_for_page(request.user, pk))
    plan = selectors.plan_of(evaluation)
    form = ReviewForm(_data(request), agree_label="Agree the plan")
    if request.method == "POST" and plan is None:
        raise Http404("This evaluation has no plan to review")
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "agree":
                plan_services.agree_plan(request.user, plan)
                messages.success(request, "You agreed the plan")
            else:
                plan_services.ask_for_plan_changes(
                    request.user, plan, form.cleaned_data["comments"]
                )
                messages.success(request, "You asked the evaluator for changes to the plan")
        except DomainError as error:
            add_to_form(form, error)
        else:
            return redirect("evaluations:detail", evaluation.pk)
    return _form_page(
        request,
        "detail.html",
        form,
        **selectors.evaluation_page(evaluation),
        may_review=plan is not None and may(request.user, "agree", plan),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    """A report as the team reviews it, with the decision when it has been submitted."""
    report = report_for_page(request.user, pk)
    _for_team(request, report.evaluation)
    form = ReviewForm(_data(request), agree_label="Accept the report")
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "agree":
                report_services.accept_report(request.user, report)
                messages.success(request, "You accepted the report. You can now publish it.")
            else:
                report_services.ask_for_report_changes(
                    request.user, report, form.cleaned_data["comments"]
                )
                messages.success(request, "You asked the evaluator for changes to the report")
        except DomainError as error:
            add_to_form(form, error)
        else:
            return redirect("evaluations:report", report.pk)
    return _form_page(
        request,
        "report.html",
        form,
        **selectors.report_page(report),
        may_review=may(request.user, "accept", report),
        may_publish=may(request.user, "publish", report),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def publish(request, pk: int):
    report = report_for_page(request.user, pk)
    _for_team(request, report.evaluation)
    refusal = may(request.user, "publish", report)
    form = PublishForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            report_services.publish_report(
                request.user,
                report,
                report_number=form.cleaned_data["report_number"],
                published_on=form.cleaned_data["published_on"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            return redirect("evaluations:published", report.pk)
    return _form_page(request, "publish.html", form, report=report, refusal=refusal.reason)


@sign_in_required
def published(request, pk: int):
    """The confirmation page: the report is public, at this address."""
    report = report_for_page(request.user, pk)
    _for_team(request, report.evaluation)
    if report.state != report.State.PUBLISHED:
        return redirect("evaluations:report", report.pk)
    return render(request, "evidence/team/published.html", {"report": report})
