"""Innovations are practice models: where each began, where it spread, and the evidence for it."""

from django.db import models

from innovation_fund.core.models import Source
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.publication import ProjectRecordQuerySet


class Innovation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
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
    """An area that took up an innovation, through which project, and from when."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="adoptions")
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="adoptions"
    )
    project = models.ForeignKey(
        "grants.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    is_origin = models.BooleanField(default=False)
    sources = models.ManyToManyField(Source, blank=True, related_name="adoptions")

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
        ]

    def __str__(self) -> str:
        return f"{self.innovation} in {self.authority}"
