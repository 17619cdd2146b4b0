"""What evaluations found, and unit costs used to value outcomes."""

from django.db import models
from django.db.models import Q

from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.models import DataImport, Source
from innovation_fund.grants.models import Project
from innovation_fund.innovations.models import Innovation
from innovation_fund.programmes.models import Outcome
from innovation_fund.programmes.publication import published_project

from .evaluations import EvaluationReport


class FindingQuerySet(models.QuerySet):
    def published(self):
        """The one rule for what the public may see of findings.

        A finding from a report in this service is public once its report is published. One
        loaded from a public source without a report here follows its project: public with a
        published project, or when it belongs to no project.
        """
        from_published_report = Q(report__state=EvaluationReport.State.PUBLISHED) & Q(
            report__evaluation__is_demonstration=False
        )
        loaded_without_report = Q(report__isnull=True) & (
            Q(project__isnull=True) | published_project("project__")
        )
        return self.filter(from_published_report | loaded_without_report)


class Finding(models.Model):
    """One result an evaluation reported for an outcome: positive, null and negative alike."""

    class Direction(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NO_EFFECT = "no_effect", "No measurable effect"
        NEGATIVE = "negative", "Negative"
        MIXED = "mixed", "Mixed"
        NOT_KNOWN = "", "Not known"

    report = models.ForeignKey(
        EvaluationReport,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="findings",
        help_text="Empty for findings loaded from a source with no report held here",
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    project_label = models.CharField(max_length=300, help_text="The project as the source names it")
    innovation = models.ForeignKey(
        Innovation, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    outcome = models.CharField(max_length=300, help_text="The outcome, as the report names it")
    framework_outcome = models.ForeignKey(
        Outcome,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        help_text="The outcome in the programme's framework, where the finding is about one",
    )
    population = models.CharField(max_length=300, blank=True, help_text="Who it is about")
    baseline = models.CharField(max_length=300, blank=True)
    result = models.CharField(max_length=300)
    comparison = models.CharField(
        max_length=300, blank=True, help_text="The comparison group's result, where there is one"
    )
    period = models.CharField(max_length=300, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices, blank=True)
    effect_size = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    effect_size_measure = models.CharField(
        max_length=100, blank=True, help_text="Such as Cohen's d, an odds ratio, or a difference"
    )
    interval_lower = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    interval_upper = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    interval_level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The confidence level in per cent, such as 95"
    )
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    evidence_scale = models.CharField(
        max_length=30, blank=True, help_text="A key of `scales.SCALES`"
    )
    evidence_level = models.CharField(
        max_length=10, blank=True, help_text="A level's key within its scale"
    )
    evidence_rating = models.CharField(
        max_length=200, blank=True, help_text="The design the source names, such as RCT"
    )
    evidence_quote = models.TextField(blank=True, help_text="The sentence the finding is read from")
    position = models.PositiveSmallIntegerField(default=0)
    sources = models.ManyToManyField(Source, blank=True, related_name="findings")
    imported_from = models.ForeignKey(
        DataImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    source_row = models.PositiveIntegerField(
        null=True, blank=True, help_text="Row of the imported file (1 = first data row)"
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["project_label", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_lower__isnull=True)
                | Q(interval_upper__isnull=True)
                | Q(interval_lower__lte=models.F("interval_upper")),
                name="finding_interval_in_order",
            ),
            models.CheckConstraint(
                condition=Q(evidence_scale="") | ~Q(evidence_level=""),
                name="finding_scale_has_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.result}"


class UnitCost(models.Model):
    item = models.CharField(max_length=300)
    unit = models.CharField(max_length=100)
    cost_pence = models.BigIntegerField()
    price_year = models.CharField(max_length=200, help_text="As the source states it")
    financial_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The price year as a financial year (2019 for 2019-20); empty where no source "
        "gives one",
    )
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

    @property
    def price_year_label(self) -> str:
        if self.financial_year is None:
            return "Price year not known"
        return FinancialYear(self.financial_year).label
