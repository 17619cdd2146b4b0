"""Innovations are practice models: where each began, where it spread, and the evidence for it."""

from django.conf import settings
from django.db import models

from innovation_fund.core.models import Source
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.publication import ProjectRecordQuerySet


class Innovation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    description = models.TextField(
        blank=True, help_text="What the innovation is and how it works, in more than a line"
    )
    origin_project = models.ForeignKey(
        "grants.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="originated_innovations",
        help_text="The project where it began, where that was a project here",
    )
    originator = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="originated_innovations",
    )
    origin_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="innovations")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Adoption(models.Model):
    """An area that took up an innovation, through which project, and from when.

    Rows loaded from sources often know only the year (`adopted_on` empty); a recorded adoption
    has its date, and `year` always follows from it (see `save`).
    """

    class Route(models.TextChoices):
        GRANT = "grant", "Through a scale-and-spread grant"
        OWN = "own", "On its own"

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="adoptions")
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="adoptions"
    )
    project = models.ForeignKey(
        "grants.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    adopted_on = models.DateField(
        null=True, blank=True, help_text="Empty where the sources give only the year"
    )
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.OWN)
    is_origin = models.BooleanField(default=False)
    sources = models.ManyToManyField(Source, blank=True, related_name="adoptions")
    source_url = models.URLField(max_length=500, blank=True)
    source_quote = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        ordering = ["innovation", "year", "authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "authority", "project"], name="unique_adoption"
            ),
            # SQLite cannot treat NULLs as equal in a unique constraint, so say it separately.
            models.UniqueConstraint(
                fields=["innovation", "authority"],
                condition=models.Q(project__isnull=True),
                name="unique_adoption_without_project",
            ),
            models.CheckConstraint(
                condition=~models.Q(route="grant") | models.Q(project__isnull=False),
                name="adoption_through_grant_names_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.innovation} in {self.authority}"

    def save(self, *args, **kwargs):
        if self.adopted_on is not None:
            self.year = self.adopted_on.year
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "year"}
        super().save(*args, **kwargs)
