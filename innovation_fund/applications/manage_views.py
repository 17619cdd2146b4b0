"""Programme managers' pages for the bids in a round: list, filter, export.

Only managers of the round's programme may open them; anyone else gets 404, so a round's bids
are not given away. Drafts are never listed (see manage_selectors.LISTED_STATES).
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.errors import error_summary_items
from innovation_fund.core.pagination import pagination_links, requested_page
from innovation_fund.programmes.models import Round

from . import exports, manage_selectors
from .forms_manage import BidFilterForm

BIDS_PER_PAGE = 50


def _managed_round(request, round_pk) -> Round:
    try:
        return manage_selectors.round_managed_by(request.user, round_pk)
    except Round.DoesNotExist:
        raise Http404("No round you manage has that number") from None


def _filter_form(request, round: Round) -> BidFilterForm:
    form = BidFilterForm(request.GET or None, round=round)
    form.is_valid()
    return form


@sign_in_required
@require_GET
@never_cache
def round_bids(request, round_pk):
    round = _managed_round(request, round_pk)
    form = _filter_form(request, round)
    bids = manage_selectors.bids_for_round(request.user, round, form.filters())
    page = requested_page(form, bids, BIDS_PER_PAGE, noun="bids")
    query = form.filter_query()
    suffix = f"?{query}" if query else ""
    return render(
        request,
        "applications/manage/round_bids.html",
        {
            "round": round,
            "form": form,
            "page": page,
            "pagination": pagination_links(page, request.GET),
            "state_counts": manage_selectors.state_counts(request.user, round),
            "csv_url": reverse("bid_management:export_csv", args=[round.pk]) + suffix,
            "xlsx_url": reverse("bid_management:export_xlsx", args=[round.pk]) + suffix,
            "filtered": form.is_filtered(),
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


def _export(request, round_pk, write):
    round = _managed_round(request, round_pk)
    form = _filter_form(request, round)
    if form.has_filter_errors():
        # Never hand over a file that differs from what was asked for: show the page, which
        # explains which filter is wrong.
        page_url = reverse("bid_management:round_bids", args=[round.pk])
        return redirect(f"{page_url}?{request.GET.urlencode()}")
    bids = manage_selectors.bids_for_round(request.user, round, form.filters())
    return write(round, bids)


@sign_in_required
@require_GET
@never_cache
def export_csv(request, round_pk):
    return _export(request, round_pk, exports.csv_response)


@sign_in_required
@require_GET
@never_cache
def export_xlsx(request, round_pk):
    return _export(request, round_pk, exports.xlsx_response)
