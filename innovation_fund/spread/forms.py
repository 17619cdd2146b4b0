"""The forms of the innovation pages: an innovation's details, and an adoption."""

from django import forms

from innovation_fund.core.dates import london_today
from innovation_fund.core.forms import GovukDateField
from innovation_fund.grants.models import Project
from innovation_fund.innovations.models import Adoption, Innovation
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority

from .services import AdoptionDetails, InnovationDetails

NONE = ("", "Not known")


def _authority_choices(blank: tuple[str, str]) -> list[tuple[str, str]]:
    authorities = LocalAuthority.objects.order_by("name", "valid_from")
    return [blank] + [
        (
            str(authority.pk),
            f"{authority.name} (until {authority.valid_to.year})"
            if authority.valid_to
            else authority.name,
        )
        for authority in authorities
    ]


def _project_choices(blank: tuple[str, str]) -> list[tuple[str, str]]:
    projects = Project.objects.select_related("round").order_by("round__number", "name")
    return [blank] + [
        (
            str(project.pk),
            f"{project.display_name} ({project.round or 'round not known'})",
        )
        for project in projects
    ]


class InnovationForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the innovation's name"}
    )
    summary = forms.CharField(
        label="Summary", required=False, help_text="One or two sentences shown in lists"
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea,
        help_text="What it is and how it works",
    )
    originator = forms.TypedChoiceField(
        label="Organisation it began with", required=False, coerce=int, empty_value=None
    )
    origin_authority = forms.TypedChoiceField(
        label="Local authority where it began", required=False, coerce=int, empty_value=None
    )
    origin_year = forms.IntegerField(
        label="Year it began",
        required=False,
        min_value=1990,
        error_messages={
            "invalid": "Year it began must be a year, like 2015",
            "min_value": "Year it began must be 1990 or later",
        },
    )
    origin_project = forms.TypedChoiceField(
        label="Project where it began",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Only if it began in a project funded here",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["originator"].choices = [NONE] + [
            (str(pk), name)
            for pk, name in Organisation.objects.order_by("name").values_list("pk", "name")
        ]
        self.fields["origin_authority"].choices = _authority_choices(NONE)
        self.fields["origin_project"].choices = _project_choices(("", "None"))
        for name in ("originator", "origin_authority", "origin_project"):
            self.fields[name].error_messages["invalid_choice"] = "Select one from the list"

    def clean_origin_year(self):
        year = self.cleaned_data.get("origin_year")
        if year is not None and year > london_today().year:
            raise forms.ValidationError("Year it began must be this year or earlier")
        return year

    def details(self) -> InnovationDetails:
        data = self.cleaned_data
        return InnovationDetails(
            name=data["name"],
            summary=data["summary"],
            description=data["description"],
            originator=Organisation.objects.filter(pk=data["originator"]).first(),
            origin_authority=LocalAuthority.objects.filter(pk=data["origin_authority"]).first(),
            origin_year=data["origin_year"],
            origin_project=Project.objects.filter(pk=data["origin_project"]).first(),
        )


def innovation_initial(innovation: Innovation) -> dict:
    return {
        "name": innovation.name,
        "summary": innovation.summary,
        "description": innovation.description,
        "originator": innovation.originator_id,
        "origin_authority": innovation.origin_authority_id,
        "origin_year": innovation.origin_year,
        "origin_project": innovation.origin_project_id,
    }


class AdoptionForm(forms.Form):
    authority = forms.TypedChoiceField(
        label="Local authority",
        coerce=int,
        error_messages={
            "required": "Select the local authority that took it up",
            "invalid_choice": "Select the local authority from the list",
        },
    )
    adopted_on = GovukDateField(label="Date it was taken up", subject="the date it was taken up")
    route = forms.ChoiceField(
        label="How was it taken up?",
        choices=Adoption.Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it was taken up"},
    )
    project = forms.TypedChoiceField(
        label="Project whose grant it came through",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Only for a scale-and-spread grant",
        error_messages={"invalid_choice": "Select the project from the list"},
    )
    source_url = forms.URLField(
        label="Source web address",
        max_length=500,
        assume_scheme="https",
        help_text="A public page that says the authority took it up",
        error_messages={
            "required": "Enter the web address of the source",
            "invalid": "Enter the source as a web address, like https://www.example.org/page",
        },
    )
    source_quote = forms.CharField(
        label="What the source says",
        widget=forms.Textarea,
        help_text="Copy the words that say it was taken up",
        error_messages={"required": "Enter what the source says about it"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = _authority_choices(("", "Select a local authority"))
        self.fields["project"].choices = _project_choices(("", "None (taken up on its own)"))

    def details(self) -> AdoptionDetails:
        data = self.cleaned_data
        return AdoptionDetails(
            authority=LocalAuthority.objects.get(pk=data["authority"]),
            adopted_on=data["adopted_on"],
            route=data["route"],
            project=Project.objects.filter(pk=data["project"]).first(),
            source_url=data["source_url"],
            source_quote=data["source_quote"],
        )


def adoption_initial(adoption: Adoption) -> dict:
    return {
        "authority": adoption.authority_id,
        "adopted_on": adoption.adopted_on,
        "route": adoption.route,
        "project": adoption.project_id,
        "source_url": adoption.source_url,
        "source_quote": adoption.source_quote,
    }
