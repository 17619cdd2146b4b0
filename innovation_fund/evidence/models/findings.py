"""What evaluations found, and unit costs used to value outcomes."""

from django.db import models

from innovation_fund.core.models import DataImport, Source
from innovation_fund.grants.models import Project
from innovation_fund.innovations.models import Innovation
from innovation_fund.programmes.publication import ProjectRecordQuerySet


class Finding(models.Model):
    """One result an evaluation reported for an outcome: positive, null and negative alike."""

    class Direction(models.TextChoices):
        IMPROVED = "improved", "Improved"
        NO_CHANGE = "no_change", "No clear change"
        WORSENED = "worsened", "Worsened"
        NOT_KNOWN = "", "Not known"

    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    project_label = models.CharField(max_length=300, help_text="The project as the source names it")
    innovation = models.ForeignKey(
        Innovation, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    outcome = models.CharField(max_length=300)
    baseline = models.CharField(max_length=300, blank=True)
    result = models.CharField(max_length=300)
    period = models.CharField(max_length=300, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices, blank=True)
    evidence_rating = models.CharField(
        max_length=200, blank=True, help_text="The design the source names, such as RCT"
    )
    position = models.PositiveSmallIntegerField(default=0)
    sources = models.ManyToManyField(Source, blank=True, related_name="findings")
    imported_from = models.ForeignKey(
        DataImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    source_row = models.PositiveIntegerField(
        null=True, blank=True, help_text="Row of the imported file (1 = first data row)"
    )

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        ordering = ["project_label", "position"]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.result}"


class UnitCost(models.Model):
    item = models.CharField(max_length=300)
    unit = models.CharField(max_length=100)
    cost_pence = models.BigIntegerField()
    price_year = models.CharField(max_length=200)
    sources = models.ManyToManyField(Source, blank=True, related_name="unit_costs")
    imported_from = models.ForeignKey(
        DataImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="unit_costs"
    )
    source_row = models.PositiveIntegerField(
        null=True, blank=True, help_text="Row of the imported file (1 = first data row)"
    )

    class Meta:
        ordering = ["item"]

    def __str__(self) -> str:
        return self.item
