"""Steps of the public grants search (/search-grants/), used by the other funders' journey
(`test_other_funders_journey.py`) once the programme's open data is published and another
funder's 360Giving file imported.

What each search should find is worked out here from `IndexedGrant` with the ORM and plain
Python, not through the search's own selector: the other filters by field lookups, and the
words by whole-word matching in the title, description, funder and recipient (so a word is
chosen whose stemmed forms do not reach other words in the data)."""

import csv
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlsplit

from django.db.models import Q
from playwright.sync_api import Page, expect

from innovation_fund.opendata.models import IndexedGrant

NEWEST_FIRST = ("-award_date", "-id")
LARGEST_FIRST = ("-amount_awarded_minor", "-id")
PER_PAGE = 20


@dataclass(frozen=True)
class Search:
    """A search as a person types it, and what the database says it should find."""

    word: str = ""
    funder: str = ""  # org-id
    authority: str = ""  # slug
    region: str = ""  # GSS code
    source: str = ""
    smallest: int | None = None  # pounds
    largest: int | None = None  # pounds
    earliest: date | None = None
    latest: date | None = None
    order: tuple[str, ...] = NEWEST_FIRST

    def expected(self) -> list[IndexedGrant]:
        grants = IndexedGrant.objects.all()
        if self.funder:
            grants = grants.filter(funder_org_id=self.funder)
        if self.authority:
            grants = grants.filter(authorities__slug=self.authority)
        if self.region:  # its authorities' grants, and grants naming only the region
            grants = grants.filter(
                Q(authorities__region__code=self.region) | Q(regions__region__code=self.region)
            )
        if self.source:
            grants = grants.filter(source=self.source)
        if self.smallest is not None or self.largest is not None:
            grants = grants.filter(currency="GBP")
        if self.smallest is not None:
            grants = grants.filter(amount_awarded_minor__gte=self.smallest * 100)
        if self.largest is not None:
            grants = grants.filter(amount_awarded_minor__lte=self.largest * 100)
        if self.earliest:
            grants = grants.filter(award_date__gte=self.earliest)
        if self.latest:
            grants = grants.filter(award_date__lte=self.latest)
        found = list(grants.distinct().order_by(*self.order))
        if self.word:
            whole_word = re.compile(rf"\b{re.escape(self.word)}\b", re.IGNORECASE)
            found = [
                grant
                for grant in found
                if whole_word.search(
                    " ".join(
                        (grant.title, grant.description, grant.funder_name, grant.recipient_name)
                    )
                )
            ]
        return found

    def in_the_address(self) -> dict[str, str]:
        """The query string parameters a search for these filters must carry."""
        params = {
            "q": self.word,
            "funder": self.funder,
            "local_authority": self.authority,
            "region": self.region,
            "source": self.source,
            "amount_from": "" if self.smallest is None else str(self.smallest),
            "amount_to": "" if self.largest is None else str(self.largest),
        }
        for name, day in (("awarded_from", self.earliest), ("awarded_to", self.latest)):
            if day:
                params |= {
                    f"{name}-day": str(day.day),
                    f"{name}-month": str(day.month),
                    f"{name}-year": str(day.year),
                }
        return {name: value for name, value in params.items() if value}


def fill_date(page: Page, field: str, day: date) -> None:
    page.locator(f"#id_{field}-day").fill(str(day.day))
    page.locator(f"#id_{field}-month").fill(str(day.month))
    page.locator(f"#id_{field}-year").fill(str(day.year))


def fill_in(page: Page, search: Search, *, funder_name: str = "") -> None:
    """Type and choose every filter of `search` on the form (without applying it)."""
    page.get_by_label("Search grants").fill(search.word)
    if search.funder:
        funder = page.get_by_label("Funder", exact=True)
        if funder_name:
            funder.select_option(label=funder_name)
        else:
            funder.select_option(search.funder)
    if search.authority:
        page.get_by_label("Local authority", exact=True).select_option(search.authority)
    if search.region:
        page.get_by_label("Region", exact=True).select_option(search.region)
    if search.source:
        page.get_by_label("Whose grants").select_option(search.source)
    if search.smallest is not None:
        page.get_by_label("Smallest amount, in pounds").fill(str(search.smallest))
    if search.largest is not None:
        page.get_by_label("Largest amount, in pounds").fill(str(search.largest))
    if search.earliest:
        fill_date(page, "awarded_from", search.earliest)
    if search.latest:
        fill_date(page, "awarded_to", search.latest)
    if search.order == LARGEST_FIRST:
        page.get_by_label("Sort by").select_option(label="Largest amount first")


def apply_filters(page: Page) -> None:
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()


def shown_ids(page: Page) -> list[str]:
    return page.locator(".app-results__item dd:nth-of-type(3)").all_inner_texts()


def shown_titles(page: Page) -> list[str]:
    return page.locator(".app-results__item h2").all_inner_texts()


def count_text(count: int) -> str:
    return f"{count} grant" + ("" if count == 1 else "s")


def shows_what_the_database_finds(page: Page, search: Search) -> list[IndexedGrant]:
    """The count, and the grants on the first page in order, are the ones `search` should find;
    and every filter is in the address, so the search can be shared."""
    expected = search.expected()
    expect(page.locator("#result-count")).to_have_text(count_text(len(expected)))
    assert shown_ids(page) == [grant.grant_id for grant in expected[:PER_PAGE]]
    query = {name: values[-1] for name, values in parse_qs(urlsplit(page.url).query).items()}
    for name, value in search.in_the_address().items():
        assert query.get(name) == value, f"{name}={value!r} is not in {page.url}"
    return expected


def keeps_what_was_typed(page: Page, search: Search, *, smallest: str) -> None:
    expect(page.get_by_label("Search grants")).to_have_value(search.word)
    expect(page.get_by_label("Funder", exact=True)).to_have_value(search.funder)
    expect(page.get_by_label("Local authority", exact=True)).to_have_value(search.authority)
    expect(page.get_by_label("Smallest amount, in pounds")).to_have_value(smallest)
    expect(page.get_by_label("Largest amount, in pounds")).to_have_value(str(search.largest))
    for field, day in (("awarded_from", search.earliest), ("awarded_to", search.latest)):
        expect(page.locator(f"#id_{field}-day")).to_have_value(str(day.day))
        expect(page.locator(f"#id_{field}-month")).to_have_value(str(day.month))
        expect(page.locator(f"#id_{field}-year")).to_have_value(str(day.year))


def downloads_the_csv(page: Page, count: int) -> list[dict[str, str]]:
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download these {count_text(count)} (CSV)").click()
    assert download.value.suggested_filename.startswith("grants-search-")
    with open(download.value.path(), newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))
