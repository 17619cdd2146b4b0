"""Paging lists: the page a search form asks for, and links for the GOV.UK pagination component
that keep the rest of the query string."""

from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import QueryDict


def pagination_links(page: Page, query: QueryDict) -> dict:
    """previous/next links and numbered items with ellipses, as the component's macro expects."""
    paginator = page.paginator

    def href(number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return f"?{params.urlencode()}"

    shown = _numbers_to_show(page.number, paginator.num_pages)
    items = []
    previous = None
    for number in shown:
        if previous is not None and number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page.number})
        previous = number
    return {
        "previous": {"href": href(page.previous_page_number())} if page.has_previous() else None,
        "next": {"href": href(page.next_page_number())} if page.has_next() else None,
        "items": items if paginator.num_pages > 1 else [],
    }


def _numbers_to_show(current: int, last: int) -> list[int]:
    """First, last, and the current page with one either side."""
    wanted = {1, last, current - 1, current, current + 1}
    return sorted(number for number in wanted if 1 <= number <= last)


def requested_page(
    form: Form, items, per_page: int, *, noun: str = "results", count: int | None = None
) -> Page:
    """The page of `items` the form's `page` field asks for. A page past the last is an error at
    the field ("There is no page 9: there are 3 pages of results") and the first page is shown,
    so the rest of the search still applies. `count`, when the caller has counted the items
    already, saves counting them again."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not asked of the database
    number = getattr(form, "cleaned_data", {}).get("page") or 1
    if number > paginator.num_pages:
        pages = "is 1 page" if paginator.num_pages == 1 else f"are {paginator.num_pages} pages"
        form.add_error("page", f"There is no page {number}: there {pages} of {noun}")
        number = 1
    return paginator.page(number)
