from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innovation_fund.core.money import (
    InvalidAmount,
    allocate,
    format_gbp,
    format_gbp_short,
    parse_pounds,
    pounds_to_pence,
)

pence_amounts = st.integers(min_value=-(10**13), max_value=10**13)


@pytest.mark.parametrize(
    ("pence", "expected"),
    [
        (486_000_000, "£4,860,000"),
        (123_456, "£1,234.56"),
        (5, "£0.05"),
        (0, "£0"),
        (-1_050, "-£10.50"),
    ],
)
def test_format_gbp(pence, expected):
    assert format_gbp(pence) == expected


@pytest.mark.parametrize(
    ("pence", "expected"),
    [
        (486_000_000, "£4.86m"),
        (1_160_000_000, "£11.6m"),
        (20_000_000_000, "£200m"),
        (5_940_000_000, "£59.4m"),
        (77_100_000, "£771,000"),
        (100_000_000, "£1m"),
        (99_999_999, "£999,999.99"),
        (100_500_000, "£1.01m"),  # £1,005,000 rounds half up to £1.01m
    ],
)
def test_format_gbp_short(pence, expected):
    assert format_gbp_short(pence) == expected


@pytest.mark.parametrize("not_pence", [1.5, Decimal("1"), "100", True, None])
def test_formatting_refuses_anything_but_integer_pence(not_pence):
    with pytest.raises(TypeError):
        format_gbp(not_pence)


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("£4,860,000", 486_000_000), ("1,234.5", 123_450), (" 12 ", 1_200), ("0.07", 7)],
)
def test_parse_pounds_reads_what_people_type(typed, pence):
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize("typed", ["", "£", "abc", "1.234", "-5", "1e6", "NaN", "12.3.4"])
def test_parse_pounds_refuses_what_is_not_money(typed):
    with pytest.raises(InvalidAmount):
        parse_pounds(typed)


def test_pounds_to_pence_refuses_floats_and_fractions_of_a_penny():
    with pytest.raises(TypeError):
        pounds_to_pence(1.1)
    with pytest.raises(InvalidAmount):
        pounds_to_pence("0.001")
    assert pounds_to_pence(4860000) == 486_000_000


@given(pence_amounts)
def test_format_then_parse_gives_back_the_same_pence(pence):
    text = format_gbp(abs(pence))
    assert parse_pounds(text) == abs(pence)


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=1, max_value=60))
def test_allocate_adds_up_exactly_and_differs_by_at_most_a_penny(total, parts):
    instalments = allocate(total, parts)
    assert sum(instalments) == total
    assert len(instalments) == parts
    assert max(instalments) - min(instalments) <= 1
    assert instalments == sorted(instalments, reverse=True)


@given(pence_amounts, pence_amounts)
def test_money_arithmetic_stays_exact_in_integers(a, b):
    assert parse_pounds(format_gbp(abs(a) + abs(b))) == abs(a) + abs(b)


def test_allocate_needs_at_least_one_part():
    with pytest.raises(ValueError):
        allocate(100, 0)
