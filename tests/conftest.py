import pytest

# Browser fixtures for any test that needs a real page (Chromium starts only when asked for).
from tests.browser.fixtures import browser, page, page_without_js, playwright  # noqa: F401


@pytest.fixture(autouse=True)
def outbox():
    """Emails sent during a test (the fake notifications backend), empty at the start of each."""
    from innovation_fund.core.notifications import FakeNotifications

    FakeNotifications.outbox.clear()
    return FakeNotifications.outbox
