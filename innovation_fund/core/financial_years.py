"""UK government financial years run from 1 April to 31 March and are named "2015-16"."""

import re
from dataclasses import dataclass
from datetime import date

_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int

    @classmethod
    def containing(cls, day: date) -> "FinancialYear":
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, label: str) -> "FinancialYear":
        """Read "2015-16". The second part must be the year after the first."""
        match = _LABEL.match(label.strip())
        if not match:
            raise ValueError(f"{label!r} is not a financial year like 2015-16")
        start = int(match.group(1))
        if int(match.group(2)) != (start + 1) % 100:
            raise ValueError(f"{label!r} is not a financial year: the years must follow on")
        return cls(start)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, 3, 31)

    def __contains__(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def next(self) -> "FinancialYear":
        return FinancialYear(self.start_year + 1)

    def __str__(self) -> str:
        return self.label


def financial_years_between(first: date, last: date) -> list[FinancialYear]:
    """Every financial year that a period from `first` to `last` touches, in order."""
    if last < first:
        raise ValueError("The period ends before it starts")
    year = FinancialYear.containing(first)
    end = FinancialYear.containing(last)
    years = []
    while year <= end:
        years.append(year)
        year = year.next()
    return years
