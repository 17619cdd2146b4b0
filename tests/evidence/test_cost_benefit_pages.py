"""The evaluator's cost and benefit pages with the test client, the unit costs page, and the
costs table in one price year with its working."""

import pytest
from django.urls import reverse

from innovation_fund.evidence.models import CostBenefitItem
from tests.helpers import sign_in, tables_outside_scroll_regions

from .findings_costs_data import another_evaluator, evaluator_of, report_with_deflators, unit_cost

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return report_with_deflators(price_year=2024)


@pytest.fixture
def evaluator(client, report):
    user = evaluator_of(report)
    sign_in(client, user)
    return user


def test_a_price_year_outside_the_series_is_refused_at_the_field(client, report, evaluator):
    url = reverse("evaluator:cost_benefit_add", args=[report.pk])
    answers = {"kind": "cost", "description": "Staff", "amount": "1,000", "price_year": "2009-10"}
    html = client.post(url, answers).content.decode()
    assert "There is a problem" in html
    assert "2009-10 is outside them and is not extrapolated" in html
    assert 'href="#id_price_year"' in html
    assert 'id="id_price_year-error"' in html
    assert 'value="1,000"' in html and 'value="2009-10"' in html
    assert not CostBenefitItem.objects.exists()


def test_costs_in_two_price_years_shown_in_one(client, report, evaluator):
    url = reverse("evaluator:cost_benefit_add", args=[report.pk])
    client.post(
        url, {"kind": "cost", "description": "Staff", "amount": "1,000", "price_year": "2015-16"}
    )
    client.post(
        url,
        {"kind": "benefit", "description": "Savings", "amount": "2,500", "price_year": "2019-20"},
    )
    assert CostBenefitItem.objects.count() == 2
    html = client.get(reverse("evaluator:report", args=[report.pk])).content.decode()
    assert "2015-16 prices" in html and "2019-20 prices" in html
    assert "£1,000 (2015-16 prices) × 100.0000 ÷ 74.5804 = £1,340.83 (2024-25 prices)" in html
    # Benefits 309124, costs 134083: net 175041, ratio 2.305... → 2.31
    assert "£3,091.24 − £1,340.83 = £1,750.41" in html
    assert "£3,091.24 ÷ £1,340.83 = 2.31" in html
    assert "GDP deflators at market prices, and money GDP March 2026" in html
    assert tables_outside_scroll_regions(html) == []


def test_setting_the_price_year(client, report, evaluator):
    url = reverse("evaluator:report_price_year", args=[report.pk])
    assert 'value="2024-25"' in client.get(url).content.decode()
    html = client.post(url, {"price_year": "2025-26"}).content.decode()
    assert "2025-26 is outside them" in html
    assert client.post(url, {"price_year": "2018-19"}).status_code == 302
    report.refresh_from_db()
    assert report.price_year == 2018


def test_a_benefit_valued_at_a_unit_cost(client, report, evaluator):
    weekly = unit_cost(financial_year=2019, pence=25_000)
    unknown = unit_cost(financial_year=None)
    url = reverse("evaluator:unit_cost_benefit_add", args=[report.pk])
    html = client.get(url).content.decode()
    assert f'<option value="{weekly.pk}"' in html
    assert f'<option value="{unknown.pk}"' not in html
    assert "price year not known" in html
    response = client.post(
        url, {"description": "Weeks avoided", "unit_cost": weekly.pk, "units": "12"}
    )
    assert response.status_code == 302
    item = CostBenefitItem.objects.get()
    assert (item.amount_pence, item.price_year, item.units) == (300_000, 2019, 12)


def test_the_unit_costs_page_names_unknown_price_years(client, report, evaluator):
    unit_cost(financial_year=2019)
    unit_cost(financial_year=None)
    html = client.get(reverse("evaluator:unit_costs")).content.decode()
    assert "2019-20" in html
    assert "Price year not known" in html
    assert "No: price year not known" in html
    assert tables_outside_scroll_regions(html) == []
    # The public evidence page says the same of each.
    public = client.get(reverse("public:evidence")).content.decode()
    assert "2019-20" in public
    assert "Price year not known" in public


def test_another_evaluator_cannot_reach_the_items(client, report):
    item = CostBenefitItem.objects.create(
        report=report, kind="cost", description="Staff", amount_pence=1, price_year=2015
    )
    sign_in(client, another_evaluator(report))
    for url in (
        reverse("evaluator:cost_benefit_add", args=[report.pk]),
        reverse("evaluator:cost_benefit_change", args=[item.pk]),
        reverse("evaluator:cost_benefit_remove", args=[item.pk]),
        reverse("evaluator:report_price_year", args=[report.pk]),
    ):
        assert client.get(url).status_code == 404
