"""The shared page layout (templates/base.html), seen through the 404 page, in a real browser."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from innovation_fund.core.context_processors import NAVIGATION

from .axe import assert_accessible, assert_usable_at_400_percent_zoom

NOT_FOUND_PATH = "/no-such-page/"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def open_not_found_page(page: Page, base_url: str) -> Page:
    response = page.goto(base_url + NOT_FOUND_PATH)
    assert response is not None
    assert response.status == 404
    return page


@pytest.fixture
def not_found_page(page: Page, live_server) -> Page:
    return open_not_found_page(page, live_server.url)


@pytest.fixture
def not_found_page_without_js(page_without_js: Page, live_server) -> Page:
    return open_not_found_page(page_without_js, live_server.url)


def test_title_names_the_page_and_service_then_gov_uk(not_found_page):
    expect(not_found_page).to_have_title(f"Page not found – {settings.SERVICE_NAME} – GOV.UK")
    expect(not_found_page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_gov_uk_header_links_to_gov_uk(not_found_page):
    header = not_found_page.locator(".govuk-header")

    homepage_link = header.get_by_role("link", name="GOV.UK")
    expect(homepage_link).to_be_visible()
    expect(homepage_link).to_have_attribute("href", "https://www.gov.uk/")


def test_header_and_service_navigation_are_in_the_banner_landmark(not_found_page):
    # Counted at once, not awaited: the page is server-rendered and fully loaded.
    banner = not_found_page.get_by_role("banner")

    assert banner.count() == 1
    assert banner.locator(".govuk-header").count() == 1
    assert banner.locator(".govuk-service-navigation").count() == 1


def test_service_navigation_names_the_service_and_links_every_section(not_found_page):
    service = not_found_page.get_by_role("region", name="Service information")
    expect(service.get_by_role("link", name=settings.SERVICE_NAME)).to_have_attribute(
        "href", reverse("public:home")
    )

    # Signed out, the last link is "Sign in".
    expected = [*NAVIGATION, ("Sign in", "accounts:sign_in")]
    links = service.get_by_role("navigation", name="Menu").get_by_role("link")
    expect(links).to_have_text([text for text, _ in expected])
    hrefs = [links.nth(index).get_attribute("href") for index in range(links.count())]
    assert hrefs == [reverse(url_name) for _, url_name in expected]


def test_phase_banner_says_beta(not_found_page):
    banner = not_found_page.locator(".govuk-phase-banner")

    expect(banner.locator(".govuk-tag")).to_have_text("Beta")
    expect(banner.get_by_role("link", name="About the data")).to_have_attribute(
        "href", reverse("public:about_data")
    )


def test_skip_link_is_first_hidden_until_focused_and_moves_focus_to_main(not_found_page):
    skip_link = not_found_page.get_by_role("link", name="Skip to main content")
    assert skip_link.bounding_box()["width"] <= 1, "the skip link should be visually hidden"

    not_found_page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    assert skip_link.bounding_box()["width"] > 1, "the focused skip link should be visible"

    not_found_page.keyboard.press("Enter")
    expect(not_found_page.locator("main#main-content")).to_be_focused()


def test_footer_has_the_open_government_licence_and_support_links(not_found_page):
    footer = not_found_page.locator(".govuk-footer")

    expect(footer.get_by_role("link", name="Open Government Licence v3.0")).to_have_attribute(
        "href", OGL_URL
    )
    expect(footer.get_by_role("link", name="Accessibility statement")).to_have_attribute(
        "href", reverse("public:accessibility")
    )
    expect(footer.get_by_role("link", name="© Crown copyright")).to_be_visible()


def test_footer_is_the_contentinfo_landmark(not_found_page):
    contentinfo = not_found_page.get_by_role("contentinfo")

    assert contentinfo.count() == 1
    assert contentinfo.locator(".govuk-footer").count() == 1


def test_gov_uk_frontend_styles_fonts_and_scripts_load(page, live_server):
    broken = []

    def record_error_response(response):
        if response.status >= 400 and not response.url.endswith(NOT_FOUND_PATH):
            broken.append(f"{response.status}: {response.url}")

    page.on("pageerror", lambda error: broken.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: broken.append(f"failed: {request.url}"))
    page.on("response", record_error_response)

    open_not_found_page(page, live_server.url)
    page.wait_for_load_state("networkidle")

    heading_font = page.get_by_role("heading", level=1).evaluate(
        "(heading) => getComputedStyle(heading).fontFamily"
    )
    assert "GDS Transport" in heading_font
    fonts_loaded = page.evaluate(
        "async () => { await document.fonts.ready;"
        " return document.fonts.check('bold 19px \"GDS Transport\"'); }"
    )
    assert fonts_loaded, "the GDS Transport font files did not load"
    expect(page.locator("body")).to_contain_class("js-enabled govuk-frontend-supported")
    expect(page.locator("[data-module='govuk-skip-link']")).to_have_attribute(
        "data-govuk-skip-link-init", ""
    )
    assert broken == []


def test_page_passes_axe(not_found_page):
    assert_accessible(not_found_page)


def test_page_reflows_at_400_percent_zoom(not_found_page):
    assert_usable_at_400_percent_zoom(not_found_page)


def test_navigation_folds_behind_a_menu_button_on_narrow_screens(not_found_page):
    not_found_page.set_viewport_size({"width": 320, "height": 256})
    menu_button = not_found_page.get_by_role("button", name="Menu")
    projects_link = not_found_page.get_by_role("link", name="Projects", exact=True)
    expect(projects_link).to_be_hidden()

    menu_button.click()

    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(projects_link).to_be_visible()


def test_layout_works_without_javascript(not_found_page_without_js):
    page = not_found_page_without_js
    expect(page.locator("body")).to_have_class("govuk-template__body")  # no js-enabled
    expect(page.get_by_role("link", name="GOV.UK")).to_be_visible()
    expect(page.locator(".govuk-phase-banner .govuk-tag")).to_have_text("Beta")
    expect(page.get_by_role("link", name="Open Government Licence v3.0")).to_be_visible()

    # On a narrow screen the navigation cannot fold away: no script is there to open it.
    page.set_viewport_size({"width": 320, "height": 256})
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Projects", exact=True)).to_be_visible()
    assert_usable_at_400_percent_zoom(page)


def test_skip_link_works_without_javascript(not_found_page_without_js):
    page = not_found_page_without_js

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/no-such-page/#main-content$"))

    # Without the script main is not focused, but the next Tab starts from it.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="search the projects")).to_be_focused()
