"""4. The innovation: a new practice model, or a scale-up of an existing innovation.

A scale-up names the innovation (innovations.models.Innovation) and says how it will be adapted;
the evidence held for it (published evaluation findings and the published projects that used
it, as on the public innovation page) is shown on the page and in the answers. A round whose
type is "scale and spread" funds only scale-ups.

Both sets of questions are on the page, under the radios, each in its own fieldset ("If it is a
new practice model", "If it is a scale-up…"), so the page works the same with JavaScript off.
(GOV.UK's conditional reveal for radios is left out: its aria-expanded on a radio fails
axe-core's aria-allowed-attr rule, and every page must pass axe.) Only the chosen kind's answers
are checked and saved; the one description field (`innovation_description`) holds the chosen
kind's description.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch, prefetch_related_objects

from innovation_fund.core.errors import DomainError
from innovation_fund.innovations.models import Innovation
from innovation_fund.programmes.models import Round

from ..models import Application
from .base import FormSection, Row, VersionedForm

Kind = Application.InnovationKind
NAME_MAX = 200


def _related_model(relation: str):
    """The model behind one of Innovation's reverse relations. Findings (evidence) and projects
    (grants) sit above applications in the layers, so they are reached through the relations
    their apps declare, never imported (docs/decisions/0014-app-layers.md)."""
    return Innovation._meta.get_field(relation).related_model


def evidence_prefetches(prefix: str = "") -> list[Prefetch]:
    """What the page needs of an innovation's evidence: published records only, as the public
    innovation page shows them. `prefix` ("innovation__") prefetches it from a bid."""
    return [
        Prefetch(
            f"{prefix}findings",
            queryset=_related_model("findings")
            .objects.published()
            .select_related("project")
            .prefetch_related("sources")
            .order_by("project_label", "position"),
        ),
        Prefetch(
            f"{prefix}projects",
            queryset=_related_model("projects")
            .objects.published()
            .select_related("lead_organisation", "round")
            .order_by("award_year", "name"),
        ),
    ]


@dataclass
class Evidence:
    innovation: Innovation
    findings: list  # evidence.Finding
    projects: list  # grants.Project


def evidence_for(innovation: Innovation | None) -> Evidence | None:
    """The published evidence held for an innovation: read from the prefetch when the bid was
    loaded with `evidence_prefetches("innovation__")`, else fetched once (a fixed number of
    queries, whatever the amount of evidence)."""
    if innovation is None:
        return None
    cache = getattr(innovation, "_prefetched_objects_cache", {})
    missing = [p for p in evidence_prefetches() if p.prefetch_to not in cache]
    if missing:
        prefetch_related_objects([innovation], *missing)
    return Evidence(
        innovation=innovation,
        findings=list(innovation.findings.all()),
        projects=list(innovation.projects.all()),
    )


def only_scale_ups(round: Round) -> bool:
    return round.round_type == Round.RoundType.SCALE_AND_SPREAD


def scale_ups_only_message(round: Round) -> str:
    return f"{round.name} is a scale and spread round: choose a scale-up of an existing innovation"


class InnovationForm(VersionedForm):
    innovation_kind = forms.ChoiceField(
        label="Is the project a new practice model or a scale-up of an existing innovation?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose one of the options"},
    )
    new_practice_name = forms.CharField(
        label="Name of the new practice model",
        max_length=NAME_MAX,
        required=False,
        error_messages={
            "max_length": f"The name of the practice model must be {NAME_MAX} characters or fewer"
        },
    )
    new_description = forms.CharField(
        label="Describe the new practice model",
        widget=forms.Textarea,
        required=False,
        help_text="What it is, who it is for and what it will change",
    )
    innovation = forms.ModelChoiceField(
        label="Which innovation will the project scale up?",
        queryset=Innovation.objects.order_by("name"),
        required=False,
        empty_label="Choose an innovation",
        error_messages={"invalid_choice": "Choose an innovation from the list"},
    )
    adaptation = forms.CharField(
        label="How will the innovation be adapted?",
        widget=forms.Textarea,
        required=False,
        help_text="How it will be adapted to the places and people this project works with",
    )

    def __init__(self, *args, round: Round, evidence: Evidence | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.evidence = evidence
        self.only_scale_ups = only_scale_ups(round)

    def clean(self):
        cleaned = super().clean()
        for name in ("new_practice_name", "new_description", "adaptation"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = cleaned[name].strip()
        kind = cleaned.get("innovation_kind")
        if "innovation_kind" in self.errors:
            return cleaned
        if not kind:
            self.add_error(
                "innovation_kind",
                "Choose whether the project is a new practice model or a scale-up of an "
                "existing innovation",
            )
        elif kind == Kind.NEW:
            if self.only_scale_ups:
                self.add_error("innovation_kind", scale_ups_only_message(self.round))
            if not cleaned.get("new_practice_name") and "new_practice_name" not in self.errors:
                self.add_error("new_practice_name", "Enter the name of the new practice model")
            if not cleaned.get("new_description"):
                self.add_error("new_description", "Describe the new practice model")
        else:
            if not cleaned.get("innovation") and "innovation" not in self.errors:
                self.add_error("innovation", "Choose the innovation the project will scale up")
            if not cleaned.get("adaptation"):
                self.add_error("adaptation", "Describe how the innovation will be adapted")
        return cleaned


def _answers(application: Application) -> dict:
    return {
        "innovation_kind": application.innovation_kind,
        "innovation": application.innovation_id,
        "new_practice_name": application.new_practice_name,
        "innovation_description": application.innovation_description,
    }


class InnovationSection(FormSection):
    form_class = InnovationForm

    def form_kwargs(self, application):
        saved = application.innovation if application.innovation_kind == Kind.SCALE_UP else None
        return {"round": application.round, "evidence": evidence_for(saved)}

    def initial(self, application):
        kind = application.innovation_kind
        description = application.innovation_description
        return {
            "innovation_kind": kind,
            "new_practice_name": application.new_practice_name,
            "new_description": description if kind == Kind.NEW else "",
            "innovation": application.innovation_id,
            "adaptation": description if kind == Kind.SCALE_UP else "",
        }

    def apply(self, application, data, user):
        kind = data["innovation_kind"]
        if kind == Kind.NEW and only_scale_ups(application.round):
            raise DomainError(scale_ups_only_message(application.round), field="innovation_kind")
        before = _answers(application)
        application.innovation_kind = kind
        if kind == Kind.NEW:
            application.innovation = None
            application.new_practice_name = data["new_practice_name"]
            application.innovation_description = data["new_description"]
        else:
            application.innovation = data["innovation"]
            application.new_practice_name = ""
            application.innovation_description = data["adaptation"]
        return before, _answers(application)

    def is_started(self, application: Application) -> bool:
        return bool(
            application.innovation_kind
            or application.innovation_id
            or application.new_practice_name
            or application.innovation_description
        )

    def problems(self, application: Application) -> list[str]:
        kind = application.innovation_kind
        if not kind:
            return [
                "Say whether the project is a new practice model or a scale-up of an existing "
                "innovation"
            ]
        problems = []
        if kind == Kind.NEW:
            if only_scale_ups(application.round):
                problems.append(scale_ups_only_message(application.round))
            if not application.new_practice_name:
                problems.append("Enter the name of the new practice model")
            if not application.innovation_description:
                problems.append("Describe the new practice model")
        else:
            if not application.innovation_id:
                problems.append("Choose the innovation the project will scale up")
            if not application.innovation_description:
                problems.append("Describe how the innovation will be adapted")
        return problems

    def summary_rows(self, application):
        kind = application.innovation_kind
        if not kind:
            return [Row("New or scale-up", "Not answered", "id_innovation_kind")]
        rows = [Row("New or scale-up", Kind(kind).label, "id_innovation_kind")]
        description = application.innovation_description or "Not answered"
        if kind == Kind.NEW:
            rows += [
                Row(
                    "Practice model",
                    application.new_practice_name or "Not answered",
                    "id_new_practice_name",
                ),
                Row("Description", description, "id_new_description"),
            ]
            return rows
        innovation = application.innovation if application.innovation_id else None
        rows += [
            Row("Innovation", innovation.name if innovation else "Not answered", "id_innovation"),
            Row("How it will be adapted", description, "id_adaptation"),
        ]
        evidence = evidence_for(innovation)
        if evidence is not None:
            rows += [
                Row(
                    "Evidence held for it",
                    [_finding_line(finding) for finding in evidence.findings]
                    or "No evaluation findings are held for this innovation yet",
                    "evidence",
                ),
                Row(
                    "Projects that used it",
                    [_project_line(project) for project in evidence.projects]
                    or "No published projects used this innovation",
                    "evidence",
                ),
            ]
        return rows


def _finding_line(finding) -> str:
    details = ", ".join(part for part in (finding.project_label, finding.evidence_rating) if part)
    return f"{finding.outcome}: {finding.result}" + (f" ({details})" if details else "")


def _project_line(project) -> str:
    parts = [project.display_name, project.lead_organisation.name]
    if project.award_year:
        parts.append(str(project.award_year))
    return ", ".join(parts)


INNOVATION = InnovationSection(
    slug="innovation",
    template="applications/sections/innovation.html",
    title="The innovation",
    hint="A new practice model, or a scale-up of an existing innovation",
)
