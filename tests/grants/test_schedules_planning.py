"""Planning a payment schedule from a profile: the patterns, where the odd pennies go, and (by
property tests) that any profile's instalments add up exactly, year by year, with nothing £0 and
every due date inside its financial year."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.grants.schedules import PlannedInstalment, plan_instalments


def test_quarterly_is_due_on_the_first_day_of_each_quarter():
    planned = plan_instalments({2027: 60_000_00, 2028: 40_000_00}, pattern="quarterly")

    assert planned == [
        PlannedInstalment(date(2027, 4, 1), 2027, 15_000_00),
        PlannedInstalment(date(2027, 7, 1), 2027, 15_000_00),
        PlannedInstalment(date(2027, 10, 1), 2027, 15_000_00),
        PlannedInstalment(date(2028, 1, 1), 2027, 15_000_00),
        PlannedInstalment(date(2028, 4, 1), 2028, 10_000_00),
        PlannedInstalment(date(2028, 7, 1), 2028, 10_000_00),
        PlannedInstalment(date(2028, 10, 1), 2028, 10_000_00),
        PlannedInstalment(date(2029, 1, 1), 2028, 10_000_00),
    ]


def test_the_odd_pennies_go_on_the_earliest_instalments_of_each_year():
    planned = plan_instalments({2027: 10_00 + 3, 2028: 7}, pattern="quarterly")

    assert [p.amount_pence for p in planned if p.financial_year == 2027] == [251, 251, 251, 250]
    assert [p.amount_pence for p in planned if p.financial_year == 2028] == [2, 2, 2, 1]


def test_quarters_before_the_start_are_skipped():
    planned = plan_instalments({2027: 90_00}, pattern="quarterly", starts_on=date(2027, 5, 15))

    assert [p.due_on for p in planned] == [date(2027, 7, 1), date(2027, 10, 1), date(2028, 1, 1)]
    assert [p.amount_pence for p in planned] == [30_00, 30_00, 30_00]


def test_a_year_wholly_before_the_start_is_due_at_its_end_so_its_money_is_kept():
    planned = plan_instalments(
        {2026: 5_00, 2027: 5_00}, pattern="quarterly", starts_on=date(2028, 2, 10)
    )

    assert planned == [
        PlannedInstalment(date(2027, 3, 31), 2026, 5_00),
        PlannedInstalment(date(2028, 2, 10), 2027, 5_00),
    ]


def test_equal_instalments_are_spread_over_month_starts():
    planned = plan_instalments({2027: 300}, pattern="equal", count=3)

    assert [p.due_on for p in planned] == [date(2027, 4, 1), date(2027, 8, 1), date(2027, 12, 1)]
    assert [p.amount_pence for p in planned] == [100, 100, 100]
    monthly = plan_instalments({2027: 12_00}, pattern="equal", count=12)
    assert [p.due_on.month for p in monthly] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


def test_yearly_is_due_on_1_april_or_the_start_if_later():
    planned = plan_instalments({2027: 100, 2028: 200}, pattern="yearly", starts_on=date(2027, 6, 9))

    assert planned == [
        PlannedInstalment(date(2027, 6, 9), 2027, 100),
        PlannedInstalment(date(2028, 4, 1), 2028, 200),
    ]


def test_a_year_of_nothing_has_no_instalments_and_fewer_pence_than_dates_no_zeros():
    planned = plan_instalments({2027: 0, 2028: 2}, pattern="quarterly")

    assert planned == [
        PlannedInstalment(date(2028, 4, 1), 2028, 1),
        PlannedInstalment(date(2028, 7, 1), 2028, 1),
    ]


@pytest.mark.parametrize(
    ("years", "pattern", "count"),
    [
        ({2027: 100}, "monthly", None),
        ({2027: 100}, "equal", None),
        ({2027: 100}, "equal", 0),
        ({2027: 100}, "equal", 13),
        ({2027: 100}, "quarterly", 2),
        ({2027: -1}, "quarterly", None),
    ],
)
def test_bad_plans_are_refused(years, pattern, count):
    with pytest.raises(ValueError):
        plan_instalments(years, pattern=pattern, count=count)


def test_money_that_is_not_whole_pence_is_refused():
    with pytest.raises(TypeError):
        plan_instalments({2027: 10.5}, pattern="quarterly")


# --- Properties -------------------------------------------------------------------------------

profiles = st.dictionaries(
    keys=st.integers(min_value=2000, max_value=2100),
    values=st.one_of(
        st.integers(min_value=0, max_value=20),
        st.integers(min_value=0, max_value=10**15),
    ),
    min_size=1,
    max_size=6,
)
plans = st.one_of(
    st.tuples(st.sampled_from(["quarterly", "yearly"]), st.none()),
    st.tuples(st.just("equal"), st.integers(min_value=1, max_value=12)),
)
starts = st.one_of(st.none(), st.dates(min_value=date(1999, 1, 1), max_value=date(2102, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(years=profiles, plan=plans, starts_on=starts)
def test_any_profile_is_planned_exactly(years, plan, starts_on):
    pattern, count = plan

    planned = plan_instalments(years, pattern=pattern, count=count, starts_on=starts_on)

    assert sum(p.amount_pence for p in planned) == sum(years.values())
    for year, amount in years.items():
        mine = [p for p in planned if p.financial_year == year]
        assert sum(p.amount_pence for p in mine) == amount
        assert (len(mine) == 0) == (amount == 0)
    for p in planned:
        assert p.amount_pence > 0
        assert p.due_on in FinancialYear(p.financial_year)
        if starts_on is not None and starts_on in FinancialYear(p.financial_year):
            assert p.due_on >= starts_on
    amounts_by_year = {}
    for p in planned:
        amounts_by_year.setdefault(p.financial_year, []).append(p.amount_pence)
    for amounts in amounts_by_year.values():
        assert max(amounts) - min(amounts) <= 1  # spread as evenly as pence allow
        assert amounts == sorted(amounts, reverse=True)  # odd pennies first
    assert [p.due_on for p in planned] == sorted(p.due_on for p in planned)
