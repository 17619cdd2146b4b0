"""The evaluator's pages (/evaluate/): their evaluations, the plan, and each report's details
and documents; findings and costs have their own pages (`finding_views`, `cost_benefit_views`).

Evaluations and reports are found through the policy, so anything the person may not see is
404. Each page parses its form, calls one service and renders; a refusal (say, a report already
submitted) comes back as an error on the page, with what was typed kept.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from . import evaluation_selectors as selectors
from .evaluation_forms import PlanForm, ReportDocumentForm, ReportForm, StartReportForm
from .models import ReportDocument
from .policies import (
    evaluation_for_page,
    evaluations_of_evaluator,
    may,
    report_for_page,
    reports_visible_to,
)
from .services import documents as document_services
from .services import plans as plan_services
from .services import reports as report_services


def _form_page(request, template: str, form, **context):
    return render(
        request,
        f"evidence/evaluator/{template}",
        {"form": form, "error_items": error_summary_items(form), **context},
    )


def _data(request):
    return request.POST if request.method == "POST" else kept_answers(request)


@sign_in_required
def home(request):
    evaluations = selectors.evaluations_with_progress(evaluations_of_evaluator(request.user))
    return render(request, "evidence/evaluator/home.html", {"evaluations": evaluations})


@sign_in_required
def evaluation(request, pk: int):
    evaluation = evaluation_for_page(request.user, pk)
    plan = selectors.plan_of(evaluation)
    return render(
        request,
        "evidence/evaluator/evaluation.html",
        {
            **selectors.evaluation_page(evaluation),
            "may_start_report": may(request.user, "start_report", evaluation),
            "may_edit_plan": plan is not None and may(request.user, "edit_plan", plan),
            "may_submit_plan": plan is not None and may(request.user, "submit", plan),
        },
    )


def _plan(evaluation):
    plan = selectors.plan_of(evaluation)
    if plan is None:
        raise Http404("This evaluation was loaded from its published report and has no plan here")
    return plan


@sign_in_required
@require_http_methods(["GET", "POST"])
def plan(request, pk: int):
    evaluation = evaluation_for_page(request.user, pk)
    plan = _plan(evaluation)
    refusal = may(request.user, "edit_plan", plan)
    form = PlanForm(
        _data(request),
        programme_id=evaluation.programme_id,
        initial={**selectors.plan_initial(plan), "version": plan.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = plan_services.PlanAnswers(
            questions=data["questions"],
            design=data["design"],
            design_detail=data["design_detail"],
            comparison_group=data["comparison_group"],
            timetable=data["timetable"],
            outcomes=tuple(data["outcomes"]),
        )
        try:
            plan_services.save_plan(request.user, plan, answers, version=data["version"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The plan has been saved")
            return redirect("evaluator:evaluation", evaluation.pk)
    return _form_page(
        request, "plan_form.html", form, evaluation=evaluation, refusal=refusal.reason
    )


@sign_in_required
@require_POST
def plan_submit(request, pk: int):
    evaluation = evaluation_for_page(request.user, pk)
    try:
        plan_services.submit_plan(request.user, _plan(evaluation))
    except DomainError as error:
        for reason in getattr(error, "reasons", [error.message]):
            messages.error(request, reason)
    else:
        messages.success(request, "The plan has been submitted to the programme team")
    return redirect("evaluator:evaluation", evaluation.pk)


@sign_in_required
@require_http_methods(["GET", "POST"])
def report_start(request, pk: int):
    evaluation = evaluation_for_page(request.user, pk)
    refusal = may(request.user, "start_report", evaluation)
    form = StartReportForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            report = report_services.start_report(
                request.user,
                evaluation,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"You started ‘{report.title}’")
            return redirect("evaluator:report", report.pk)
    return _form_page(
        request, "report_start.html", form, evaluation=evaluation, refusal=refusal.reason
    )


@sign_in_required
def report(request, pk: int):
    report = report_for_page(request.user, pk)
    return render(
        request,
        "evidence/evaluator/report.html",
        {
            **selectors.report_page(report),
            "may_edit": may(request.user, "edit_report", report),
            "may_submit": may(request.user, "submit", report),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = report_for_page(request.user, pk)
    refusal = may(request.user, "edit_report", report)
    form = ReportForm(
        _data(request),
        initial={
            "title": report.title,
            "summary": report.summary,
            "design": report.design,
            "design_detail": report.design_detail,
            "version": report.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = report_services.ReportAnswers(
            title=data["title"],
            summary=data["summary"],
            design=data["design"],
            design_detail=data["design_detail"],
        )
        try:
            report_services.save_report(request.user, report, answers, version=data["version"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The report's details have been saved")
            return redirect("evaluator:report", report.pk)
    return _form_page(request, "report_form.html", form, report=report, refusal=refusal.reason)


@sign_in_required
@require_http_methods(["GET", "POST"])
def document_upload(request, pk: int):
    report = report_for_page(request.user, pk)
    refusal = may(request.user, "edit_report", report)
    form = ReportDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_services.upload_report_document(
                request.user,
                report,
                form.cleaned_data["file"],
                content_type=form.content_type,
                sha256=form.sha256,
                description=form.cleaned_data["description"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The file has been uploaded")
            return redirect("evaluator:report", report.pk)
    return _form_page(request, "document_upload.html", form, report=report, refusal=refusal.reason)


@sign_in_required
@require_POST
def document_remove(request, pk: int):
    document = get_object_or_404(ReportDocument, pk=pk, report__in=reports_visible_to(request.user))
    try:
        document_services.remove_report_document(request.user, document)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"‘{document.original_name}’ has been removed")
    return redirect("evaluator:report", document.report_id)


@sign_in_required
@require_POST
def report_submit(request, pk: int):
    report = report_for_page(request.user, pk)
    try:
        report_services.submit_report(request.user, report)
    except DomainError as error:
        for reason in getattr(error, "reasons", [error.message]):
            messages.error(request, reason)
    else:
        messages.success(request, "The report has been submitted to the programme team")
    return redirect("evaluator:report", report.pk)


@sign_in_required
def document(request, pk: int):
    """A report's file, for its evaluator and the programme team, whatever the report's state."""
    document = (
        ReportDocument.objects.filter(pk=pk, report__in=reports_visible_to(request.user))
        .select_related("report")
        .first()
    )
    if document is None:
        raise Http404("No document you can see has that number")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The document's file is missing") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
