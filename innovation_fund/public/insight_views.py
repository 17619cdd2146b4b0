"""The public insight pages: the list (/insights/, newest first, paged) and each insight's page
(/insights/<slug>/). Drafts and unpublished insights answer 404 here."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from innovation_fund.core.pagination import pagination_links
from innovation_fund.insights import selectors

INSIGHTS_PER_PAGE = 20


def insight_list(request):
    paginator = Paginator(selectors.published_insights(), INSIGHTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "public/insights/list.html",
        {"page": page, "pagination": pagination_links(page, request.GET)},
    )


def insight_detail(request, slug):
    insight = selectors.published_insight(slug)
    if insight is None:
        raise Http404("No published insight has that address")
    return render(request, "public/insights/detail.html", selectors.article(insight))
