"""The grantee's pages of a monitoring return: its task list, one page per section (each saves
on its own, and a save that crosses someone else's is refused keeping what was typed), the
check-answers page where an accountable officer submits it, and the confirmation.

Returns are found among the grants of the person's organisations: anything else is 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from ..models import MonitoringReturn
from ..policies.grants import grants_of_grantee
from ..policies.returns import may_move_return
from ..return_forms import SECTION_FORMS, SubmitForm
from ..return_questions import SECTION_TITLES, questions_for, sections_of
from ..services import return_answers

RELATED = ("grant__round__programme", "grant__recipient", "grant__project", "submitted_by")
SAVERS = {
    "progress": return_answers.save_progress,
    "spend": return_answers.save_spend,
    "measures": return_answers.save_measures,
    "claims": return_answers.save_claims,
}
REPORTED = (MonitoringReturn.State.SUBMITTED, MonitoringReturn.State.ACCEPTED)


def return_or_404(grants, pk: int, number: int) -> MonitoringReturn:
    try:
        return MonitoringReturn.objects.select_related(*RELATED).get(
            grant__in=grants.filter(decision__isnull=False), grant_id=pk, number=number
        )
    except MonitoringReturn.DoesNotExist:
        raise Http404("No return you can see has that number") from None


def _fresh(report: MonitoringReturn) -> dict:
    """The return as saved now, to show beside the answers of a save that was refused."""
    report = MonitoringReturn.objects.select_related(*RELATED).get(pk=report.pk)
    return {"report": report, "grant": report.grant, "questions": questions_for(report)}


@sign_in_required
@require_GET
@never_cache
def task_list(request, pk: int, number: int):
    report = return_or_404(grants_of_grantee(request.user), pk, number)
    questions = questions_for(report)
    sections = sections_of(report, questions)
    return render(
        request,
        "grants/returns/task_list.html",
        {
            "report": report,
            "grant": report.grant,
            "questions": questions,
            "sections": sections,
            "completed": sum(1 for section in sections if section.finished),
            "permission": may_move_return(request.user, report, "save"),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def section(request, pk: int, number: int, slug: str):
    report = return_or_404(grants_of_grantee(request.user), pk, number)
    questions = questions_for(report)
    if slug not in {found.slug for found in sections_of(report, questions)}:
        raise Http404("This return has no such section")
    permission = may_move_return(request.user, report, "save")
    form_class = SECTION_FORMS[slug]
    meanwhile = None
    if request.method == "POST":
        permission.enforce()
        form = form_class(request.POST, questions=questions)
        version = request.POST.get("version", "")
        if form.is_valid():
            try:
                SAVERS[slug](
                    request.user,
                    report,
                    expected_version=int(version) if version.isdigit() else 0,
                    **form.answers(),
                )
            except return_answers.EditedMeanwhile as error:
                add_to_form(form, error)
                # Saving again is now a deliberate choice, made with the saved return in view.
                version, meanwhile = error.current_version, _fresh(report)
            except DomainError as error:
                add_to_form(form, error)
            else:
                if "later" in request.POST:
                    messages.success(request, f"Return {number} saved: come back to it later")
                    return redirect("your_grants:grant", pk=pk)
                messages.success(request, f"{SECTION_TITLES[slug]} saved")
                return redirect("your_grants:return", pk=pk, number=number)
    else:
        initial = {"progress": report.progress, "risks": report.risks}
        form = form_class(initial=initial, questions=questions)
        version = report.version
    return render(
        request,
        "grants/returns/section.html",
        {
            "report": report,
            "grant": report.grant,
            "slug": slug,
            "title": SECTION_TITLES[slug],
            "questions": questions,
            "form": form,
            # A refused save keeps the version the person's page was drawn from.
            "version": version,
            "meanwhile": meanwhile,
            "permission": permission,
            "error_items": error_summary_items(form),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def check(request, pk: int, number: int):
    report = return_or_404(grants_of_grantee(request.user), pk, number)
    permission = may_move_return(request.user, report, "submit")
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        permission.enforce()
        if form.is_valid():
            try:
                return_answers.submit_return(
                    request.user, report, declaration=form.cleaned_data["declaration"]
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                return redirect("your_grants:return_submitted", pk=pk, number=number)
    questions = questions_for(report)
    return render(
        request,
        "grants/returns/check.html",
        {
            "report": report,
            "grant": report.grant,
            "questions": questions,
            "unfinished": [s for s in sections_of(report, questions) if not s.finished],
            "form": form,
            "permission": permission,
            "may_change": may_move_return(request.user, report, "save"),
            "error_items": error_summary_items(form),
        },
    )


@sign_in_required
@require_GET
@never_cache
def submitted(request, pk: int, number: int):
    report = return_or_404(grants_of_grantee(request.user), pk, number)
    if report.state not in REPORTED:
        return redirect("your_grants:return_check", pk=pk, number=number)
    return render(
        request, "grants/returns/submitted.html", {"report": report, "grant": report.grant}
    )
