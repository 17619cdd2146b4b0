"""A programme manager imports other funders' 360Giving files, and the public sees the grants:
a file with errors is reported and refused, a real file is imported, and the authority and
organisation pages show what matched.

Then, with the programme's open data published, a member of the public searches both funders'
grants together at /search-grants/: by words, funder, local authority, amounts and dates, each
search's count and grants checked against the database; a bad amount is refused at its field,
keeping everything typed; the CSV holds the grants the page shows, in pence; and a search by
region works with JavaScript off. Accessibility is checked on every page seen with JavaScript on.
"""

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from innovation_fund.opendata.models import IndexedGrant
from innovation_fund.otherfunders.models import OtherFunderGrant, OtherFunderGrantLocation
from innovation_fund.programmes.models import Programme, ProgrammeRole
from tests.factories import ProgrammeRoleFactory
from tests.helpers import signed_in

from .axe import assert_accessible
from .fixtures import TIMEOUT_MS, VIEWPORT
from .grant_search_steps import (
    LARGEST_FIRST,
    Search,
    apply_filters,
    count_text,
    downloads_the_csv,
    fill_in,
    keeps_what_was_typed,
    shown_ids,
    shown_titles,
    shows_what_the_database_finds,
)

SAMPLES = settings.OPENDATA_STANDARD_DIR / "samples"
ALWF = ("GB-CHC-1015648", "Andrew Lloyd Webber Foundation")
LONDON = "E12000007"
# "Young" is in 53 of the foundation's grants ("Young Company", "Young Musicians"); these
# amounts and dates narrow them to a page of results, and the City of London (the one council
# its file names by GSS code) to two.
YOUNG_AND_MID_SIZED = Search(
    word="young",
    funder=ALWF[0],
    smallest=9_000,
    largest=40_000,
    earliest=date(2017, 1, 1),
    latest=date(2019, 12, 31),
)
IN_THE_CITY = replace(YOUNG_AND_MID_SIZED, authority="city-of-london")


@pytest.fixture
def manager(transactional_db):
    call_command("load_demo_data", verbosity=0)
    return ProgrammeRoleFactory(
        programme=Programme.objects.first(), role=ProgrammeRole.Role.PROGRAMME_MANAGER
    ).user


def upload(page: Page, path, publisher: str) -> None:
    page.get_by_label("360Giving file").set_input_files(str(path))
    page.get_by_label("Who published it").fill(publisher)
    page.get_by_role("button", name="Upload and check").click()


def test_a_manager_imports_a_file_and_the_public_sees_its_grants(
    page: Page, browser: Browser, live_server, manager
):
    signed_in(page, live_server, manager)
    page.goto(live_server.url + "/manage/other-funders/")
    assert_accessible(page)

    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a 360Giving file")
    assert_accessible(page)

    upload(page, SAMPLES / "validator-fixtures" / "codelist.csv", "A test publisher")
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "This file has errors, so none of its grants can be imported"
    )
    expect(page.get_by_text("'BAD' is not in the regrantType codelist")).to_be_visible()
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    assert_accessible(page)

    page.goto(live_server.url + "/manage/other-funders/")
    upload(page, SAMPLES / "alwf-a003W000001B7PzQAK.json", "Andrew Lloyd Webber Foundation")
    expect(page.get_by_text("The file has no errors")).to_be_visible()
    expect(page.get_by_role("cell", name="BeneficiaryLocationNameButNoCode")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Import 475 grants").click()
    expect(page.get_by_text("475 added, 0 changed, 0 unchanged").first).to_be_visible()
    assert OtherFunderGrant.objects.count() == 475

    borough = OtherFunderGrantLocation.objects.filter(authority__isnull=False).first().authority
    page.goto(f"{live_server.url}/local-authorities/{borough.slug}/")
    expect(page.get_by_role("heading", name="Other funders’ grants")).to_be_visible()
    expect(page.get_by_text("Andrew Lloyd Webber Foundation’s file").first).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/projects/round-1-torbay-council/")
    page.locator(".govuk-summary-list").get_by_role("link", name="Torbay Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Torbay Council")
    expect(page.get_by_role("heading", name="Other funders’ grants")).to_be_visible()
    assert_accessible(page)

    # Signing out is a button on its own page, so a link elsewhere cannot sign anyone out.
    page.get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto(live_server.url + "/manage/other-funders/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))

    # The programme publishes its open data, which puts its own grants in the search too.
    call_command("publish_open_data", stdout=io.StringIO(), stderr=io.StringIO())
    programme_grants = IndexedGrant.objects.filter(source=IndexedGrant.Source.PROGRAMME).count()
    assert programme_grants > 0
    public_searches_with_javascript(page, live_server.url, programme_grants)
    public_searches_without_javascript(browser, live_server.url, page.url)


def public_searches_with_javascript(page: Page, base_url: str, programme_grants: int) -> None:
    page.goto(base_url + "/")
    page.locator("main").get_by_role("link", name="Search grants").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search grants")
    expect(
        page.locator(".govuk-service-navigation").get_by_role("link", name="Grants")
    ).to_have_attribute("href", "/search-grants/")
    expect(page.locator("#result-count")).to_have_text(count_text(IndexedGrant.objects.count()))
    by_funder = page.get_by_role("table", name="Grants found by funder")
    expect(by_funder.get_by_role("row", name=f"{ALWF[1]} 475")).to_be_visible()
    expect(
        by_funder.get_by_role("row", name=f"Department for Education {programme_grants}")
    ).to_be_visible()
    assert_accessible(page)

    # Words, funder, amounts and dates: a page of the foundation's grants.
    fill_in(page, YOUNG_AND_MID_SIZED, funder_name=ALWF[1])
    apply_filters(page)
    found = shows_what_the_database_finds(page, YOUNG_AND_MID_SIZED)
    assert 2 < len(found) <= 20, "the search should fit on one page, and the city narrow it"
    assert_accessible(page)

    # Its CSV holds exactly the grants the page shows, amounts in pence.
    rows = downloads_the_csv(page, len(found))
    assert [row["Identifier"] for row in rows] == shown_ids(page)
    assert [row["Title"] for row in rows] == shown_titles(page)
    amount = next(name for name in rows[0] if name.startswith("Amount awarded"))
    assert all(re.fullmatch(r"\d+", row[amount]) for row in rows)
    assert [int(row[amount]) for row in rows] == [grant.amount_awarded_minor for grant in found]

    # The same search in one local authority.
    page.get_by_label("Local authority", exact=True).select_option(label="City of London")
    apply_filters(page)
    in_the_city = shows_what_the_database_finds(page, IN_THE_CITY)
    assert 0 < len(in_the_city) < len(found)
    assert_accessible(page)

    # A smallest amount that is not an amount is refused at its field, keeping what was typed;
    # the other filters still apply.
    page.get_by_label("Smallest amount, in pounds").fill("ten pounds")
    apply_filters(page)
    expect(page).to_have_title(re.compile("^Error:"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    error = "Enter the smallest amount as an amount in pounds and pence"
    expect(page.locator("#id_amount_from-error")).to_contain_text(error)
    keeps_what_was_typed(page, IN_THE_CITY, smallest="ten pounds")
    expect(page.locator("#result-count")).to_have_text(
        count_text(len(replace(IN_THE_CITY, smallest=None).expected()))
    )
    assert_accessible(page)
    summary.get_by_role("link", name=re.compile(error)).click()
    expect(page.get_by_label("Smallest amount, in pounds")).to_be_focused()

    page.get_by_label("Smallest amount, in pounds").fill(str(IN_THE_CITY.smallest))
    apply_filters(page)
    shows_what_the_database_finds(page, IN_THE_CITY)


def public_searches_without_javascript(browser: Browser, base_url: str, shared_url: str) -> None:
    """The search by region works with JavaScript off, and an address shared from a search made
    with it on finds the same grants, with its filters filled in."""
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        page.get_by_role("link", name="Grants", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Search grants")

        in_london = Search(region=LONDON, order=LARGEST_FIRST)
        fill_in(page, in_london)
        apply_filters(page)
        found = shows_what_the_database_finds(page, in_london)
        sources = {grant.source for grant in found}
        assert sources == {IndexedGrant.Source.PROGRAMME, IndexedGrant.Source.OTHER}, sources

        page.goto(shared_url)
        shows_what_the_database_finds(page, IN_THE_CITY)
        keeps_what_was_typed(page, IN_THE_CITY, smallest=str(IN_THE_CITY.smallest))
    finally:
        context.close()
