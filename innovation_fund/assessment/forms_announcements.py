"""The form that announces a round's decisions."""

from django import forms
from django.core.exceptions import ValidationError

from innovation_fund.core.forms import GovukDateField


class AnnouncementForm(forms.Form):
    title = forms.CharField(
        label="Title of the announcement",
        help_text="For example, Round 3 awards",
        max_length=200,
        error_messages={
            "required": "Enter a title for the announcement",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    announced_on = GovukDateField(
        label="Announcement date",
        subject="the announcement date",
        help_text="The date the awards are made public, for example, 27 3 2027",
    )
    text = forms.CharField(
        label="Announcement text",
        help_text=(
            "What the programme says about these awards. You can use Markdown: "
            "## for a heading, * for a list, [words](https://…) for a link."
        ),
        widget=forms.Textarea,
        max_length=20000,
        error_messages={
            "required": "Enter the announcement text",
            "max_length": "Announcement text must be 20,000 characters or fewer",
        },
    )
    incomplete_assessment_reason = forms.CharField(
        label="Why announce decisions whose assessment is not complete",
        help_text=(
            "Only if the page lists bids whose assessment is not complete. The reason is kept "
            "with the announcement and in each decision’s history."
        ),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        error_messages={"max_length": "The reason must be 5,000 characters or fewer"},
    )
    # The decisions the page listed, so nothing is announced that the manager did not see.
    decisions = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_decisions(self) -> list[int]:
        value = self.cleaned_data["decisions"]
        try:
            return [int(part) for part in value.split(",") if part.strip()]
        except ValueError:
            raise ValidationError("Reload the page and try again", code="invalid") from None
