# Browser fixtures for any test that needs a real page (Chromium starts only when asked for).
from tests.browser.fixtures import browser, page, page_without_js, playwright  # noqa: F401
