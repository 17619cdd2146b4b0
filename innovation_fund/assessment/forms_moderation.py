"""Forms for moderation: the overview's filter, and a moderator's scores with the reason."""

from django import forms

from innovation_fund.programmes.models import Criterion

from . import scoring
from .services.moderation import score_field


class ModerationFilterForm(forms.Form):
    flagged = forms.BooleanField(label="Show only bids where assessors disagree", required=False)


class ModerationForm(forms.Form):
    """A radio group per criterion (0 to the round's highest score, with its descriptor), then
    the reason. Fields are named by `score_field`, so a service's error lands at the right one."""

    reason = forms.CharField(
        label="Why are these the scores?",
        help_text="Say what the panel agreed and why it differs from the assessors, if it does",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={
            "required": "Enter why these are the scores",
            "max_length": "The reason must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, criteria: list[Criterion], score_descriptors: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        highest = scoring.highest_score(score_descriptors)
        choices = [
            (str(value), f"{value} – {descriptor}")
            for value, descriptor in enumerate(score_descriptors)
        ]
        self.criteria = criteria
        reason = self.fields.pop("reason")
        for criterion in criteria:
            self.fields[score_field(criterion.pk)] = forms.TypedChoiceField(
                label=f"{criterion.name} (weight {criterion.weight}%)",
                help_text=criterion.description,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose a score for {criterion.name}",
                    "invalid_choice": f"Choose a score for {criterion.name} from 0 to {highest}",
                },
            )
        self.fields["reason"] = reason

    @property
    def score_fields(self):
        return [self[score_field(criterion.pk)] for criterion in self.criteria]

    def scores(self) -> dict[int, int]:
        return {
            criterion.pk: self.cleaned_data[score_field(criterion.pk)]
            for criterion in self.criteria
        }
