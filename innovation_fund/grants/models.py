"""Funded projects as the public sees them.

Later issues add Grant, Instalment, Payment and Variation here; the demo's historical projects
come straight from published sources, so they have no application behind them.
"""

from django.db import models

from innovation_fund.core.models import DataImport, Source
from innovation_fund.innovations.models import Innovation
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import FocusArea, Round


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Project(models.Model):
    name = models.CharField(max_length=200, blank=True, help_text="Blank where no source names it")
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.TextField(blank=True)
    practice_description = models.TextField(
        blank=True, help_text="What the project does, as the source describes it"
    )
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_projects"
    )
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    focus_area = models.ForeignKey(
        FocusArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    amount_pence = models.BigIntegerField(
        null=True, blank=True, help_text="Announced award, or the cap where it was 'up to'"
    )
    award_year = models.PositiveSmallIntegerField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    innovation = models.ForeignKey(
        Innovation, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    scales = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="scaled_by",
        help_text="Earlier projects this one scales or extends",
    )
    is_published = models.BooleanField(default=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="projects")
    imported_from = models.ForeignKey(
        DataImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    source_row = models.PositiveIntegerField(
        null=True, blank=True, help_text="Row of the imported file (1 = first data row)"
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["name", "slug"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        round_name = self.round.name if self.round_id else "Unknown round"
        return f"{round_name} project led by {self.lead_organisation.name}"


class ProjectPartner(models.Model):
    """A partner named by a source: an organisation we know, or only a description."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnerships_in_projects",
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="As named by the source when not an organisation"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position"]

    def __str__(self) -> str:
        return self.organisation.name if self.organisation_id else self.description


class ProjectArea(models.Model):
    """An authority involved in a project, and how."""

    class Involvement(models.TextChoices):
        LEAD = "lead", "Lead"
        PARTNER = "partner", "Partner"
        AREA = "area", "Where the work happened"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="areas")
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="project_areas"
    )
    involvement = models.CharField(max_length=10, choices=Involvement.choices)

    class Meta:
        ordering = ["project", "involvement", "authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "authority", "involvement"], name="unique_project_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority} ({self.get_involvement_display()}) in {self.project}"
