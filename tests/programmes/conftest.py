"""The real programme, loaded once per test module inside a transaction that is rolled back.

Each test runs in its own savepoint (pytest-django's django_db), so a test that loads again or
changes data cannot affect the next one, and nothing is left for other apps' tests.
"""

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from innovation_fund.demo.loaders import load_programme

PROGRAMME_DIR = Path(settings.SHARED_DATA_DIR) / "programme"


def read_rows(file_name: str) -> list[dict]:
    with (PROGRAMME_DIR / file_name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The report of a full load of places and then the programme."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_places", stdout=io.StringIO())
        yield load_programme()
        transaction.set_rollback(True)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the shared programme files, for tests that change a name or a figure."""
    copy = tmp_path / "programme"
    shutil.copytree(PROGRAMME_DIR, copy)
    for path in copy.iterdir():
        path.chmod(0o644)
    return copy


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
