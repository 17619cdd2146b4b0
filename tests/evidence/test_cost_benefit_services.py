"""Adding costs and benefits and setting the report's price year: price years outside the
deflators refused with the message at the field; unit costs without a price year refused."""

import pytest

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.evidence.models import CostBenefitItem, EvaluationReport
from innovation_fund.evidence.services import cost_benefit as services

from .findings_costs_data import another_evaluator, evaluator_of, report_with_deflators, unit_cost

pytestmark = pytest.mark.django_db

OUTSIDE = (
    "The GDP deflators run from 2010-11 to 2024-25; {label} is outside them and is not "
    "extrapolated. Give a price year from 2010-11 to 2024-25"
)


@pytest.fixture
def report():
    return report_with_deflators(price_year=None)


def _add(user, report, **more):
    values = {"kind": "cost", "description": "Staff", "amount_pence": 100_000, "price_year": 2015}
    return services.add_cost_benefit(user, report, **{**values, **more})


def test_an_evaluator_adds_a_cost(report):
    item = _add(evaluator_of(report), report)
    assert (item.amount_pence, item.price_year, item.kind) == (100_000, 2015, "cost")
    assert AuditEvent.objects.filter(action="evidence.cost_benefit_added").count() == 1


@pytest.mark.parametrize(("year", "label"), [(2009, "2009-10"), (2025, "2025-26")])
def test_a_price_year_outside_the_series_is_refused_at_the_field(report, year, label):
    user = evaluator_of(report)
    with pytest.raises(DomainError) as refused:
        _add(user, report, price_year=year)
    assert refused.value.errors[0].field == "price_year"
    assert refused.value.errors[0].message == OUTSIDE.format(label=label)
    with pytest.raises(DomainError) as refused:
        services.set_report_price_year(user, report, year)
    assert (refused.value.field, refused.value.message) == (
        "price_year",
        OUTSIDE.format(label=label),
    )
    assert not CostBenefitItem.objects.exists()


def test_a_benefit_valued_at_a_unit_cost(report):
    weekly = unit_cost(financial_year=2019, pence=25_050)
    item = services.add_unit_cost_benefit(
        evaluator_of(report),
        report,
        description="Weeks in care avoided",
        unit_cost=weekly,
        units=12,
    )
    assert item.kind == "benefit"
    assert item.amount_pence == 300_600  # 12 × 25050
    assert item.price_year == 2019
    assert (item.unit_cost, item.units) == (weekly, 12)


def test_a_unit_cost_without_a_price_year_cannot_be_used(report):
    unknown = unit_cost(financial_year=None)
    with pytest.raises(DomainError) as refused:
        services.add_unit_cost_benefit(
            evaluator_of(report), report, description="Weeks", unit_cost=unknown, units=3
        )
    error = refused.value.errors[0]
    assert error.field == "unit_cost"
    assert "is not known" in error.message and "cannot value a benefit" in error.message


def test_changing_an_item_and_the_report_price_year(report):
    user = evaluator_of(report)
    item = _add(user, report)
    services.change_cost_benefit(
        user, item, kind="benefit", description="Savings", amount_pence=5, price_year=2020
    )
    item.refresh_from_db()
    assert (item.kind, item.amount_pence, item.price_year) == ("benefit", 5, 2020)
    services.set_report_price_year(user, report, 2024)
    report.refresh_from_db()
    assert report.price_year == 2024
    assert AuditEvent.objects.filter(action="evidence.report_price_year_set").count() == 1
    services.remove_cost_benefit(user, item)
    assert not CostBenefitItem.objects.exists()


def test_another_evaluator_and_a_submitted_report_are_refused(report):
    with pytest.raises(Refused):
        _add(another_evaluator(report), report)
    user = evaluator_of(report)
    EvaluationReport.objects.filter(pk=report.pk).update(state="submitted")
    report.refresh_from_db()
    with pytest.raises(Refused):
        _add(user, report)
