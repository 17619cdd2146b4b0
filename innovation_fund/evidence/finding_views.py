"""The evaluator's pages for a report's findings: add, change, remove, and rate the evidence
in two steps (the scale, then its level, each explained where it is chosen).

Reports are found through A1's policy (`report_for_page`: anything the person may not see is
404); whether they may change it now is the policy's "edit_report" answer, shown as the reason
when not. Nothing typed is lost: a refused answer comes back with its message at the field.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from .finding_forms import NOT_RATED, FindingForm, LevelForm, ScaleForm
from .models import EvaluationReport, Finding
from .policies import may, report_for_page
from .scales import scale
from .services import findings as services

REPORT_PAGE = "evaluator:report"


def report_url(report: EvaluationReport, anchor: str = "#findings") -> str:
    return reverse(REPORT_PAGE, args=[report.pk]) + anchor


def typed_answers(request):
    return request.POST if request.method == "POST" else kept_answers(request)


def refusal_for(request, report: EvaluationReport) -> str:
    """Why this person may not edit the report now; "" when they may. POST is refused."""
    decision = may(request.user, "edit_report", report)
    if decision:
        return ""
    reason = getattr(decision, "reason", "") or "You cannot change this report now"
    if request.method == "POST":
        services.enforce_may_edit(request.user, report)  # raises Refused with the reason
    return reason


def _finding(request, pk: int) -> tuple[Finding, EvaluationReport]:
    finding = get_object_or_404(Finding, pk=pk, report__isnull=False)
    report = report_for_page(request.user, finding.report_id)
    return finding, report


def _page(request, template: str, form, **context):
    items = error_summary_items(form) if form is not None else []
    return render(request, template, {"form": form, "error_items": items, **context})


def _finding_form(request, report, initial=None) -> FindingForm:
    return FindingForm(
        typed_answers(request),
        initial=initial,
        projects=services.project_choices(report),
        outcomes=services.outcome_choices(report),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def add(request, report_pk: int):
    report = report_for_page(request.user, report_pk)
    refusal = refusal_for(request, report)
    form = _finding_form(request, report)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.add_finding(request.user, report, form.answers())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The finding has been added. Now rate its evidence")
            return redirect("evaluator:finding_scale", finding.pk)
    return _page(
        request,
        "evidence/findings/form.html",
        form,
        report=report,
        refusal=refusal,
        page_heading="Add a finding",
        back=report_url(report),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def change(request, pk: int):
    finding, report = _finding(request, pk)
    refusal = refusal_for(request, report)
    form = _finding_form(request, report, initial=FindingForm.initial_from(finding))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_finding(request.user, finding, form.answers())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The finding has been changed")
            return redirect(report_url(report))
    return _page(
        request,
        "evidence/findings/form.html",
        form,
        report=report,
        finding=finding,
        refusal=refusal,
        page_heading="Change a finding",
        back=report_url(report),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def remove(request, pk: int):
    finding, report = _finding(request, pk)
    refusal = refusal_for(request, report)
    if request.method == "POST":
        services.remove_finding(request.user, finding)
        messages.success(request, "The finding has been removed")
        return redirect(report_url(report))
    return render(
        request,
        "evidence/findings/remove.html",
        {"finding": finding, "report": report, "refusal": refusal, "back": report_url(report)},
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def choose_scale(request, pk: int):
    """Step one of the rating: which named scale (each described), or not rated."""
    finding, report = _finding(request, pk)
    refusal = refusal_for(request, report)
    form = ScaleForm(typed_answers(request), initial={"scale": finding.evidence_scale or None})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["scale"]
        if chosen != NOT_RATED:
            return redirect("evaluator:finding_level", finding.pk, chosen)
        try:
            services.rate_finding(request.user, finding, scale_key="", level_key="")
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The finding is recorded as not rated")
            return redirect(report_url(report))
    chosen = form["scale"].value() or ""
    return _page(
        request,
        "evidence/findings/scale.html",
        form,
        report=report,
        finding=finding,
        refusal=refusal,
        options=ScaleForm.options(chosen),
        back=report_url(report),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def choose_level(request, pk: int, scale_key: str):
    """Step two: the level on the chosen scale, each level's explanation as its hint."""
    finding, report = _finding(request, pk)
    chosen_scale = scale(scale_key)
    if chosen_scale is None:
        return redirect("evaluator:finding_scale", finding.pk)
    refusal = refusal_for(request, report)
    initial = {"level": finding.evidence_level} if finding.evidence_scale == scale_key else {}
    form = LevelForm(typed_answers(request), initial=initial, scale_key=scale_key)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_finding(
                request.user, finding, scale_key=scale_key, level_key=form.cleaned_data["level"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The strength of evidence has been recorded")
            return redirect(report_url(report))
    return _page(
        request,
        "evidence/findings/level.html",
        form,
        report=report,
        finding=finding,
        scale=chosen_scale,
        refusal=refusal,
        options=form.options(form["level"].value() or ""),
        back=reverse("evaluator:finding_scale", args=[finding.pk]),
    )
