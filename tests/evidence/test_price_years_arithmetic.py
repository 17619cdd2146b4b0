"""The deflator arithmetic against figures worked by hand from gdp_deflators.csv.

value in Y = pence × index(Y) ÷ index(X), rounded once to the penny, halves away from zero.
"""

from decimal import Decimal

import pytest

from innovation_fund.evidence.deflators_loader import load_deflators
from innovation_fund.evidence.price_years import Deflators, PriceYearOutsideSeries

pytestmark = pytest.mark.django_db

OUTSIDE_MESSAGE = (
    "The GDP deflators run from 2010-11 to 2024-25; {year} is outside them and is not "
    "extrapolated. Give a price year from 2010-11 to 2024-25"
)


@pytest.fixture
def deflators() -> Deflators:
    load_deflators()
    return Deflators.loaded()


@pytest.mark.parametrize(
    ("pence", "from_year", "to_year", "expected"),
    [
        # 100000 × 100.0000 ÷ 74.5804 = 134083.485...: down to 134083
        (100_000, 2015, 2024, 134_083),
        # 100000 × 100.0000 ÷ 68.8561 = 145230.415...: down to 145230
        (100_000, 2010, 2024, 145_230),
        # 250000 × 96.1117 ÷ 80.8738 = 297103.944...: up to 297104
        (250_000, 2019, 2023, 297_104),
        # 40000 × 91.2996 ÷ 85.3036 = 42811.604...: up to 42812
        (40_000, 2021, 2022, 42_812),
        # The same year: nothing changes
        (12_345, 2018, 2018, 12_345),
    ],
)
def test_restated_as_worked_by_hand(deflators, pence, from_year, to_year, expected):
    restated = deflators.restate(pence, from_year, to_year)
    assert restated.pence == expected
    assert type(restated.pence) is int
    assert isinstance(restated.from_index, Decimal)
    assert isinstance(restated.to_index, Decimal)


def test_a_half_penny_rounds_up(deflators):
    # Constructed: 125000 × 74.5804 ÷ 100.0000 = 93225.5 exactly, which rounds up to 93226.
    restated = deflators.restate(125_000, 2024, 2015)
    assert restated.pence == 93_226


def test_the_index_is_kept_exactly_as_written(deflators):
    assert deflators.indices[2015] == Decimal("74.5804")
    assert deflators.indices[2024] == Decimal("100.0000")
    assert str(deflators.indices[2024]) == "100.0000"


def test_the_calculation_is_shown(deflators):
    restated = deflators.restate(100_000, 2015, 2024)
    assert restated.calculation == (
        "£1,000 (2015-16 prices) × 100.0000 ÷ 74.5804 = £1,340.83 (2024-25 prices)"
    )


@pytest.mark.parametrize(("year", "label"), [(2009, "2009-10"), (2025, "2025-26")])
def test_a_price_year_outside_the_series_is_refused(deflators, year, label):
    message = OUTSIDE_MESSAGE.format(year=label)
    assert deflators.refusal(year) == message
    with pytest.raises(PriceYearOutsideSeries) as refused:
        deflators.restate(100_000, year, 2024)
    assert str(refused.value) == message
    with pytest.raises(PriceYearOutsideSeries):
        deflators.restate(100_000, 2015, year)


def test_inside_the_series_there_is_no_refusal(deflators):
    assert deflators.refusal(2010) == ""
    assert deflators.refusal(2024) == ""


def test_with_no_deflators_loaded_everything_is_refused():
    empty = Deflators.loaded()
    assert empty.refusal(2015) == (
        "No GDP deflators are loaded, so amounts cannot be brought to one price year"
    )
    with pytest.raises(PriceYearOutsideSeries):
        empty.restate(100, 2015, 2015)
