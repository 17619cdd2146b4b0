"""The authority page's rates never give away a count of fewer than 5 children (design rule 7)."""

from decimal import Decimal

import pytest

from innovation_fund.places import selectors
from innovation_fund.places.models import Measure, StatisticValue
from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db
DERIVED = StatisticValue.Status.DERIVED
PUBLISHED = StatisticValue.Status.PUBLISHED


def figures(authority, year, *, count, rate_status):
    StatisticValue.objects.create(
        authority=authority,
        year=year,
        measure=Measure.CHILD_PROTECTION_PLANS,
        value=count,
        source_file="test",
    )
    StatisticValue.objects.create(
        authority=authority,
        year=year,
        measure=Measure.CHILD_PROTECTION_PLAN_RATE,
        value=Decimal("2.1"),
        status=rate_status,
        source_file="test",
    )


def cpp_rate(authority, year):
    row = next(row for row in selectors.statistics_table(authority) if row.year == year)
    return row.area[Measure.CHILD_PROTECTION_PLAN_RATE.value]


@pytest.mark.parametrize("count", [0, 4])
def test_a_rate_we_derived_from_fewer_than_5_children_is_suppressed(count):
    authority = LocalAuthorityFactory()
    figures(authority, 2014, count=count, rate_status=DERIVED)
    assert cpp_rate(authority, 2014).value is None
    assert cpp_rate(authority, 2014).status == StatisticValue.Status.SMALL_NUMBER


def test_a_rate_we_derived_from_5_or_more_is_shown():
    authority = LocalAuthorityFactory()
    figures(authority, 2014, count=5, rate_status=DERIVED)
    assert cpp_rate(authority, 2014).value == Decimal("2.1")


def test_a_publishers_own_rate_is_shown_as_published():
    authority = LocalAuthorityFactory()
    figures(authority, 2018, count=3, rate_status=PUBLISHED)
    assert cpp_rate(authority, 2018).value == Decimal("2.1")


def test_the_counts_beside_the_rates_are_suppressed_below_5():
    authority = LocalAuthorityFactory()
    figures(authority, 2014, count=4, rate_status=PUBLISHED)
    StatisticValue.objects.create(
        authority=authority,
        year=2014,
        measure=Measure.LOOKED_AFTER,
        value=Decimal(12),
        source_file="test",
    )
    (row,) = selectors.statistics_table(authority)
    assert list(row.counts) == ["cin_count", "cpp_count", "cla_count", "population_0_17"]
    assert row.counts["cpp_count"] == selectors.Figure(None, StatisticValue.Status.SMALL_NUMBER)
    assert row.counts["cla_count"] == selectors.Figure(Decimal(12), PUBLISHED)
    assert row.counts["cin_count"] == selectors.MISSING
