from io import StringIO

import pytest
from django.core.management import call_command

from innovation_fund.core.models import DataImport

pytestmark = pytest.mark.django_db


def _run(name: str) -> str:
    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def test_load_places_then_load_statistics_report_and_are_idempotent():
    places = _run("load_places")
    assert "authorities: 163 created" in places
    assert "boundaries: 619 created" in places
    assert "districts: 204 created" in places
    assert "0 problem(s)" in places
    statistics = _run("load_statistics")
    assert "statistics: 13005 created" in statistics
    assert DataImport.objects.count() == 4

    again = _run("load_places") + _run("load_statistics")

    assert again.count("Nothing changed: no import recorded.") == 4
    assert "authorities: 0 created, 0 updated, 163 unchanged" in again
    assert DataImport.objects.count() == 4
