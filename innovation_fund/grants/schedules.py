"""Planning a payment schedule from a grant's profile: pure arithmetic on dates and pence, no
database. The schedule services (`services.schedules`), the award (`services.awards`) and
variations (`services.variations`) all plan instalments here, so every schedule is laid out by
the same rules.

The rules, as the "Build the schedule" page states them:
- Each financial year of the profile is planned on its own: its instalments add up exactly to
  that year's amount, so the schedule adds up exactly to the award. A year of £0 has none.
- Due dates are the first day of a month, inside the instalment's financial year:
  "quarterly" on 1 April, 1 July, 1 October and 1 January; "equal" on `count` month starts
  spread evenly from April (2 a year: April and October; 12: every month); "yearly" on 1 April.
- Dates before `starts_on` are skipped (the work has not started). A year whose dates are all
  skipped gets one instalment due on `starts_on`, or on 31 March if the year has ended before
  `starts_on`, so its money is never lost.
- The year's money is split with `core.money.allocate`: its instalments differ by at most a
  penny, and the odd pennies go on the earliest instalments of the year, a penny each. A year
  with fewer pence than due dates gets one 1p instalment on each of its earliest dates, so no
  instalment is ever £0.
"""

from dataclasses import dataclass
from datetime import date

from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.money import allocate

QUARTERLY = "quarterly"
EQUAL = "equal"
YEARLY = "yearly"
PATTERNS = (QUARTERLY, EQUAL, YEARLY)
MOST_A_YEAR = 12  # one a month

REMAINDER_RULE = (
    "Each year’s money is split as evenly as whole pence allow: the odd pennies go on the "
    "earliest instalments of the year, a penny each."
)


@dataclass(frozen=True)
class PlannedInstalment:
    due_on: date
    financial_year: int  # the calendar year the financial year starts in
    amount_pence: int


def plan_instalments(
    years: dict[int, int],
    *,
    pattern: str,
    count: int | None = None,
    starts_on: date | None = None,
) -> list[PlannedInstalment]:
    """The instalments for a profile (financial year start → pence), in due-date order.

    `count` is how many instalments each year has in the "equal" pattern (1 to 12) and must be
    left out for the others. Raises ValueError for an unknown pattern, a bad count or a negative
    year.
    """
    _check(years, pattern, count)
    planned: list[PlannedInstalment] = []
    for start_year in sorted(years):
        amount = years[start_year]
        if amount == 0:
            continue
        dates = _due_dates(FinancialYear(start_year), pattern, count, starts_on)
        dates = dates[: min(len(dates), amount)]
        planned.extend(
            PlannedInstalment(due_on=due_on, financial_year=start_year, amount_pence=pence)
            for due_on, pence in zip(dates, allocate(amount, len(dates)), strict=True)
        )
    return planned


def _check(years: dict[int, int], pattern: str, count: int | None) -> None:
    if pattern not in PATTERNS:
        raise ValueError(f"Unknown pattern {pattern!r}: choose one of {', '.join(PATTERNS)}")
    if pattern == EQUAL:
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MOST_A_YEAR:
            raise ValueError(f"Equal instalments need a count from 1 to {MOST_A_YEAR} a year")
    elif count is not None:
        raise ValueError(f"The {pattern} pattern takes no count")
    for start_year, amount in years.items():
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise TypeError(f"Money must be whole pence: {start_year} is {amount!r}")
        if amount < 0:
            raise ValueError(f"{FinancialYear(start_year).label} cannot be negative")


def _month_start(year: FinancialYear, months_after_april: int) -> date:
    month = 4 + months_after_april
    return date(year.start_year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _due_dates(
    year: FinancialYear, pattern: str, count: int | None, starts_on: date | None
) -> list[date]:
    if pattern == QUARTERLY:
        offsets = [0, 3, 6, 9]
    elif pattern == YEARLY:
        offsets = [0]
    else:
        offsets = [MOST_A_YEAR * index // count for index in range(count)]
    dates = [_month_start(year, offset) for offset in offsets]
    if starts_on is None:
        return dates
    later = [day for day in dates if day >= starts_on]
    if later:
        return later
    return [min(max(starts_on, year.starts_on), year.ends_on)]
