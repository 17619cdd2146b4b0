"""A member of the public explores the real programme: search, filter, a project, its
innovation, an authority, and the map, with accessibility checks on every page."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from .axe import assert_accessible, assert_usable_at_400_percent_zoom


@pytest.fixture
def demo_data(transactional_db):
    call_command("load_demo_data", verbosity=0)


def check_page(page: Page) -> None:
    assert_accessible(page)
    assert_usable_at_400_percent_zoom(page)


def test_a_visitor_finds_family_safeguarding_and_follows_it_across_the_site(
    page: Page, live_server, demo_data
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Innovation Programme")
    expect(page.locator("#coverage-now")).to_have_text(re.compile(r"^\d+ of \d+ \(\d+%\) as of"))
    expect(page.locator("#coverage-then")).to_have_text(re.compile(r"^\d+ of \d+ \(\d+%\) as of"))
    check_page(page)

    page.get_by_label("Search the projects").fill("safeguarding")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/projects/\?q=safeguarding"))
    expect(page.locator("#result-count")).to_contain_text("project")
    check_page(page)

    page.get_by_label("Round").select_option(label="Round Two")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"round=round-2"))
    expect(page.get_by_label("Search projects")).to_have_value("safeguarding")
    project_link = page.get_by_role("link", name=re.compile("Implement Family Safeguarding"))
    expect(project_link).to_be_visible()
    check_page(page)

    project_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Implement Family Safeguarding")
    expect(page.get_by_text("£11,600,000")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Family Safeguarding", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Family Safeguarding")
    expect(page.get_by_role("group", name=re.compile("Where Family Safeguarding"))).to_be_visible()
    check_page(page)

    page.locator("table").get_by_role("link", name="Luton", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Luton")
    expect(page.locator("#statistics-table")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Children in need rate"))).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Map", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map of local authorities involved")
    check_page(page)
    page.get_by_label("Show authorities as they were in").select_option("2016")
    page.get_by_role("button", name="Show map").click()
    expect(page.get_by_text(re.compile(r"of 152 local authorities"))).to_be_visible()

    page.get_by_role("link", name="Hertfordshire: Led a project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hertfordshire")


def test_the_directory_works_without_javascript(page_without_js: Page, live_server, demo_data):
    page = page_without_js
    page.goto(live_server.url + "/projects/?round=99&q=mockingbird")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Select a round from the list")).to_be_visible()
    expect(page.get_by_label("Search projects")).to_have_value("mockingbird")
    page.get_by_label("Round").select_option(label="Round One")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Mockingbird Family Model pilot")).to_be_visible()
    expect(page.get_by_role("heading", name="There is a problem")).to_have_count(0)


@pytest.mark.parametrize(
    "path",
    [
        "/innovations/",
        "/local-authorities/",
        "/local-authorities/northamptonshire/",
        "/map/?year=2015&round=round-1",
        "/evidence/",
        "/about-the-data/",
        "/accessibility/",
        "/projects/round-1-torbay-council/",
    ],
)
def test_every_other_public_page_is_accessible(page: Page, live_server, demo_data, path):
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, path
    check_page(page)


def test_the_open_data_page_before_and_after_the_file_is_produced(
    page: Page, live_server, demo_data
):
    page.goto(live_server.url + "/open-data/")
    expect(page.get_by_text("has not been produced yet")).to_be_visible()
    check_page(page)
    call_command("publish_open_data", stdout=io.StringIO(), stderr=io.StringIO())
    page.goto(live_server.url + "/open-data/")
    expect(
        page.locator("#main-content").get_by_text("Open Government Licence v3.0")
    ).to_be_visible()
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Grants as a 360Giving JSON package").click()
    assert download.value.suggested_filename.startswith("cscip-grants-360giving-")


def test_the_map_shows_its_year_in_the_select_and_the_api_reference_is_accessible(
    page: Page, live_server, transactional_db
):
    page.goto(live_server.url + "/map/")
    shown = re.search(
        r"by \d{1,2} \w+ (\d{4}):", page.locator(".govuk-body-l").first.inner_text()
    ).group(1)
    expect(page.get_by_label("Show authorities as they were in")).to_have_value(shown)

    page.goto(live_server.url + "/api/v1/docs")
    expect(page.get_by_role("heading", level=1)).to_have_text("API reference")
    expect(page.get_by_role("heading", name="Published projects", exact=True)).to_be_visible()
    check_page(page)
