"""The public evaluation library: every published report, and each report's page."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from innovation_fund.core.errors import error_summary_items
from innovation_fund.core.pagination import pagination_links, requested_page

from . import library_selectors
from .library_forms import LibrarySearchForm

REPORTS_PER_PAGE = 20


def library(request):
    form = LibrarySearchForm(request.GET or None)
    form.is_valid()
    reports = library_selectors.search_reports(form.filters())
    page = requested_page(form, reports, REPORTS_PER_PAGE)
    return render(
        request,
        "public/library/list.html",
        {
            "form": form,
            "page": page,
            "entries": [library_selectors.library_entry(report) for report in page.object_list],
            "pagination": pagination_links(page, request.GET),
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


def report_detail(request, slug):
    context = library_selectors.report_page(slug)
    if context is None:
        raise Http404("No published evaluation report has that address")
    return render(request, "public/library/report_detail.html", context)


def report_document(request, slug, pk):
    """A published report's file, for anyone. Before publication the report, and so its files,
    are 404 here; the evaluator and the programme team read drafts from their own pages."""
    report = library_selectors.report_for_page(slug)
    if report is None:
        raise Http404("No published evaluation report has that address")
    document = report.documents.filter(pk=pk).first()
    if document is None:
        raise Http404("The report has no such document")
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
    return response
