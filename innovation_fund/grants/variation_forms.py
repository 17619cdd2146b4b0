"""The forms of the variation pages: what needs to change, that kind's questions, and a
manager's decision. Each keeps what was typed; the service's errors go at the field."""

from django import forms

from innovation_fund.core.dates import format_date
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.forms import GovukDateField, PoundsField
from innovation_fund.core.money import format_gbp

from .models import Variation
from .variation_proposals import GrantNow, year_field

Kind = Variation.Kind

# The hint under each kind on the "What needs to change?" page.
KIND_HINTS = {
    Kind.REPROFILE: "Spend the same total, with more in some financial years and less in others.",
    Kind.EXTEND: "The work needs longer: the grant ends later.",
    Kind.SCOPE: "What the grant pays for changes.",
    Kind.PARTNERS: "Organisations join or leave the project.",
    Kind.AMOUNT: "The grant needs more money, or less.",
    Kind.HAND_BACK: (
        "The work stops: the grant keeps what has been paid or approved, and the rest goes back "
        "to the programme."
    ),
}


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="What needs to change?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what needs to change",
            "invalid_choice": "Select what needs to change",
        },
    )

    def options(self) -> list[dict]:
        chosen = self["kind"].value()
        return [
            {"value": value, "label": label, "hint": KIND_HINTS[value], "checked": value == chosen}
            for value, label in Kind.choices
        ]


class VariationForm(forms.Form):
    """One kind's questions, about the grant as it is now (`now`)."""

    reason = forms.CharField(
        label="Why is the change needed?",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter why the change is needed"},
    )

    def __init__(self, *args, kind: str, now: GrantNow, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.now = kind, now
        if kind == Kind.AMOUNT:
            self.fields["amount"] = PoundsField(
                label="New amount of the grant",
                subject="the new amount of the grant",
                help_text=f"The grant is {format_gbp(now.amount_pence)} now",
            )
        if kind in (Kind.REPROFILE, Kind.AMOUNT):
            for year in now.open_years:
                label = FinancialYear(year).label
                held = now.spoken_for_by_year.get(year, 0)
                hint = f"Now {format_gbp(now.years.get(year, 0))}"
                if held:
                    hint += f"; {format_gbp(held)} already requested, approved or paid"
                self.fields[year_field(year)] = PoundsField(
                    label=label,
                    subject=f"the amount for {label}",
                    help_text=hint,
                    initial=now.years.get(year, 0),
                )
        if kind == Kind.EXTEND:
            self.fields["ends_on"] = GovukDateField(
                label="New end date",
                subject="the new end date",
                help_text=(
                    f"The grant ends on {format_date(now.ends_on)} now. For example, 31 3 2030"
                    if now.ends_on
                    else "For example, 31 3 2030"
                ),
            )
        if kind == Kind.SCOPE:
            self.fields["scope"] = forms.CharField(
                label="What will the grant pay for?",
                widget=forms.Textarea,
                max_length=10000,
                initial=now.scope,
                error_messages={"required": "Enter what the grant will pay for after the change"},
            )
        if kind == Kind.PARTNERS:
            self.fields["partners"] = forms.CharField(
                label="Partners after the change",
                help_text="One organisation on each line",
                widget=forms.Textarea,
                max_length=10000,
                initial="\n".join(now.partners),
                error_messages={"required": "Enter the partners' names, one on each line"},
            )
        # Fields are shown in this order: the change first, then why.
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])

    def year_fields(self) -> list:
        return [
            self[year_field(year)]
            for year in self.now.open_years
            if year_field(year) in self.fields
        ]

    def other_fields(self) -> list:
        return [self[name] for name in self.fields if not name.startswith("year_")]

    def service_fields(self) -> dict:
        """What `request_variation` takes, from the cleaned form."""
        data = self.cleaned_data
        fields = {"kind": self.kind, "reason": data.get("reason", "")}
        if self.kind in (Kind.REPROFILE, Kind.AMOUNT):
            fields["proposed_years"] = {
                year: data.get(year_field(year)) for year in self.now.open_years
            }
        if self.kind == Kind.AMOUNT:
            fields["proposed_amount_pence"] = data.get("amount")
        if self.kind == Kind.EXTEND:
            fields["proposed_ends_on"] = data.get("ends_on")
        if self.kind == Kind.SCOPE:
            fields["proposed_scope"] = data.get("scope", "")
        if self.kind == Kind.PARTNERS:
            fields["proposed_partners"] = data.get("partners", "")
        return fields


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether to approve or refuse the variation",
            "invalid_choice": "Select whether to approve or refuse the variation",
        },
    )
    reasons = forms.CharField(
        label="Reasons",
        help_text="Needed to refuse. The grantee's accountable officers are emailed them.",
        widget=forms.Textarea,
        max_length=5000,
        required=False,
    )
