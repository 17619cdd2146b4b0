"""The form a programme manager invites someone to the team with."""

from django import forms

from .models import ProgrammeRole


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The invitation goes to this address; they accept it by following its link",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    roles = forms.MultipleChoiceField(
        label="Which roles will they have?",
        help_text="Select all that apply",
        choices=ProgrammeRole.Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one role",
            "invalid_choice": "Choose roles from the list",
        },
    )
