"""Forms for checking eligibility, declaring conflicts of interest and assigning assessors."""

from django import forms

from innovation_fund.organisations.models import Organisation

from .selectors.assignments import workload_label
from .services.conflicts import NAME_MAX, REASON_MAX

TEXT_MAX = 5000


class EligibilityForm(forms.Form):
    is_eligible = forms.ChoiceField(
        label="Is the bid eligible?",
        widget=forms.RadioSelect,
        choices=[("yes", "Eligible"), ("no", "Not eligible")],
        error_messages={
            "required": "Select whether the bid is eligible",
            "invalid_choice": "Select whether the bid is eligible",
        },
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_MAX,
        help_text=(
            "Required if the bid is not eligible. The applicant will read these words, so say "
            "which rule the bid does not meet and why."
        ),
        error_messages={"max_length": f"Reasons must be {TEXT_MAX:,} characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if data.get("is_eligible") == "no" and not data.get("reasons", "").strip():
            self.add_error(
                "reasons", "Enter why the bid is not eligible, in words the applicant will read"
            )
        return data


class ConflictForm(forms.Form):
    """A conflict with a registered organisation (chosen from the list) or, for one that has not
    registered, with the name bids give it: one or the other."""

    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.order_by("name", "pk"),
        required=False,
        empty_label="Choose an organisation",
        help_text="Organisations registered with this service",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    partner_name = forms.CharField(
        label="Or, if it is not in the list, the organisation’s name",
        required=False,
        max_length=NAME_MAX,
        help_text=(
            "As bids name it, for example a partner that has not registered. Bids naming it, "
            "whatever the capitals or spacing, will not be given to you."
        ),
        error_messages={
            "max_length": f"The organisation’s name must be {NAME_MAX} characters or fewer"
        },
    )
    reason = forms.CharField(
        label="What is your interest in it?",
        widget=forms.Textarea,
        max_length=REASON_MAX,
        help_text="For example, you work for it, are a trustee, or a close relative works there",
        error_messages={
            "required": "Enter your interest in the organisation",
            "max_length": f"Your interest must be {REASON_MAX:,} characters or fewer",
        },
    )

    def clean(self):
        data = super().clean()
        chosen = data.get("organisation")
        named = (data.get("partner_name") or "").strip()
        if chosen is None and not named and "organisation" not in self.errors:
            if "partner_name" not in self.errors:
                self.add_error(
                    "organisation",
                    "Choose the organisation you have a conflict of interest with, or enter its "
                    "name if it is not in the list",
                )
        elif chosen is not None and named:
            self.add_error(
                "partner_name",
                "Either choose an organisation from the list or enter a name, not both",
            )
        return data


class AssignAssessorForm(forms.Form):
    assessor = forms.ChoiceField(
        label="Assessor",
        error_messages={
            "required": "Choose an assessor",
            "invalid_choice": "Choose an assessor from the list",
        },
    )

    def __init__(self, *args, assessors, conflicts: dict[int, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.assessors = {str(assessor.pk): assessor for assessor in assessors}
        choices = [("", "Choose an assessor")]
        for assessor in assessors:
            label = workload_label(assessor)
            if conflicts.get(assessor.pk):
                label += " – conflict of interest"
            choices.append((str(assessor.pk), label))
        self.fields["assessor"].choices = choices

    def chosen(self):
        return self.assessors[self.cleaned_data["assessor"]]


class WithdrawAssignmentForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing this assessor?",
        widget=forms.Textarea,
        max_length=TEXT_MAX,
        error_messages={
            "required": "Enter why you are withdrawing the assignment",
            "max_length": f"The reason must be {TEXT_MAX:,} characters or fewer",
        },
    )
