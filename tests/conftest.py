import pytest

# Browser fixtures for any test that needs a real page (Chromium starts only when asked for).
from tests.browser.fixtures import browser, page, page_without_js, playwright  # noqa: F401


@pytest.fixture(autouse=True)
def outbox():
    """Emails sent during a test (the fake notifications backend), empty at the start of each."""
    from innovation_fund.core.notifications import FakeNotifications

    FakeNotifications.outbox.clear()
    return FakeNotifications.outbox


@pytest.fixture(autouse=True)
def _empty_cache_for_transactional_tests(request):
    """Rate limits count in the cache, a database table. Tests inside a transaction start with it
    empty anyway; tests that commit (browser tests with the live server) empty it first, so one
    test's sign-ins never count against the next."""
    if "transactional_db" in request.fixturenames:
        from django.core.cache import cache

        request.getfixturevalue("transactional_db")
        cache.clear()
