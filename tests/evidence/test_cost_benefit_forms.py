"""The cost and benefit questions: money in pounds to pence, price years as financial years,
and only unit costs with a known price year offered."""

import pytest

from innovation_fund.evidence.cost_benefit_forms import (
    CostBenefitForm,
    ReportPriceYearForm,
    UnitCostBenefitForm,
)

from .findings_costs_data import unit_cost


def _form(**answers):
    data = {"kind": "cost", "description": "Staff", "amount": "1,000.50", "price_year": "2015-16"}
    return CostBenefitForm({**data, **answers})


def test_a_cost_cleans_to_pence_and_a_start_year():
    form = _form()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 100_050
    assert type(form.cleaned_data["amount"]) is int
    assert form.cleaned_data["price_year"] == 2015


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"kind": ""}, "kind", "Choose whether it is a cost or a benefit"),
        ({"description": ""}, "description", "Describe the cost or benefit"),
        ({"amount": ""}, "amount", "Enter the amount"),
        ({"amount": "-5"}, "amount", "The amount cannot be negative"),
        ({"amount": "12.345"}, "amount", "The amount can have no more than 2 decimal places"),
        ({"amount": "ten"}, "amount", "Enter the amount as an amount in pounds and pence"),
        ({"price_year": ""}, "price_year", "Enter the price year, like 2019-20"),
        ({"price_year": "2015"}, "price_year", "Enter the price year as a financial year"),
        ({"price_year": "2015-17"}, "price_year", "Enter the price year as a financial year"),
    ],
)
def test_each_wrong_answer_says_what_to_do(answers, field, message):
    form = _form(**answers)
    assert not form.is_valid()
    assert form.errors[field][0].startswith(message)


def test_what_was_typed_is_shown_back():
    form = _form(amount="12.345", price_year="2015")
    form.is_valid()
    assert form["amount"].value() == "12.345"
    assert form["price_year"].value() == "2015"


def test_a_saved_price_year_is_shown_as_a_financial_year():
    form = ReportPriceYearForm(initial={"price_year": 2019})
    assert 'value="2019-20"' in str(form["price_year"])


@pytest.mark.django_db
def test_only_unit_costs_with_a_known_price_year_are_offered():
    known = unit_cost(financial_year=2019)
    unknown = unit_cost(financial_year=None)
    form = UnitCostBenefitForm()
    offered = list(form.fields["unit_cost"].queryset)
    assert known in offered
    assert unknown not in offered
    refused = UnitCostBenefitForm(
        {"description": "Weeks avoided", "unit_cost": unknown.pk, "units": "3"}
    )
    assert not refused.is_valid()
    assert refused.errors["unit_cost"] == ["Choose a unit cost from the list"]


@pytest.mark.django_db
def test_units_must_be_a_whole_number_from_one():
    known = unit_cost(financial_year=2019)
    for units, message in [("0", "Units avoided must be 1 or more"), ("1.5", "whole number")]:
        form = UnitCostBenefitForm({"description": "Weeks", "unit_cost": known.pk, "units": units})
        assert not form.is_valid()
        assert message in form.errors["units"][0]
