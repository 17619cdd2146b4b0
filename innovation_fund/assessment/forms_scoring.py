"""The scoring form: a score on the round's scale and a comment for each criterion."""

from django import forms

from innovation_fund.programmes.models import Criterion

from .services.assessments import comment_field, score_field

SAVE_DRAFT = "draft"
SUBMIT = "submit"


class ScoringForm(forms.Form):
    """One radio group and one comment box per criterion, in the round's order. A draft may
    leave any of them empty; submitting needs them all."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    action = forms.ChoiceField(
        choices=[(SAVE_DRAFT, "Save as draft"), (SUBMIT, "Submit scores")],
        widget=forms.HiddenInput,
        required=False,  # a form sent without pressing a button is saved as a draft
    )

    def __init__(self, *args, criteria: list[Criterion], descriptors: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[score_field(criterion.pk)] = forms.TypedChoiceField(
                label=f"{criterion.name} ({criterion.weight}%)",
                help_text=criterion.description,
                choices=[
                    (str(score), f"{score} – {descriptor}")
                    for score, descriptor in enumerate(descriptors)
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": f"Select one of the scores on the scale for {criterion.name}"
                },
            )
            self.fields[comment_field(criterion.pk)] = forms.CharField(
                label=f"Your comment on {criterion.name}",
                help_text="Why you gave this score, with evidence from the bid",
                required=False,
                widget=forms.Textarea,
            )

    @property
    def submitting(self) -> bool:
        return self.data.get("action") == SUBMIT

    def criterion_fields(self):
        """(criterion, score field, comment field) for the template, in the round's order."""
        return [
            (criterion, self[score_field(criterion.pk)], self[comment_field(criterion.pk)])
            for criterion in self.criteria
        ]

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for criterion in self.criteria:
                score_name, comment_name = score_field(criterion.pk), comment_field(criterion.pk)
                if score_name not in self.errors and cleaned.get(score_name) is None:
                    self.add_error(score_name, f"Select a score for {criterion.name}")
                if not cleaned.get(comment_name, "").strip():
                    self.add_error(comment_name, f"Enter a comment on {criterion.name}")
        return cleaned

    def entries(self) -> dict[int, tuple[int | None, str]]:
        return {
            criterion.pk: (
                self.cleaned_data.get(score_field(criterion.pk)),
                self.cleaned_data.get(comment_field(criterion.pk), ""),
            )
            for criterion in self.criteria
        }
