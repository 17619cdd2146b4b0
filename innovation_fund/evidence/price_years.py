"""Bringing money stated in different price years to one, with HM Treasury's GDP deflators.

value in Y = value in X × index(Y) ÷ index(X), worked exactly (fractions, never floats) and
rounded once to the nearest penny, halves away from zero. A price year outside the loaded series
is refused: the service never extrapolates. Every figure keeps its working, so pages can show it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.money import format_gbp

from .models import CostBenefitItem, GdpDeflator


class PriceYearOutsideSeries(ValueError):
    """A price year the deflator series does not cover."""


def _half_up(value: Fraction) -> int:
    """The nearest whole number of pence; a half goes away from zero."""
    sign = -1 if value < 0 else 1
    magnitude = abs(value)
    whole, remainder = divmod(magnitude.numerator, magnitude.denominator)
    if 2 * remainder >= magnitude.denominator:
        whole += 1
    return sign * whole


@dataclass(frozen=True)
class Restated:
    """An amount brought from its price year to another, with the working."""

    original_pence: int
    from_year: int
    to_year: int
    from_index: Decimal
    to_index: Decimal
    pence: int

    @property
    def from_label(self) -> str:
        return FinancialYear(self.from_year).label

    @property
    def to_label(self) -> str:
        return FinancialYear(self.to_year).label

    @property
    def calculation(self) -> str:
        if self.from_year == self.to_year:
            return f"{format_gbp(self.original_pence)} is already in {self.to_label} prices"
        return (
            f"{format_gbp(self.original_pence)} ({self.from_label} prices) × {self.to_index} ÷ "
            f"{self.from_index} = {format_gbp(self.pence)} ({self.to_label} prices)"
        )


class Deflators:
    """One release of the GDP deflator series, as loaded."""

    def __init__(self, indices: dict[int, Decimal], release: str, base_year: str):
        self.indices = dict(sorted(indices.items()))
        self.release = release
        self.base_year = base_year

    @classmethod
    def loaded(cls) -> "Deflators":
        rows = list(GdpDeflator.objects.all())
        release = rows[-1].release if rows else ""
        base_year = rows[-1].base_year if rows else ""
        return cls({row.financial_year: row.index for row in rows}, release, base_year)

    @property
    def years(self) -> list[int]:
        return list(self.indices)

    @property
    def year_labels(self) -> list[str]:
        return [FinancialYear(year).label for year in self.indices]

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.indices else None

    def covers(self, year: int) -> bool:
        return year in self.indices

    def refusal(self, year: int) -> str:
        """What to tell a person who gives a price year outside the series; "" when inside."""
        if self.covers(year):
            return ""
        if not self.indices:
            return "No GDP deflators are loaded, so amounts cannot be brought to one price year"
        first, last = self.year_labels[0], self.year_labels[-1]
        return (
            f"The GDP deflators run from {first} to {last}; {FinancialYear(year).label} is "
            f"outside them and is not extrapolated. Give a price year from {first} to {last}"
        )

    def restate(self, pence: int, from_year: int, to_year: int) -> Restated:
        for year in (from_year, to_year):
            if not self.covers(year):
                raise PriceYearOutsideSeries(self.refusal(year))
        from_index, to_index = self.indices[from_year], self.indices[to_year]
        exact = Fraction(pence) * Fraction(to_index) / Fraction(from_index)
        return Restated(pence, from_year, to_year, from_index, to_index, _half_up(exact))


@dataclass(frozen=True)
class CostBenefit:
    """A report's costs and benefits in one price year: totals, net benefit and the ratio."""

    price_year: int
    release: str
    costs: list[tuple[CostBenefitItem, Restated]]
    benefits: list[tuple[CostBenefitItem, Restated]]

    @property
    def price_year_label(self) -> str:
        return FinancialYear(self.price_year).label

    @property
    def total_costs_pence(self) -> int:
        return sum(restated.pence for _, restated in self.costs)

    @property
    def total_benefits_pence(self) -> int:
        return sum(restated.pence for _, restated in self.benefits)

    @property
    def net_benefit_pence(self) -> int:
        return self.total_benefits_pence - self.total_costs_pence

    @property
    def ratio(self) -> Decimal | None:
        """Benefits ÷ costs to two decimal places; None where there are no costs to divide by."""
        if self.total_costs_pence == 0:
            return None
        exact = Decimal(self.total_benefits_pence) / Decimal(self.total_costs_pence)
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def ratio_calculation(self) -> str:
        if self.ratio is None:
            return "No costs are recorded, so there is no benefit–cost ratio"
        return (
            f"{format_gbp(self.total_benefits_pence)} ÷ {format_gbp(self.total_costs_pence)} = "
            f"{self.ratio}"
        )

    @property
    def net_calculation(self) -> str:
        return (
            f"{format_gbp(self.total_benefits_pence)} − {format_gbp(self.total_costs_pence)} = "
            f"{format_gbp(self.net_benefit_pence)}"
        )


def cost_benefit(
    items: Iterable[CostBenefitItem], price_year: int, deflators: Deflators
) -> CostBenefit:
    """Every item brought to `price_year`. Raises PriceYearOutsideSeries as `restate` does."""
    costs, benefits = [], []
    for item in items:
        restated = deflators.restate(item.amount_pence, item.price_year, price_year)
        (costs if item.kind == CostBenefitItem.Kind.COST else benefits).append((item, restated))
    return CostBenefit(price_year, deflators.release, costs, benefits)
