"""The panel's decision on a bid: the outcome, and for an approval the award and its profile.

The form checks what can be checked from the answers alone; the service checks the rest (the
amount asked, the years adding up, the budget) and its errors land at the same fields.
"""

from django import forms

from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.forms import PoundsField

from .models import Decision
from .services.decisions import year_field

Outcome = Decision.Outcome


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What has the panel decided?",
        choices=[
            (Outcome.APPROVE, "Approve"),
            (Outcome.REJECT, "Reject"),
            (Outcome.DEFER, "Defer"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether to approve, reject or defer the bid",
            "invalid_choice": "Select whether to approve, reject or defer the bid",
        },
    )
    award = PoundsField(label="Amount to award", subject="the amount to award", required=False)
    conditions = forms.CharField(
        label="Conditions of the grant (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="Anything the grant depends on; they go in the offer letter",
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea,
        help_text="For a rejection, these reasons are shown to the applicant",
        error_messages={"required": "Enter the reasons for the decision"},
    )

    def __init__(self, *args, asked: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = asked
        self.year_names = []
        for start_year, amount in asked.items():
            label = FinancialYear(start_year).label
            name = year_field(start_year)
            self.fields[name] = PoundsField(
                label=label, subject=f"the award for {label}", required=False, initial=amount
            )
            self.year_names.append(name)
        # The error summary lists problems in the order the boxes appear on the page.
        self.order_fields(["outcome", "award", *self.year_names, "conditions", "reasons"])
        if not self.is_bound:
            self.initial.setdefault("award", sum(asked.values()))

    @property
    def year_fields(self):
        return [self[name] for name in self.year_names]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.APPROVE:
            if "award" not in self.errors and data.get("award") is None:
                self.add_error("award", "Enter the amount to award")
        elif data.get("outcome"):
            # The award's boxes are ignored for a rejection or deferral, so are their errors.
            for name in ("award", *self.year_names):
                self.errors.pop(name, None)
        return data

    def decision_arguments(self) -> dict:
        """Keyword arguments for record_decision. Only an approval carries an award, years and
        conditions: with JavaScript off those boxes show for every outcome, and are ignored."""
        data = self.cleaned_data
        arguments = {"outcome": data["outcome"], "reasons": data["reasons"]}
        if data["outcome"] == Outcome.APPROVE:
            arguments["award_pence"] = data["award"]
            arguments["years"] = {
                start_year: data.get(year_field(start_year)) or 0 for start_year in self.asked
            }
            arguments["conditions"] = data["conditions"]
        return arguments
