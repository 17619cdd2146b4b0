"""The form for an outcome of a programme's framework. It parses what was typed; the outcome
services decide whether it is allowed (a used outcome's meaning never changes)."""

from django import forms

from .models import Outcome

MEANING_FIELDS = ("measure", "unit", "direction")


class OutcomeForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, ‘Fewer children entering care’",
        error_messages={
            "required": "Enter the outcome's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    definition = forms.CharField(
        label="Definition",
        widget=forms.Textarea,
        help_text="What the outcome means, so every bid reads it the same way",
        error_messages={"required": "Enter what the outcome means"},
    )
    measure = forms.CharField(
        label="How it is measured",
        widget=forms.Textarea,
        help_text="The figure or tool that shows a change, and where it comes from",
        error_messages={"required": "Enter how the outcome is measured"},
    )
    unit = forms.CharField(
        label="Unit (optional)",
        max_length=100,
        required=False,
        help_text="What it is counted in, for example ‘children per 10,000’ or ‘days’",
        error_messages={"max_length": "The unit must be 100 characters or fewer"},
    )
    direction = forms.ChoiceField(
        label="Which direction is better?",
        choices=Outcome.Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which direction is better"},
    )

    def __init__(self, *args, outcome: Outcome | None = None, meaning_locked: bool = False, **kw):
        super().__init__(*args, **kw)
        self.meaning_locked = meaning_locked
        if meaning_locked:
            for name in MEANING_FIELDS:
                del self.fields[name]
        if outcome is not None:
            # An outcome loaded from sources that give no definition or measure: mending its
            # name must not demand what the sources never said.
            for name in ("definition", "measure", "direction"):
                if name in self.fields and not getattr(outcome, name):
                    self.fields[name].required = False
                    self.fields[name].label = f"{self.fields[name].label} (optional)"

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


def initial_for(outcome: Outcome) -> dict:
    return {
        "name": outcome.name,
        "definition": outcome.definition,
        "measure": outcome.measure,
        "unit": outcome.unit,
        "direction": outcome.direction,
    }
