"""Every test under tests/browser is marked `browser` automatically, so
`pytest -m "not browser"` leaves them out. The fixtures are in `fixtures.py`."""

from pathlib import Path

import pytest

BROWSER_TESTS_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be on the items before `-m` selection looks at them.
    for item in items:
        if BROWSER_TESTS_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)
