"""The forms of a monitoring return's pages, one per section of its task list, built from what
the return asks (`Questions`)."""

from decimal import Decimal

from django import forms

from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.forms import PoundsField

from .return_questions import Questions
from .services.returns import MOST_DUE_DAYS, PERIOD_MONTHS


class ProgressForm(forms.Form):
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

    def answers(self) -> dict:
        return {
            "progress": self.cleaned_data.get("progress") or "",
            "risks": self.cleaned_data.get("risks") or "",
        }


class SpendForm(forms.Form):
    """What was spent in each financial year under each cost heading, beside the profile."""

    def __init__(self, *args, questions: Questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for line in questions.spend:
            self.fields[line.key] = PoundsField(
                label=line.label,
                subject=f"spending on {line.label}",
                help_text=(
                    f"Profile {_pounds(line.profile_pence)}. Leave blank if not known yet."
                    if line.budgeted
                    else "Not in your profile. Leave blank if nothing was spent."
                ),
                required=False,
                initial=line.actual_pence,
            )

    @property
    def spend_years(self) -> list[tuple[str, list]]:
        """(the year's label, its fields), a fieldset a year."""
        years: dict[int, list] = {}
        for line in self.questions.spend:
            years.setdefault(line.financial_year, []).append(self[line.key])
        return [(FinancialYear(year).label, fields) for year, fields in years.items()]

    def answers(self) -> dict:
        return {
            "spend": {
                line.key_pair: self.cleaned_data.get(line.key) for line in self.questions.spend
            }
        }


class MeasuresForm(forms.Form):
    """Each of the bid's outcome measures in each of the grant's local authorities."""

    def __init__(self, *args, questions: Questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for line in questions.measures:
            where = f"{line.outcome_name} in {line.authority_name}"
            self.fields[f"{line.key}_value"] = forms.DecimalField(
                label=f"{where}: value",
                help_text=line.measure,
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=line.value,
                widget=forms.TextInput,
                error_messages={"invalid": "Enter the value as a number, like 12 or 3.5"},
            )
            self.fields[f"{line.key}_period"] = forms.CharField(
                label=f"{where}: period it covers",
                help_text="For example, April to June 2027",
                required=False,
                max_length=100,
                initial=line.period,
            )
            self.fields[f"{line.key}_unknown"] = forms.BooleanField(
                label=f"{where}: not known yet",
                required=False,
                initial=line.not_known_yet,
            )

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

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "measures": {
                line.key_pair: (
                    data.get(f"{line.key}_value"),
                    data.get(f"{line.key}_period") or "",
                    bool(data.get(f"{line.key}_unknown")),
                )
                for line in self.questions.measures
            }
        }


class ClaimsForm(forms.Form):
    """Units claimed under each of the grant's outcome payments (verified ones are settled)."""

    def __init__(self, *args, questions: Questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
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
    def claim_groups(self):
        return [
            (line, self[f"{line.key}_units"], self[f"{line.key}_evidence"])
            for line in self.questions.claims
        ]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "claims": {
                line.term.pk: (
                    data.get(f"{line.key}_units"),
                    data.get(f"{line.key}_evidence") or "",
                )
                for line in self.questions.claims
                if not line.verified
            }
        }


SECTION_FORMS = {
    "progress": ProgressForm,
    "spend": SpendForm,
    "measures": MeasuresForm,
    "claims": ClaimsForm,
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
