"""A report's costs and benefits in one price year: worked by hand from gdp_deflators.csv."""

from decimal import Decimal

import pytest

from innovation_fund.evidence.cost_benefit_selectors import cost_benefit_for
from innovation_fund.evidence.models import CostBenefitItem

from .findings_costs_data import item, report_with_deflators, unit_cost

pytestmark = pytest.mark.django_db
COST, BENEFIT = CostBenefitItem.Kind.COST, CostBenefitItem.Kind.BENEFIT


@pytest.fixture
def report():
    report = report_with_deflators(price_year=2024)
    # Costs: £1,000 in 2015-16 prices: 100000 × 100.0000 ÷ 74.5804 = 134083.49 → 134083
    item(report, COST, 100_000, 2015)
    # £400 in 2021-22 prices: 40000 × 100.0000 ÷ 85.3036 = 46891.34 → 46891
    item(report, COST, 40_000, 2021)
    # Benefits: £2,500 in 2019-20 prices: 250000 × 100.0000 ÷ 80.8738 = 309123.60 → 309124
    item(report, BENEFIT, 250_000, 2019)
    # 12 weeks × £250 (2019-20): 300000 × 100.0000 ÷ 80.8738 = 370948.32 → 370948
    weekly = unit_cost(financial_year=2019, pence=25_000)
    item(report, BENEFIT, 300_000, 2019, unit_cost=weekly, units=12)
    return report


def test_totals_net_benefit_and_ratio_are_exact(report):
    table = cost_benefit_for(report)
    result = table.result
    assert [restated.pence for _, restated in result.costs] == [134_083, 46_891]
    assert [restated.pence for _, restated in result.benefits] == [309_124, 370_948]
    assert result.total_costs_pence == 180_974
    assert result.total_benefits_pence == 680_072
    assert result.net_benefit_pence == 499_098  # 680072 − 180974
    # 680072 ÷ 180974 = 3.7578... → 3.76
    assert result.ratio == Decimal("3.76")
    for value in (result.total_costs_pence, result.total_benefits_pence, result.net_benefit_pence):
        assert type(value) is int
    assert type(result.ratio) is Decimal
    assert result.net_calculation == "£6,800.72 − £1,809.74 = £4,990.98"
    assert result.ratio_calculation == "£6,800.72 ÷ £1,809.74 = 3.76"
    assert table.release.startswith("HM Treasury, GDP deflators at market prices")
    assert table.base_year == "2024-25=100"


def test_each_item_keeps_its_own_price_year(report):
    table = cost_benefit_for(report)
    assert sorted(each.price_year_label for each in table.costs) == ["2015-16", "2021-22"]
    assert [each.price_year_label for each in table.benefits] == ["2019-20", "2019-20"]


def test_no_price_year_says_why(report):
    report.price_year = None
    report.save()
    table = cost_benefit_for(report)
    assert table.result is None
    assert "not set the one price year" in table.why_not_restated


def test_an_item_outside_the_series_is_not_extrapolated():
    report = report_with_deflators(price_year=2024)
    item(report, COST, 100_000, 2009)
    table = cost_benefit_for(report)
    assert table.result is None
    assert table.why_not_restated.startswith(
        "The GDP deflators run from 2010-11 to 2024-25; 2009-10 is outside them"
    )


def test_no_costs_means_no_ratio():
    report = report_with_deflators(price_year=2024)
    item(report, BENEFIT, 100_000, 2024)
    result = cost_benefit_for(report).result
    assert result.ratio is None
    assert result.ratio_calculation == "No costs are recorded, so there is no benefit–cost ratio"
