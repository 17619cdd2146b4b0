"""The evaluator's questions about a cost or benefit, a benefit valued at a unit cost, and the
report's one price year."""

from django import forms

from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.forms import PoundsField
from innovation_fund.core.money import format_gbp

from .models import CostBenefitItem, UnitCost

YEAR_HINT = "As a financial year, like 2019-20"


class PriceYearField(forms.Field):
    """A financial year typed as "2019-20", cleaned to its start year (2019)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", YEAR_HINT)
        kwargs.setdefault("error_messages", {"required": "Enter the price year, like 2019-20"})
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return FinancialYear(value).label
        return value

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return FinancialYear.parse(text).start_year
        except ValueError as error:
            raise forms.ValidationError(
                "Enter the price year as a financial year, like 2019-20", code="invalid"
            ) from error


class CostBenefitForm(forms.Form):
    kind = forms.ChoiceField(
        label="Is it a cost or a benefit?",
        choices=CostBenefitItem.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is a cost or a benefit"},
    )
    description = forms.CharField(
        label="Description",
        max_length=300,
        error_messages={
            "required": "Describe the cost or benefit",
            "max_length": "The description must be 300 characters or fewer",
        },
    )
    amount = PoundsField(label="Amount", subject="the amount")
    price_year = PriceYearField(
        label="Price year", help_text=f"{YEAR_HINT}: the year whose prices the amount is in"
    )

    @staticmethod
    def initial_from(item: CostBenefitItem) -> dict:
        return {
            "kind": item.kind,
            "description": item.description,
            "amount": item.amount_pence,
            "price_year": item.price_year,
        }


class UnitCostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitCost) -> str:
        return (
            f"{obj.item} – {format_gbp(obj.cost_pence)} per {obj.unit} "
            f"({obj.price_year_label} prices)"
        )


class UnitCostBenefitForm(forms.Form):
    description = forms.CharField(
        label="Description",
        max_length=300,
        error_messages={
            "required": "Describe the benefit",
            "max_length": "The description must be 300 characters or fewer",
        },
    )
    unit_cost = UnitCostChoiceField(
        label="Unit cost",
        queryset=UnitCost.objects.filter(financial_year__isnull=False).order_by("item"),
        empty_label="Choose a unit cost",
        help_text="Only unit costs whose price year is known can be used",
        error_messages={
            "required": "Choose the unit cost",
            "invalid_choice": "Choose a unit cost from the list",
        },
    )
    units = forms.IntegerField(
        label="Units avoided",
        min_value=1,
        max_value=10_000_000,
        error_messages={
            "required": "Enter the number of units avoided",
            "invalid": "Units avoided must be a whole number, like 12",
            "min_value": "Units avoided must be 1 or more",
            "max_value": "Units avoided must be 10,000,000 or fewer",
        },
    )

    @staticmethod
    def initial_from(item: CostBenefitItem) -> dict:
        return {
            "description": item.description,
            "unit_cost": item.unit_cost_id,
            "units": item.units,
        }


class ReportPriceYearForm(forms.Form):
    price_year = PriceYearField(
        label="Which price year should all the costs and benefits be shown in?",
    )
