"""Forms for organisations. Every field shows back what was typed when anything is wrong."""

import re

from django import forms

from innovation_fund.core.dates import london_today
from innovation_fund.places.models import LocalAuthority

from .identifiers import IdentifierError, resolve_identifier
from .models import MemberRole, OrganisationType

_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})")

# Partnerships of authorities come from the programme's records; people register the others.
REGISTER_TYPES = [choice for choice in OrganisationType.choices if choice[0] != "partnership"]

ROLE_CHOICES = [
    (MemberRole.EDITOR.value, "Editor: can write and change bids"),
    (
        MemberRole.ACCOUNTABLE_OFFICER.value,
        "Accountable officer: can also sign off and submit bids, and manage members",
    ),
]


def normalise_postcode(text: str) -> str:
    """SW1A 2AA from sw1a2aa, or ValidationError."""
    squashed = "".join((text or "").split()).upper()
    match = _POSTCODE.fullmatch(squashed) if squashed.isascii() else None
    if match is None:
        raise forms.ValidationError("Enter a full UK postcode, like SW1A 2AA")
    return f"{match.group(1)} {match.group(2)}"


class AuthorityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OrganisationForm(forms.Form):
    """Register or change an organisation. All identifier fields are shown (the page works with
    JavaScript off); only the one its type needs is checked."""

    name = forms.CharField(
        label="Organisation name",
        max_length=200,
        error_messages={
            "required": "Enter the organisation's name",
            "max_length": "Organisation name must be 200 characters or fewer",
        },
    )
    organisation_type = forms.ChoiceField(
        label="Type of organisation",
        choices=REGISTER_TYPES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the type of organisation",
            "invalid_choice": "Select the type of organisation",
        },
    )
    authority = AuthorityChoiceField(
        label="Local authority",
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="Choose a local authority",
        help_text="Only for a local authority: the authority it is",
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    charity_number = forms.CharField(
        label="Charity number",
        required=False,
        help_text="Only for a charity: its number in the Register of Charities, like 1000147",
    )
    company_number = forms.CharField(
        label="Company number (optional)",
        required=False,
        help_text=(
            "Only for a company, children's services trust or mutual registered at Companies "
            "House: its 8-character number, like 01234567"
        ),
    )
    address_line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={
            "required": "Enter address line 1, typically the building and street",
            "max_length": "Address line 1 must be 200 characters or fewer",
        },
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "Address line 2 must be 200 characters or fewer"},
    )
    town = forms.CharField(
        label="Town or city",
        max_length=100,
        error_messages={
            "required": "Enter town or city",
            "max_length": "Town or city must be 100 characters or fewer",
        },
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={
            "required": "Enter postcode",
            "max_length": "Enter a full UK postcode, like SW1A 2AA",
        },
    )

    identifier_fields = ("authority", "charity_number", "company_number")
    address_fields = ("address_line_1", "address_line_2", "town", "postcode")

    def __init__(self, *args, organisation_type: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = LocalAuthority.objects.valid_on(
            london_today()
        ).order_by("name")
        if organisation_type == OrganisationType.PARTNERSHIP:
            self.fields["organisation_type"].choices = OrganisationType.choices

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data["postcode"])

    def clean(self):
        cleaned = super().clean()
        organisation_type = cleaned.get("organisation_type")
        needed = {
            OrganisationType.LOCAL_AUTHORITY: "authority",
            OrganisationType.CHARITY: "charity_number",
        }.get(organisation_type, "company_number")
        for name in self.identifier_fields:
            if name != needed and name in self._errors:
                # Not this type's identifier: whatever is in it is ignored, so is no error.
                del self._errors[name]
                cleaned[name] = None if name == "authority" else ""
        if not organisation_type or organisation_type == OrganisationType.PARTNERSHIP:
            return cleaned
        if needed in self._errors:
            return cleaned
        try:
            resolve_identifier(
                organisation_type,
                authority=cleaned.get("authority"),
                charity_number=cleaned.get("charity_number", ""),
                company_number=cleaned.get("company_number", ""),
                today=london_today(),
            )
        except IdentifierError as error:
            self.add_error(error.field, error.message)
        return cleaned

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class EditOrganisationForm(OrganisationForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def initial_for(cls, organisation) -> dict:
        return {
            "name": organisation.name,
            "organisation_type": organisation.organisation_type,
            "authority": organisation.authority_id,
            "charity_number": organisation.charity_number,
            "company_number": organisation.company_number,
            "address_line_1": organisation.address_line_1,
            "address_line_2": organisation.address_line_2,
            "town": organisation.town,
            "postcode": organisation.postcode,
            "version": organisation.version,
        }


class ActingForForm(forms.Form):
    organisation = forms.ChoiceField(
        label="Which organisation are you acting for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the organisation you are acting for",
            "invalid_choice": "Select one of your organisations",
        },
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = {str(m.organisation_id): m for m in memberships}
        self.fields["organisation"].choices = [
            (str(m.organisation_id), f"{m.organisation.name} ({m.get_role_display().lower()})")
            for m in memberships
        ]

    def chosen_membership(self):
        return self.memberships[self.cleaned_data["organisation"]]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="They must sign in with this address to accept",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    role = forms.ChoiceField(
        label="What will they be?",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )

    def __init__(self, *args, question: str = "Role", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].label = question
