"""Programme managers' pages for importing other funders' 360Giving files. Anyone else gets 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import error_summary_items
from innovation_fund.core.permissions import Refused

from . import services
from .checking import Report
from .forms import ACCEPTED_ENDINGS, UploadForm
from .leases import release_expired_leases
from .lifecycle import actions_for_programme_team
from .models import ImportedFile
from .policies import may_import_files
from .selectors import imported_files_page

REPORT_ROWS_SHOWN = 100


def _may_import_or_404(request) -> None:
    if not may_import_files(request.user):
        raise Http404("No such page")


@sign_in_required
@require_http_methods(["GET", "POST"])
def files(request):
    _may_import_or_404(request)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            imported_file = services.receive_file(
                form.cleaned_data["file"],
                original_name=form.cleaned_data["file"].name,
                publisher_name=form.cleaned_data["publisher_name"],
                source_url=form.cleaned_data["source_url"],
                licence=form.cleaned_data["licence"],
                by=request.user,
            )
            return redirect("otherfunders:file", imported_file.pk)
    else:
        form = UploadForm(kept_answers(request))
        release_expired_leases()  # the list then shows no file as in hand whose worker died
    return render(
        request,
        "otherfunders/files.html",
        {
            "form": form,
            "accept": ACCEPTED_ENDINGS,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
            **imported_files_page(),
        },
    )


@sign_in_required
def file_report(request, pk: int):
    _may_import_or_404(request)
    release_expired_leases()  # a check or import whose worker died is shown as given up
    imported_file = get_object_or_404(ImportedFile, pk=pk)
    return render(request, "otherfunders/file_report.html", _report_context(imported_file))


@sign_in_required
@require_http_methods(["GET", "POST"])
def import_file(request, pk: int):
    _may_import_or_404(request)
    imported_file = get_object_or_404(ImportedFile, pk=pk)
    # A GET arrives when someone whose session ended signs in again: show them the report.
    if request.method == "POST":
        try:
            services.queue_import(imported_file, by=request.user)
        except services.NotImportable as error:
            messages.error(request, error.message)
    return redirect("otherfunders:file", imported_file.pk)


@sign_in_required
@require_http_methods(["GET", "POST"])
def check_again(request, pk: int):
    _may_import_or_404(request)
    imported_file = get_object_or_404(ImportedFile, pk=pk)
    if request.method == "POST":
        try:
            services.check_again(imported_file, by=request.user)
        except Refused as refusal:
            messages.error(request, refusal.reason)
    return redirect("otherfunders:file", imported_file.pk)


def _report_context(imported_file: ImportedFile) -> dict:
    report = Report.from_json(imported_file.report)
    return {
        "imported_file": imported_file,
        "actions": actions_for_programme_team(imported_file),
        "report": report,
        "schema_errors": report.schema_errors[:REPORT_ROWS_SHOWN],
        "codelist_errors": report.codelist_errors[:REPORT_ROWS_SHOWN],
        "value_errors": report.value_errors[:REPORT_ROWS_SHOWN],
        "critical_notices": [notice for notice in report.notices if notice["critical"]],
        "other_notices": [notice for notice in report.notices if not notice["critical"]],
    }
