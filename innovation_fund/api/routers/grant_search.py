"""The grants search across funders: the same grants, filters and matching as /search-grants/."""

from dataclasses import replace
from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from innovation_fund.opendata.grant_search import GrantFilters, count_found, search_grants
from innovation_fund.public.grant_search_forms import CURRENCY, GrantSearchForm

from ..pagination import Keyset, PageParams, form_problems
from ..schemas import Page, Problems

router = Router(tags=["Grants search"])

ORDER = Keyset((("grant_id", str),))
LARGEST_PENCE = 2**63 - 1  # what the database's big integer holds
CHOICE_FILTERS = ("q", "source", "funder", "recipient", "region", "local_authority")


class SearchedGrantOut(Schema):
    grant_id: str = Field(description="The grant's 360Giving identifier.")
    source: str = Field(description="`programme` for this programme's grants, else `other`.")
    title: str
    description: str
    funder_org_id: str
    funder_name: str
    recipient_org_id: str = Field(description="Empty for a grant to a person.")
    recipient_name: str = Field(description="Empty for a grant to a person.")
    award_date: date
    currency: str = Field(description="ISO 4217, such as GBP.")
    amount_awarded_minor: int = Field(
        description="The amount in hundredths of its currency: pence for GBP."
    )
    page_url: str = Field(description="The grant's page here, or where its file was published.")


class SearchedGrantPage(Page[SearchedGrantOut]):
    count: int = Field(description="How many grants the search finds, on every page.")


class GrantSearchParams(Schema):
    """The grants search's filters, with the same names as its address where they can be."""

    q: str | None = Field(None, description="Words (up to 10), each to be found in the grant.")
    source: str | None = Field(None, description="`programme` or `other`.")
    funder: str | None = Field(None, description="A funder's org-id, such as GB-CHC-1015648.")
    recipient: str | None = Field(None, description="An org-id, or words in the recipient's name.")
    region: str | None = Field(None, description="A region's GSS code, such as E12000007.")
    local_authority: str | None = Field(None, description="A local authority's slug.")
    awarded_from: date | None = Field(None, description="Awarded on or after this day.")
    awarded_to: date | None = Field(None, description="Awarded on or before this day.")
    amount_from_pence: int | None = Field(
        None,
        ge=0,
        le=LARGEST_PENCE,
        description="At least this many pence (GBP grants only, when given).",
    )
    amount_to_pence: int | None = Field(
        None,
        ge=0,
        le=LARGEST_PENCE,
        description="At most this many pence (GBP grants only, when given).",
    )


@router.get(
    "",
    response={200: SearchedGrantPage, 422: Problems},
    summary="Search this programme's and other funders' grants",
    description="Ordered by grant id. Filters combine: a grant must match all of them. A "
    "choice that is not one of the search page's answers 422, naming the filter.",
)
def search_all_grants(
    request: HttpRequest, filters: Query[GrantSearchParams], page: Query[PageParams]
):
    given = {name: getattr(filters, name) for name in CHOICE_FILTERS if getattr(filters, name)}
    chosen = GrantFilters()
    if given:  # only then are the form's choices (every funder and authority) needed
        form = GrantSearchForm(given)
        if not form.is_valid():
            raise form_problems(form)
        chosen = form.filters()
    amounts = (filters.amount_from_pence, filters.amount_to_pence)
    chosen = replace(
        chosen,
        awarded_from=filters.awarded_from,
        awarded_to=filters.awarded_to,
        amount_from_minor=filters.amount_from_pence,
        amount_to_minor=filters.amount_to_pence,
        currency=CURRENCY if any(amount is not None for amount in amounts) else None,
    )
    grants = search_grants(chosen)
    return {**ORDER.page(grants, page), "count": count_found(chosen, grants)}
