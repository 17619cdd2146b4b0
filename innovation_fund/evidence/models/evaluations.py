"""Independent evaluations: who evaluates which projects, their plan, and their reports.

The states of plans and reports are declared here; what moves them, who may, and when, is the
table in `evaluation_lifecycle`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from innovation_fund.core.document_checks import name_for_download
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.models import DataImport, Source
from innovation_fund.core.storage import private_storage
from innovation_fund.grants.models import Project
from innovation_fund.organisations.models import Organisation
from innovation_fund.programmes.models import Outcome, Programme


class Evaluation(models.Model):
    """An evaluator appointed to evaluate one project or several, for one programme.

    The evaluator is an organisation; its members who hold the programme's evaluator role act
    for it. A report loaded from a public source may name an evaluator that is not an
    organisation here (a person, or a team): then `evaluator` is empty and `evaluator_name`
    says who, as the source does.
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    evaluator_name = models.CharField(
        max_length=300, blank=True, help_text="Who evaluated, as the source names them"
    )
    projects = models.ManyToManyField(Project, related_name="evaluations")
    title = models.CharField(max_length=300)
    appointed_at = models.DateTimeField(default=timezone.now)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demonstration = models.BooleanField(
        default=False, help_text="Made up for trying the service: not a real evaluation"
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="evaluations")
    imported_from = models.ForeignKey(
        DataImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations"
    )
    source_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["programme", "title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def evaluator_label(self) -> str:
        if self.evaluator_id:
            return self.evaluator.name
        return self.evaluator_name or "Not known"


class EvaluationPlan(models.Model):
    """What the evaluation will ask and how: agreed with the programme team before reports."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        CHANGES_REQUESTED = "changes_requested", "Changes asked for"
        AGREED = "agreed", "Agreed"

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="plan")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    questions = models.TextField(blank=True, help_text="The questions the evaluation answers")
    design = models.CharField(max_length=30, blank=True, help_text="A key of `designs.DESIGNS`")
    design_detail = models.TextField(blank=True)
    comparison_group = models.TextField(
        blank=True, help_text="Who the results are compared with; blank where there is none"
    )
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="evaluation_plans")
    timetable = models.TextField(blank=True)
    review_comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Plan for {self.evaluation}"


class EvaluationReportQuerySet(models.QuerySet):
    def published(self):
        """The one rule for what the public may see of reports: published, and not made up."""
        return self.filter(
            state=EvaluationReport.State.PUBLISHED, evaluation__is_demonstration=False
        )


class EvaluationReport(models.Model):
    """An interim or final report: documents kept privately until published, and the structured
    fields (summary, design, findings, costs and benefits) the library shows."""

    class Kind(models.TextChoices):
        INTERIM = "interim", "Interim report"
        FINAL = "final", "Final report"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        CHANGES_REQUESTED = "changes_requested", "Changes asked for"
        ACCEPTED = "accepted", "Accepted"
        PUBLISHED = "published", "Published"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    slug = models.SlugField(max_length=220, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    design = models.CharField(max_length=30, blank=True, help_text="A key of `designs.DESIGNS`")
    design_detail = models.TextField(blank=True)
    price_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The one price year its costs and benefits are shown in (2015 for 2015-16)",
    )
    report_number = models.CharField(
        max_length=20,
        blank=True,
        help_text='The programme\'s number, "55" in "Evaluation Report 55"',
    )
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Where a copy is read, for reports loaded from sources",
    )
    evidence_quote = models.TextField(blank=True)
    review_comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    sources = models.ManyToManyField(Source, blank=True, related_name="evaluation_reports")
    imported_from = models.ForeignKey(
        DataImport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_reports",
    )
    source_row = models.PositiveIntegerField(null=True, blank=True)

    objects = EvaluationReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title", "id"]
        constraints = [
            # Report numbers run across the service: two reports never share one.
            models.UniqueConstraint(
                fields=["report_number"],
                condition=~Q(report_number=""),
                name="unique_report_number",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_on__isnull=False) | Q(url__gt=""),
                name="published_report_has_date_or_source",
            ),
        ]

    def __str__(self) -> str:
        return self.numbered_title

    @property
    def numbered_title(self) -> str:
        if self.report_number:
            return f"Evaluation Report {self.report_number}: {self.title}"
        return self.title

    @property
    def price_year_label(self) -> str:
        return FinancialYear(self.price_year).label if self.price_year else ""


def _document_path(instance: "ReportDocument", filename: str) -> str:
    # The stored name never uses what the uploader called the file.
    return f"evaluations/{instance.report_id}/{instance.sha256}"


class ReportDocument(models.Model):
    """A report's file: private until the report is published, then downloadable by anyone."""

    report = models.ForeignKey(EvaluationReport, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_document_path, storage=private_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, help_text="As found from the file's content")
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """The uploaded name with the extension of the type read from its content, so a PDF
        always downloads as `.pdf` whatever it was called."""
        return name_for_download(self.original_name, self.content_type, fallback_stem="report")


class CostBenefitItem(models.Model):
    """One cost or benefit a report counts, in the prices of the year it names.

    A benefit may be a number of avoided units valued at a loaded unit cost: then its amount is
    units × the unit cost, in the unit cost's price year.
    """

    class Kind(models.TextChoices):
        COST = "cost", "Cost"
        BENEFIT = "benefit", "Benefit"

    report = models.ForeignKey(
        EvaluationReport, on_delete=models.CASCADE, related_name="cost_benefit_items"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.CharField(max_length=300)
    amount_pence = models.BigIntegerField()
    price_year = models.PositiveSmallIntegerField(
        help_text="The financial year whose prices the amount is in (2015 for 2015-16)"
    )
    unit_cost = models.ForeignKey(
        "evidence.UnitCost",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cost_benefit_items",
    )
    units = models.PositiveIntegerField(null=True, blank=True, help_text="Units avoided")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "kind", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gte=0), name="cost_benefit_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(unit_cost__isnull=True, units__isnull=True)
                | Q(unit_cost__isnull=False, units__isnull=False, kind="benefit"),
                name="unit_cost_benefit_has_units",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

    @property
    def price_year_label(self) -> str:
        return FinancialYear(self.price_year).label
