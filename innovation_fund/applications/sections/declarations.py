"""9. Declarations: three statements the organisation confirms before the bid is sent.

The bid records who confirmed them and when, once all three are ticked; unticking any of them
clears that record, and ticking them all again records the person who does so.
"""

from django import forms
from django.utils import timezone

from innovation_fund.core.dates import format_datetime

from ..models import Application
from .base import FormSection, Row, VersionedForm

# The bid's field for each statement, with the statement as the applicant sees it.
STATEMENTS = {
    "declares_information_accurate": (
        "The information in this bid is accurate and complete to the best of my knowledge"
    ),
    "declares_no_duplicate_funding": (
        "The activity in this bid is not already funded from another source"
    ),
    "declares_will_share_data": (
        "If funded, we will take part in the independent evaluation and share data with the "
        "evaluator and the department"
    ),
}
# Short names for check answers, and what to do while a statement is not confirmed.
SHORT_NAMES = {
    "declares_information_accurate": "Information is accurate",
    "declares_no_duplicate_funding": "Not funded from elsewhere",
    "declares_will_share_data": "Will take part in the evaluation",
}
MISSING = {
    "declares_information_accurate": (
        "Confirm that the information in the bid is accurate and complete"
    ),
    "declares_no_duplicate_funding": (
        "Confirm that the activity is not already funded from another source"
    ),
    "declares_will_share_data": (
        "Confirm that, if funded, you will take part in the independent evaluation and share data"
    ),
}


class DeclarationsForm(VersionedForm):
    declarations = forms.MultipleChoiceField(
        label="Tick each statement to confirm it",
        choices=list(STATEMENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="All three must be confirmed before the bid can be sent for sign-off.",
    )


class DeclarationsSection(FormSection):
    form_class = DeclarationsForm

    def initial(self, application):
        return {"declarations": [name for name in STATEMENTS if getattr(application, name)]}

    def apply(self, application, data, user):
        before = self._snapshot(application)
        ticked = set(data["declarations"])
        for name in STATEMENTS:
            setattr(application, name, name in ticked)
        if ticked >= set(STATEMENTS):
            if not application.declarations_made_by_id:
                application.declarations_made_by = user
                application.declarations_made_at = timezone.now()
        else:
            application.declarations_made_by = None
            application.declarations_made_at = None
        return before, self._snapshot(application)

    @staticmethod
    def _snapshot(application) -> dict:
        made_at = application.declarations_made_at
        return {
            **{name: getattr(application, name) for name in STATEMENTS},
            "declarations_made_by": application.declarations_made_by_id,
            "declarations_made_at": made_at.isoformat() if made_at else None,
        }

    def is_started(self, application: Application) -> bool:
        return (
            any(getattr(application, name) for name in STATEMENTS) or self.version(application) > 0
        )

    def problems(self, application: Application) -> list[str]:
        return [MISSING[name] for name in STATEMENTS if not getattr(application, name)]

    def summary_rows(self, application):
        rows = [
            Row(
                SHORT_NAMES[name],
                "Confirmed" if getattr(application, name) else "Not confirmed",
                f"id_declarations_{index}",
            )
            for index, name in enumerate(STATEMENTS)
        ]
        if application.declarations_made_by_id and application.declarations_made_at:
            rows.append(
                Row(
                    "Confirmed by",
                    f"{application.declarations_made_by.display_name} at "
                    f"{format_datetime(application.declarations_made_at)}",
                    "id_declarations_0",
                )
            )
        return rows


DECLARATIONS = DeclarationsSection(
    slug="declarations",
    title="Declarations",
    template="applications/sections/declarations.html",
)
