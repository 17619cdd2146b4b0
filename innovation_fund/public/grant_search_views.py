"""The public grants search across funders, and its results as CSV."""

from django.http import StreamingHttpResponse
from django.shortcuts import render

from innovation_fund.core.dates import london_today
from innovation_fund.core.errors import error_summary_items
from innovation_fund.core.pagination import pagination_links, requested_page
from innovation_fund.opendata.grant_search import search_grants, tallies
from innovation_fund.opendata.grant_search_csv import csv_lines

from .grant_search_forms import GrantSearchForm

GRANTS_PER_PAGE = 20


def grant_search(request):
    form = GrantSearchForm(request.GET or None)
    form.is_valid()
    filters = form.filters()
    grants = search_grants(filters)
    found = tallies(filters, grants)
    page = requested_page(form, grants, GRANTS_PER_PAGE, count=found.count)
    download = request.GET.copy()
    download.pop("page", None)
    return render(
        request,
        "public/grant_search.html",
        {
            "form": form,
            "page": page,
            "pagination": pagination_links(page, request.GET),
            "found": found,
            "download_query": download.urlencode(),
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


def grant_search_csv(request):
    """Every grant the same search finds (the filters that are valid), as CSV."""
    form = GrantSearchForm(request.GET or None)
    form.is_valid()
    response = StreamingHttpResponse(
        csv_lines(search_grants(form.filters())), content_type="text/csv; charset=utf-8"
    )
    filename = f"grants-search-{london_today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
