from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innovation_fund.core.financial_years import FinancialYear, financial_years_between


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2015, 4, 1), "2015-16"),
        (date(2016, 3, 31), "2015-16"),
        (date(2015, 3, 31), "2014-15"),
        (date(1999, 12, 31), "1999-00"),
    ],
)
def test_the_financial_year_containing_a_day(day, label):
    assert FinancialYear.containing(day).label == label


def test_parse_reads_a_label_and_refuses_years_that_do_not_follow_on():
    year = FinancialYear.parse("2015-16")
    assert (year.starts_on, year.ends_on) == (date(2015, 4, 1), date(2016, 3, 31))
    for bad in ["2015-17", "2015/16", "15-16", "2015"]:
        with pytest.raises(ValueError):
            FinancialYear.parse(bad)


def test_years_between_two_dates():
    labels = [year.label for year in financial_years_between(date(2015, 1, 1), date(2017, 4, 1))]
    assert labels == ["2014-15", "2015-16", "2016-17", "2017-18"]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)))
def test_every_day_is_in_exactly_the_year_that_contains_it(day):
    year = FinancialYear.containing(day)
    assert day in year
    assert day not in year.next()
    assert FinancialYear.parse(year.label) == year
