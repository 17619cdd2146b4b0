"""What a report's costs and benefits come to, for every page that shows them.

`cost_benefit_for(report)` is the one function the evaluator's and team's report pages and the
public library's report page (helper B) call, so they show the same figures: each item in its own
price year, then everything in the report's one price year with the working, totals, net benefit,
benefit–cost ratio and the deflator release named. Nothing here is a float.
"""

from dataclasses import dataclass

from innovation_fund.core.financial_years import FinancialYear

from .models import CostBenefitItem, EvaluationReport
from .price_years import CostBenefit, Deflators, cost_benefit


@dataclass(frozen=True)
class CostBenefitTable:
    """A report's costs and benefits as stated, and (where they can be) in one price year."""

    items: list[CostBenefitItem]
    price_year: int | None
    result: CostBenefit | None
    why_not_restated: str
    release: str
    base_year: str

    @property
    def costs(self) -> list[CostBenefitItem]:
        return [item for item in self.items if item.kind == CostBenefitItem.Kind.COST]

    @property
    def benefits(self) -> list[CostBenefitItem]:
        return [item for item in self.items if item.kind == CostBenefitItem.Kind.BENEFIT]

    @property
    def price_year_label(self) -> str:
        return FinancialYear(self.price_year).label if self.price_year else ""

    @property
    def restated_rows(self) -> list:
        """(item, Restated) pairs, costs first then benefits, in the report's own order."""
        if self.result is None:
            return []
        return [*self.result.costs, *self.result.benefits]


def cost_benefit_for(
    report: EvaluationReport, deflators: Deflators | None = None
) -> CostBenefitTable:
    """The report's items (costs first, then benefits, each in the order added) and their
    restatement in its price year. Two queries: the items with their unit costs, the deflators."""
    items = sorted(
        report.cost_benefit_items.select_related("unit_cost"),
        key=lambda item: (item.kind != CostBenefitItem.Kind.COST, item.position, item.pk),
    )
    deflators = deflators or Deflators.loaded()
    result, why = None, ""
    if not items:
        why = "No costs or benefits are recorded"
    elif report.price_year is None:
        why = "The report has not set the one price year to show its costs and benefits in"
    else:
        outside = [
            year
            for year in sorted({report.price_year, *(item.price_year for item in items)})
            if not deflators.covers(year)
        ]
        if outside:
            why = deflators.refusal(outside[0])
        else:
            result = cost_benefit(items, report.price_year, deflators)
    return CostBenefitTable(
        items=items,
        price_year=report.price_year,
        result=result,
        why_not_restated=why,
        release=deflators.release,
        base_year=deflators.base_year,
    )
