"""Loaders run on an empty database say what is missing instead of failing row by row."""

import pytest

from innovation_fund.core.models import DataImport
from innovation_fund.places.loaders import load_boundaries, load_statistics
from innovation_fund.places.models import Boundary, StatisticValue

pytestmark = pytest.mark.django_db


def test_boundaries_need_the_authorities_first():
    report = load_boundaries()

    assert report.problems == ["No local authorities: load them before their boundaries."]
    assert Boundary.objects.count() == 0
    assert DataImport.objects.count() == 0


def test_statistics_need_the_authorities_first():
    report = load_statistics()

    assert report.problems == ["No local authorities: run load_places first."]
    assert StatisticValue.objects.count() == 0
    assert DataImport.objects.count() == 0
