"""Programmes, their funding rounds and focus areas, and announcements made about them."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.models import Source


class Programme(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    funder_name = models.CharField(max_length=200)
    funder_org_id = models.CharField(max_length=60, blank=True)
    summary = models.TextField()
    objectives = models.JSONField(default=list, help_text="The programme's objectives, in order")
    budget_pence = models.BigIntegerField(
        null=True, blank=True, help_text="Total budget (the most the programme may award)"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="First year of the period, where sources give only years"
    )
    last_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last year of the period, where sources give only years"
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="programmes")
    outcome_framework_note = models.TextField(
        blank=True, help_text="What is known, and not known, about the outcome framework"
    )
    has_single_manager = models.BooleanField(
        default=False,
        help_text=(
            "The programme has one manager, so the manager who prepares an announcement of "
            "awards may approve it, and the announcement says no second approval was made"
        ),
    )

    def __str__(self) -> str:
        return self.name


def default_score_descriptors() -> list[str]:
    """The usual 0 to 4 scale of government grant assessment."""
    return [
        "Unacceptable: the bid does not address the criterion",
        "Poor: the bid addresses the criterion with serious weaknesses",
        "Satisfactory: the bid meets the criterion with some weaknesses",
        "Good: the bid meets the criterion well, with minor weaknesses",
        "Excellent: the bid meets the criterion fully, with strong evidence",
    ]


class Round(models.Model):
    class RoundType(models.TextChoices):
        OPEN_COMPETITION = "open_competition", "Open competition"
        SCALE_AND_SPREAD = "scale_and_spread", "Scale and spread"
        TARGETED = "targeted", "Targeted"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ANNOUNCED = "announced", "Decisions announced"
        COMPLETE = "complete", "Complete"

    # The stored states in which the round is shown on the public pages.
    PUBLISHED_STATES = (State.PUBLISHED, State.ANNOUNCED, State.COMPLETE)

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100)
    round_type = models.CharField(max_length=20, choices=RoundType.choices)
    summary = models.TextField(blank=True)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    announced_year = models.PositiveSmallIntegerField(null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="First year the round ran, where sources give only years"
    )
    last_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last year the round ran, where sources give only years"
    )
    budget_pence = models.BigIntegerField(null=True, blank=True, help_text="Budget envelope")
    funding_starts_on = models.DateField(
        null=True, blank=True, help_text="When funded projects may start spending"
    )
    funding_ends_on = models.DateField(
        null=True, blank=True, help_text="When funded projects must finish spending"
    )
    minimum_bid_pence = models.BigIntegerField(null=True, blank=True)
    maximum_bid_pence = models.BigIntegerField(null=True, blank=True)
    eligible_organisation_types = models.JSONField(
        default=list, blank=True, help_text="OrganisationType values that may lead a bid"
    )
    guidance_markdown = models.TextField(
        blank=True, help_text="Guidance for applicants, in Markdown (shown sanitised)"
    )
    # Where the round is in its lifecycle, as stored. A published round is upcoming, open or
    # closed by the clock: `lifecycle_state` gives the state the lifecycle table
    # (`programmes.lifecycle.ROUND_LIFECYCLE`) works on.
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    is_demonstration = models.BooleanField(
        default=False,
        help_text="Made by the development set-up for trying the service; not a real round",
    )
    # How bids in the round are assessed
    assessors_per_bid = models.PositiveSmallIntegerField(
        default=2, help_text="How many assessors score each eligible bid independently"
    )
    score_descriptors = models.JSONField(
        default=default_score_descriptors,
        help_text="What each score means, from 0 upwards; the highest score is len - 1",
    )
    disagreement_threshold = models.PositiveSmallIntegerField(
        default=2,
        help_text="Flag a bid when assessors' scores for one criterion differ by more than this",
    )
    version = models.PositiveIntegerField(default=1)
    sources = models.ManyToManyField(Source, blank=True, related_name="rounds")

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_round_number"),
            # A round is named by its slug everywhere (filters, the API, open data), so no two
            # programmes' rounds may share one; numbers are only an order within a programme.
            models.UniqueConstraint(fields=["slug"], name="unique_round_slug_everywhere"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        """Not yet published: seen only by its programme's managers."""
        return self.state == self.State.DRAFT

    def clock_status(self, now: datetime | None = None) -> str:
        """By the clock alone: "upcoming", "open" (from its opening time up to, not including,
        its closing time), "closed", or "not_scheduled". A round with no times but with years
        (the real programme's rounds, from the sources) is closed."""
        now = now or timezone.now()
        if self.opens_at is None or self.closes_at is None:
            if self.closes_at is not None and now >= self.closes_at:
                return "closed"
            if self.first_year or self.last_year or self.announced_year:
                return "closed"
            return "not_scheduled"
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        return "closed"

    def lifecycle_state_at(self, now: datetime | None = None) -> str:
        """The state the round lifecycle table works on: draft, upcoming, open, closed,
        announced or complete. A published round's is its clock's (not yet scheduled counts as
        upcoming: it has not opened)."""
        if self.state != self.State.PUBLISHED:
            return str(self.state)
        status = self.clock_status(now)
        return "upcoming" if status == "not_scheduled" else status

    @property
    def lifecycle_state(self) -> str:
        return self.lifecycle_state_at()


def published_round_q(prefix: str = "") -> models.Q:
    """Rounds that have been published (whatever the clock says). `prefix` reaches the round
    through a relation, such as "round__"."""
    return models.Q(**{f"{prefix}state__in": Round.PUBLISHED_STATES})


class YearBudget(models.Model):
    """The most a programme may award for spending in one financial year (April to March)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="year_budgets")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the financial year starts in: 2015 for 2015-16"
    )
    budget_pence = models.BigIntegerField()

    class Meta:
        ordering = ["programme", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "financial_year"], name="unique_year_budget"
            ),
            models.CheckConstraint(
                condition=models.Q(budget_pence__gte=0), name="year_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {FinancialYear(self.financial_year).label}"


class ProgrammeRole(models.Model):
    """What a person does for one programme. Access follows from these, not from global flags."""

    class Role(models.TextChoices):
        PROGRAMME_MANAGER = "programme_manager", "Programme manager"
        ASSESSOR = "assessor", "Assessor"
        MODERATOR = "moderator", "Moderator or panel member"
        FINANCE_OFFICER = "finance_officer", "Finance officer"
        EVALUATOR = "evaluator", "Evaluator"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_roles"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who granted it (the manager who invited them); empty when set up by a command",
    )

    class Meta:
        ordering = ["programme", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user", "role"], name="unique_programme_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} for {self.programme}"


class ProgrammeInvitation(models.Model):
    """An emailed invitation to join a programme's team in one or more roles.

    Only a hash of the link's token is kept. It is pending until accepted, withdrawn or expired.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    roles = models.JSONField(help_text="ProgrammeRole.Role values granted on acceptance")
    token_sha256 = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["programme", "-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.email} to join {self.programme}"

    def is_pending(self, now: datetime | None = None) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > (now or timezone.now())
        )

    @property
    def role_labels(self) -> list[str]:
        labels = dict(ProgrammeRole.Role.choices)
        return [labels.get(role, role) for role in self.roles]


class Criterion(models.Model):
    """What assessors score a round's bids against. A round's weights add up to 100."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(help_text="Per cent of the total score")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "id"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class Outcome(models.Model):
    """One outcome in a programme's outcome framework, which bids choose from.

    Once a bid has used it, its measure, unit and direction never change (its meaning is what
    the bid chose); it is retired, not deleted. A round's bids choose from the framework as it
    stood when the round opened (see `outcome_selectors`).
    """

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NONE = "none", "No direction: neither higher nor lower is better"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="outcomes")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    definition = models.TextField(blank=True)
    measure = models.TextField(blank=True, help_text="How it is measured")
    unit = models.CharField(max_length=100, blank=True)
    direction = models.CharField(
        max_length=10,
        choices=Direction.choices,
        blank=True,
        help_text="Which direction is better; blank where the sources do not say",
    )
    position = models.PositiveSmallIntegerField(default=0)
    added_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)
    is_demonstration = models.BooleanField(
        default=False, help_text="Made up for trying the service: not a real outcome"
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="outcomes")

    class Meta:
        ordering = ["programme", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="unique_outcome_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def is_current_at(self, moment) -> bool:
        """In the framework at that moment: added by then and not yet retired."""
        return self.added_at <= moment and (self.retired_at is None or self.retired_at > moment)


class FocusArea(models.Model):
    """What a round funds.

    Round One's focus areas, Round Two's priorities, Round Three's policy areas.
    """

    class Kind(models.TextChoices):
        FOCUS_AREA = "focus_area", "Focus area"
        PRIORITY = "priority", "Priority"
        POLICY_AREA = "policy_area", "Policy area"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="focus_areas")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FOCUS_AREA)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "slug"], name="unique_focus_area_slug")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def slug_with_round(self) -> str:
        """Unique across the programme, so one value in a URL names one focus area."""
        return f"{self.round.slug}-{self.slug}"


class Announcement(models.Model):
    """A figure the programme announced, as reported at the time (not computed by us)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="announcements")
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="announcements"
    )
    announced_on = models.DateField()
    title = models.CharField(max_length=300)
    summary = models.TextField()
    amount_pence = models.BigIntegerField(null=True, blank=True)
    project_count = models.PositiveIntegerField(null=True, blank=True)
    authority_count = models.PositiveIntegerField(null=True, blank=True)
    authorities_total = models.PositiveIntegerField(null=True, blank=True)
    instalments = models.PositiveSmallIntegerField(null=True, blank=True)
    projects = models.ManyToManyField("grants.Project", blank=True, related_name="announcements")
    sources = models.ManyToManyField(Source, blank=True, related_name="announcements")

    class Meta:
        ordering = ["announced_on"]

    def __str__(self) -> str:
        return self.title
