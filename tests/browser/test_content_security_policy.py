"""Under the Content-Security-Policy (issue 15, point 4) the pages' own scripts still run and the
browser reports no violation: on the map page and on a form page."""

import pytest
from playwright.sync_api import Page, expect

from innovation_fund.places.loaders import load_authorities, load_boundaries

from .axe import assert_accessible

# Added by Playwright through the DevTools protocol, which the page's policy does not govern.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched_page(page: Page):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    page.console_messages_seen = console
    return page


def open_and_check(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    policy = response.headers["content-security-policy"]
    assert "'nonce-" in policy and "unsafe-inline" not in policy
    # The inline GOV.UK Frontend snippet ran (it carries the nonce)...
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    # ...and so did application.mjs, which starts every GOV.UK Frontend component.
    expect(page.locator("[data-module='govuk-skip-link']")).to_have_attribute(
        "data-govuk-skip-link-init", ""
    )
    assert_accessible(page)
    assert page.evaluate("() => window.__cspViolations") == []
    assert [text for text in page.console_messages_seen if "Content Security Policy" in text] == []


@pytest.fixture
def boundaries(transactional_db):
    load_authorities()
    load_boundaries()


def test_the_map_page_runs_its_scripts_under_the_policy(watched_page, live_server, boundaries):
    open_and_check(watched_page, live_server.url + "/map/")
    expect(watched_page.locator("svg.app-map")).to_be_visible()
    assert watched_page.locator("svg.app-map path").count() > 100


def test_a_form_page_runs_its_scripts_under_the_policy(watched_page, live_server, transactional_db):
    open_and_check(watched_page, live_server.url + "/sign-in/")
    watched_page.get_by_label("Email address").fill("not an email")
    watched_page.get_by_role("button", name="Send me a sign-in link").click()
    # The error summary is a GOV.UK Frontend component: its script moves focus to it.
    expect(watched_page.locator(".govuk-error-summary")).to_be_focused()
    assert watched_page.evaluate("() => window.__cspViolations") == []
