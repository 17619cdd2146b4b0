"""The forms of the payment schedule's pages: building it from a pattern, changing the
instalments not yet paid, and adding and confirming release conditions."""

from django import forms

from innovation_fund.core.dates import format_date
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.forms import GovukDateField, PoundsField

from .models import Instalment, MonitoringReturn, ReleaseCondition
from .schedules import EQUAL, QUARTERLY, YEARLY
from .services import release_conditions
from .services import schedules as services

Kind = ReleaseCondition.Kind

PATTERN_OPTIONS = [
    (
        QUARTERLY,
        "Quarterly",
        "One instalment each quarter of each financial year, due on 1 April, 1 July, 1 October "
        "and 1 January.",
    ),
    (
        EQUAL,
        "Equal instalments each year",
        "A number of instalments each financial year, due on the first of months spread evenly "
        "from April.",
    ),
    (YEARLY, "Once a year", "One instalment each financial year, due on 1 April."),
]
KIND_HINTS = {
    Kind.OFFER_ACCEPTED: "Met as soon as the grantee accepts the offer. Nothing is paid before "
    "then in any case.",
    Kind.RETURN_ACCEPTED: "Met when the programme team accepts the monitoring return you choose.",
    Kind.EVALUATION_PLAN: "Until evaluation plans are recorded in the service, a programme "
    "manager confirms this with evidence (for example, the date the plan was agreed).",
    Kind.CONFIRMED: "Anything else: say what must happen. A programme manager confirms it with "
    "evidence.",
}


class BuildForm(forms.Form):
    pattern = forms.ChoiceField(
        choices=[(value, label) for value, label, _hint in PATTERN_OPTIONS],
        error_messages={
            "required": "Choose how to spread the payments",
            "invalid_choice": "Choose how to spread the payments",
        },
    )
    count = forms.IntegerField(
        label="Instalments each year",
        required=False,
        widget=forms.TextInput,
        error_messages={"invalid": "Enter how many instalments each year as a number, like 2"},
    )

    def clean(self):
        cleaned = super().clean()
        missing = cleaned.get("pattern") == EQUAL and cleaned.get("count") is None
        if missing and not self.has_error("count"):
            self.add_error("count", "Enter how many instalments each year, like 2")
        if cleaned.get("pattern") != EQUAL:
            cleaned["count"] = None
        return cleaned


class ChangeForm(forms.Form):
    """One row of boxes for each instalment that can still change."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instalments: list[Instalment], **kwargs):
        super().__init__(*args, **kwargs)
        self.instalments = instalments
        for instalment in instalments:
            number = instalment.number
            self.fields[services.due_field(number)] = GovukDateField(
                label=f"Instalment {number}: due date",
                subject=f"the due date of instalment {number}",
                help_text=f"In {FinancialYear(instalment.financial_year).label}, for example "
                f"1 7 {instalment.financial_year}",
            )
            self.fields[services.amount_field(number)] = PoundsField(
                label=f"Instalment {number}: amount",
                subject=f"the amount of instalment {number}",
            )
            self.fields[services.kind_field(number)] = forms.ChoiceField(
                label=f"Instalment {number}: kind",
                choices=Instalment.Kind.choices,
                error_messages={"required": f"Choose what instalment {number} is"},
            )

    def rows(self) -> list[dict]:
        return [
            {
                "number": i.number,
                "due_on": self.cleaned_data.get(services.due_field(i.number)),
                "amount_pence": self.cleaned_data.get(services.amount_field(i.number)),
                "kind": self.cleaned_data.get(services.kind_field(i.number)),
            }
            for i in self.instalments
        ]

    def bound_rows(self):
        """(instalment, due date, amount, kind) bound fields, a row per instalment."""
        return [
            (
                i,
                self[services.due_field(i.number)],
                self[services.amount_field(i.number)],
                self[services.kind_field(i.number)],
            )
            for i in self.instalments
        ]


class ConditionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Kind.choices,
        error_messages={
            "required": "Choose what must happen before the instalment is paid",
            "invalid_choice": "Choose what must happen before the instalment is paid",
        },
    )
    monitoring_return = forms.ChoiceField(
        label="Which monitoring return must be accepted?", required=False
    )
    description = forms.CharField(
        label="What must happen",
        widget=forms.Textarea,
        required=False,
        max_length=release_conditions.MOST_CHARACTERS,
        error_messages={"max_length": "The condition must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, returns: list[MonitoringReturn], **kwargs):
        super().__init__(*args, **kwargs)
        self.returns = {str(r.pk): r for r in returns}
        self.fields["monitoring_return"].choices = [("", "Choose a return")] + [
            (str(r.pk), _return_label(r)) for r in returns
        ]

    def chosen_return(self) -> MonitoringReturn | None:
        return self.returns.get(self.cleaned_data.get("monitoring_return") or "")


class ConfirmForm(forms.Form):
    evidence = forms.CharField(
        label="What shows the condition is met?",
        help_text="For example, the document, meeting or email that shows it, and its date",
        widget=forms.Textarea,
        required=False,
        max_length=release_conditions.MOST_CHARACTERS,
        error_messages={"max_length": "The evidence must be 5,000 characters or fewer"},
    )


def _return_label(report: MonitoringReturn) -> str:
    return (
        f"Return {report.number}: {format_date(report.period_starts_on)} to "
        f"{format_date(report.period_ends_on)} ({report.get_state_display().lower()})"
    )
