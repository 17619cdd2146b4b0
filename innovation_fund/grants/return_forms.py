"""The forms of a monitoring return's pages, built from what the return asks (`Questions`)."""

from decimal import Decimal

from django import forms

from innovation_fund.core.forms import PoundsField

from .return_questions import Questions
from .services.returns import MOST_DUE_DAYS, PERIOD_MONTHS


class ReturnForm(forms.Form):
    """Progress and risks; spend by year and heading; outcome measures; outcome claims."""

    progress = forms.CharField(
        label="Progress since the last return",
        help_text="What the project has done, and what has changed for children and families",
        widget=forms.Textarea,
        required=False,
    )
    risks = forms.CharField(
        label="Risks and issues",
        help_text="What could stop the project delivering, and what you are doing about it",
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args, questions: Questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for line in questions.spend:
            self.fields[line.key] = PoundsField(
                label=line.label,
                subject=f"spending on {line.label}",
                help_text=f"Profile {_pounds(line.profile_pence)}. Leave blank if not known yet.",
                required=False,
                initial=line.actual_pence,
            )
        for line in questions.measures:
            self.fields[f"{line.key}_value"] = forms.DecimalField(
                label=f"{line.outcome_name} in {line.authority_name}: value",
                help_text=line.measure,
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=line.value,
                widget=forms.TextInput,
                error_messages={"invalid": "Enter the value as a number, like 12 or 3.5"},
            )
            self.fields[f"{line.key}_period"] = forms.CharField(
                label=f"{line.outcome_name} in {line.authority_name}: period it covers",
                required=False,
                max_length=100,
                initial=line.period,
            )
            self.fields[f"{line.key}_unknown"] = forms.BooleanField(
                label=f"{line.outcome_name} in {line.authority_name}: not known yet",
                required=False,
                initial=line.not_known_yet,
            )
        for line in questions.claims:
            outcome = line.term.outcome.name
            self.fields[f"{line.key}_units"] = forms.IntegerField(
                label=f"Units of “{outcome}” claimed in this return",
                help_text=f"Evidence required: {line.term.evidence_required}",
                required=False,
                min_value=0,
                initial=line.units,
                disabled=line.verified,
                widget=forms.TextInput,
                error_messages={
                    "invalid": "Enter the units claimed as a whole number, like 4",
                    "min_value": "The units claimed cannot be negative",
                },
            )
            self.fields[f"{line.key}_evidence"] = forms.CharField(
                label=f"Evidence for the units of “{outcome}”",
                required=False,
                widget=forms.Textarea,
                initial=line.evidence,
                disabled=line.verified,
            )

    @property
    def spend_fields(self):
        return [self[line.key] for line in self.questions.spend]

    @property
    def measure_groups(self):
        return [
            (
                line,
                self[f"{line.key}_value"],
                self[f"{line.key}_period"],
                self[f"{line.key}_unknown"],
            )
            for line in self.questions.measures
        ]

    @property
    def claim_groups(self):
        return [
            (line, self[f"{line.key}_units"], self[f"{line.key}_evidence"])
            for line in self.questions.claims
        ]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "progress": data.get("progress") or "",
            "risks": data.get("risks") or "",
            "spend": {
                (line.financial_year, line.cost_heading): data.get(line.key)
                for line in self.questions.spend
            },
            "measures": {
                (line.outcome_id, line.authority_id): (
                    data.get(f"{line.key}_value"),
                    data.get(f"{line.key}_period") or "",
                    bool(data.get(f"{line.key}_unknown")),
                )
                for line in self.questions.measures
            },
            "claims": {
                line.term.pk: (
                    data.get(f"{line.key}_units"),
                    data.get(f"{line.key}_evidence") or "",
                )
                for line in self.questions.claims
                if not line.verified
            },
        }


def _pounds(pence: int) -> str:
    return f"£{Decimal(pence) / 100:,.2f}".replace(".00", "")


class SubmitForm(forms.Form):
    declaration = forms.BooleanField(
        label="I confirm that this return is accurate to the best of my knowledge", required=False
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("accept", "Accept the return"), ("changes", "Ask for changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept the return or ask for changes"},
    )
    comments = forms.CharField(
        label="What needs to change",
        help_text="Only if you ask for changes: the grantee's accountable officers are told.",
        widget=forms.Textarea,
        required=False,
    )


class ScheduleForm(forms.Form):
    every_months = forms.TypedChoiceField(
        label="How often do grants in this round report?",
        choices=[
            (str(months), label)
            for months, label in zip(
                PERIOD_MONTHS,
                ["Every month", "Every quarter (3 months)", "Every 6 months", "Once a year"],
                strict=True,
            )
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often grants report"},
    )
    due_days_after_period = forms.IntegerField(
        label="Days after each period ends that its return is due",
        help_text=f"From 1 to {MOST_DUE_DAYS}, for example 30",
        widget=forms.TextInput,
        required=False,
        error_messages={"invalid": "Enter the number of days as a whole number, like 30"},
    )
