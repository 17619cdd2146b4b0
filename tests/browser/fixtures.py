"""Fixtures for tests that drive headless Debian Chromium through Playwright.

`tests/conftest.py` imports them, so any test can ask for `page` (JavaScript on) or
`page_without_js`; Chromium starts only when one does.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from .axe import AXE_PATH

# Playwright's sync API runs an asyncio event loop on the test thread, so Django sees a
# "running loop" and would refuse ORM calls (test data, transactional_db's flush) from that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
# Fail in seconds, not Playwright's default 30, when a page or element never turns up.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM_PATH.exists():
        pytest.skip(
            f"Browser tests need Chromium at {CHROMIUM_PATH}: run scripts/ensure-chromium "
            "(or `make browser-deps`); Playwright cannot download its own browser here."
        )
    if not AXE_PATH.exists():
        pytest.fail(
            f"axe-core is missing at {AXE_PATH}: run `npm ci` (or `make setup`). "
            "The accessibility checks cannot run without it.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _new_page(browser: Browser, *, java_script_enabled: bool) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=java_script_enabled)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own browser context (no shared cookies), 1280x900, JavaScript on."""
    yield from _new_page(browser, java_script_enabled=True)


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    """Like `page`, but with JavaScript turned off, to check progressive enhancement."""
    yield from _new_page(browser, java_script_enabled=False)
