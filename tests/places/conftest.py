"""Real shared data, loaded once per test module inside a transaction that is rolled back.

Each test still runs in its own savepoint (pytest-django's django_db), so a test that writes
cannot affect the next one, and nothing is left behind for other apps' tests.
"""

import pytest
from django.db import transaction

from innovation_fund.places.loaders import load_authorities, load_boundaries, load_statistics


@pytest.fixture(scope="module")
def places_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield {"authorities": load_authorities(), "boundaries": load_boundaries()}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def statistics_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_authorities()
        load_boundaries()
        yield load_statistics()
        transaction.set_rollback(True)
