"""The form for writing an insight: its words, and the projects, innovations and outcomes it
links to (ticked from lists). Errors read as GOV.UK error messages."""

from django import forms

from innovation_fund.grants.models import Project
from innovation_fund.innovations.models import Innovation
from innovation_fund.programmes.models import Outcome, Programme

from .models import Insight
from .services import InsightDetails


def _links(label: str, help_text: str, invalid: str) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label,
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": invalid},
    )


class InsightForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea,
        help_text="One or two sentences, shown in the list of insights and in the feed",
    )
    body = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea,
        help_text=(
            "Write in Markdown: a blank line between paragraphs, ## for a heading, * for a "
            "bullet, [words](https://address) for a link. Other HTML is removed."
        ),
    )
    projects = _links(
        "Projects it is about",
        "Only projects the public can see are shown on its page",
        "Select projects from the list",
    )
    innovations = _links("Innovations it is about", "", "Select innovations from the list")
    outcomes = _links(
        "Outcomes it is about",
        "From the programme’s outcome framework",
        "Select outcomes from the list",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        projects = (
            Project.objects.filter(round__programme=programme)
            .select_related("round", "lead_organisation")
            .order_by("round__number", "name", "slug")
        )
        self.fields["projects"].choices = [
            (project.pk, f"{project.display_name} ({project.round})") for project in projects
        ]
        self.fields["innovations"].choices = list(
            Innovation.objects.order_by("name").values_list("pk", "name")
        )
        self.fields["outcomes"].choices = [
            (outcome.pk, f"{outcome.name} (retired)" if outcome.retired_at else outcome.name)
            for outcome in Outcome.objects.filter(programme=programme).order_by("position", "name")
        ]

    def details(self) -> InsightDetails:
        data = self.cleaned_data
        return InsightDetails(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            project_ids=tuple(data["projects"]),
            innovation_ids=tuple(data["innovations"]),
            outcome_ids=tuple(data["outcomes"]),
        )


def insight_initial(insight: Insight) -> dict:
    return {
        "title": insight.title,
        "summary": insight.summary,
        "body": insight.body,
        "projects": [project.pk for project in insight.projects.all()],
        "innovations": [innovation.pk for innovation in insight.innovations.all()],
        "outcomes": [outcome.pk for outcome in insight.outcomes.all()],
        "version": insight.version,
    }
