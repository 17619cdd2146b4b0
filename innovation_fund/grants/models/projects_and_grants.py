"""Grants and the funded projects the public sees.

A grant is money a round has awarded to an organisation. Grants made through this service come
from an approved bid when its award batch is announced; the demo's historical grants come
straight from published sources, so they have no bid behind them and some have no known amount.
What happens after the award (acceptance, instalments, payments, variations, payment by results
and monitoring returns) lives in the sibling modules of this package.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.models import DataImport, Source
from innovation_fund.core.storage import private_storage
from innovation_fund.innovations.models import Innovation
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import FocusArea, Round

# public_round is re-exported for public/selectors.py, public/forms.py and api/selectors.py until
# they import it from programmes.publication, where the rule now lives.
from innovation_fund.programmes.publication import public_round, published_project  # noqa: F401


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_project())


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
    evidence_quote = models.TextField(
        blank=True, help_text="The sentences a loaded project's facts are read from"
    )
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

    @property
    def is_public(self) -> bool:
        """`published_project` for a project already loaded (with its round)."""
        round_is_public = self.round_id is None or (
            not self.round.is_draft and not self.round.is_demonstration
        )
        return self.is_published and round_is_public


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


class GrantQuerySet(models.QuerySet):
    def historical(self):
        """Grants loaded from published records, with no decision of ours behind them."""
        return self.filter(decision__isnull=True)


class Grant(models.Model):
    class State(models.TextChoices):
        RECORDED = "recorded", "Recorded from published sources"
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        HANDED_BACK = "handed_back", "Handed back"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="grants")
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grants")
    project = models.OneToOneField(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="grant"
    )
    application = models.OneToOneField(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant",
    )
    decision = models.OneToOneField(
        "assessment.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant",
    )
    batch = models.ForeignKey(
        "assessment.AwardBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    amount_pence = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="The current award (after approved variations); blank where no source gives it",
    )
    conditions = models.TextField(blank=True)
    awarded_on = models.DateField(null=True, blank=True)
    award_year = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # After the award (grants/offer_lifecycle.py declares the moves).
    state = models.CharField(max_length=20, choices=State.choices, default=State.OFFERED)
    respond_by = models.DateField(
        null=True, blank=True, help_text="The date by which the offer must be accepted or declined"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    starts_on = models.DateField(null=True, blank=True, help_text="Planned start")
    ends_on = models.DateField(null=True, blank=True, help_text="Planned end (after variations)")
    scope = models.TextField(blank=True, help_text="What the grant pays for (after variations)")
    version = models.PositiveIntegerField(
        default=1, help_text="1 as awarded; one more for each approved variation"
    )
    is_demonstration = models.BooleanField(
        default=False, help_text="Made up for trying the service: not real"
    )

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["round", "recipient__name", "id"]
        constraints = [
            # A grant handed back before anything was paid keeps nothing: £0, not unknown.
            models.CheckConstraint(
                condition=models.Q(amount_pence__isnull=True)
                | models.Q(amount_pence__gt=0)
                | models.Q(state="handed_back", amount_pence=0),
                name="grant_amount_positive",
            )
        ]

    def __str__(self) -> str:
        return f"Grant to {self.recipient} in {self.round}"

    @property
    def is_live(self) -> bool:
        """Accepted and not handed back: the grant pays, and is monitored."""
        return self.state == self.State.ACCEPTED

    @property
    def commits_money(self) -> bool:
        """Counts against the round's, year's and programme's budgets: every grant but one
        declined or handed back (what was paid before handing back stays in `amount_pence`)."""
        return self.state != self.State.DECLINED


class GrantYear(models.Model):
    """A grant's spending profile in one financial year (April to March)."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="years")
    financial_year = models.PositiveSmallIntegerField()
    amount_pence = models.BigIntegerField()

    class Meta:
        ordering = ["financial_year"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "financial_year"], name="unique_grant_year")
        ]

    def __str__(self) -> str:
        return f"{FinancialYear(self.financial_year).label}: {self.amount_pence}p"


class Letter(models.Model):
    """A letter telling an applicant the panel's decision, kept as the PDF that was sent."""

    class Kind(models.TextChoices):
        OFFER = "offer", "Grant offer letter"
        REJECTION = "rejection", "Decision letter"

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="letters"
    )
    decision = models.OneToOneField(
        "assessment.Decision", on_delete=models.PROTECT, related_name="letter"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(storage=private_storage, upload_to="letters/%Y/%m/")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.application.reference}"
