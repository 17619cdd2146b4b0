"""Turning submitted bids into decisions: eligibility, conflicts of interest, assignment,
independent scoring, moderation, panel decisions and the batches that announce them.

Every change goes through `services`; decisions are never edited, only superseded.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from innovation_fund.applications.models import Application
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.organisations.models import Organisation
from innovation_fund.programmes.models import Criterion, Round


class EligibilityCheck(models.Model):
    """The programme team's pass or fail of a bid against the round's rules, with reasons."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="eligibility_check"
    )
    is_eligible = models.BooleanField()
    reasons = models.TextField(blank=True, help_text="Why, in words the applicant will read")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        verdict = "eligible" if self.is_eligible else "not eligible"
        return f"{self.application.reference}: {verdict}"


class Conflict(models.Model):
    """An organisation a person must not assess bids from, declared by that person: one
    registered with the service, or one known only by the name bids give it (a partner that
    has not registered)."""

    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="declared_conflicts",
    )
    partner_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="An organisation not registered with the service, by name (spaces tidied)",
    )
    reason = models.TextField(help_text="The interest: employment, trusteeship, family, money…")
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "partner_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessor", "organisation"], name="unique_conflict_declaration"
            ),
            models.UniqueConstraint(
                "assessor",
                Lower("partner_name"),
                condition=~models.Q(partner_name=""),
                name="unique_named_partner_conflict",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, partner_name="")
                    | models.Q(organisation__isnull=True) & ~models.Q(partner_name="")
                ),
                name="conflict_with_organisation_or_named_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessor} has a conflict with {self.organisation_name}"

    @property
    def organisation_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.partner_name


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=Assignment.State.ACTIVE)


class Assignment(models.Model):
    """One assessor asked to score one bid. Withdrawn, never deleted, so the record stays."""

    class State(models.TextChoices):
        ACTIVE = "active", "Assigned"
        WITHDRAWN = "withdrawn", "Withdrawn"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"],
                condition=models.Q(state="active"),
                name="one_active_assignment_per_assessor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} assigned to {self.assessor}"


class Assessment(models.Model):
    """An assessor's scores for one bid: a draft until they submit it, then fixed."""

    class State(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="assessment"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Assessment of {self.assignment}"


class Score(models.Model):
    """One criterion's score on the round's scale, and the assessor's reason for it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_score")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.score}"


class Moderation(models.Model):
    """A moderator's agreed scores for a bid, with the reason. The latest one counts."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="moderations"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    moderated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["moderated_at", "id"]

    def __str__(self) -> str:
        return f"Moderation of {self.application.reference}"


class ModeratedScore(models.Model):
    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["moderation", "criterion"], name="unique_moderated_score"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.score} (moderated)"


class ImmutableRecord(Exception):
    """A decision is on the record: it can be superseded, never changed or deleted."""


class DecisionQuerySet(models.QuerySet):
    def current(self):
        """Each bid's decision that stands: the one no later decision supersedes."""
        return self.filter(superseded_by__isnull=True)


class Decision(models.Model):
    """The panel's decision on a bid. Written once; a change of mind is a new decision."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        DEFER = "defer", "Deferred"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    award_pence = models.BigIntegerField(null=True, blank=True)
    conditions = models.TextField(blank=True, help_text="Conditions of the grant, if approved")
    reasons = models.TextField(help_text="Why; for a rejection, shown to the applicant")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(outcome="approve", award_pence__gt=0)
                    | (~models.Q(outcome="approve") & models.Q(award_pence__isnull=True))
                ),
                name="award_only_when_approved",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.get_outcome_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableRecord("A decision cannot be changed; record a new one instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("A decision cannot be deleted; record a new one instead.")


class DecisionYear(models.Model):
    """An approved award's spending in one financial year. A decision's years sum to its award."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="years")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the financial year starts in: 2015 for 2015-16"
    )
    amount_pence = models.BigIntegerField()

    class Meta:
        ordering = ["financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "financial_year"], name="unique_decision_year"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_pence__gte=0), name="decision_year_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{FinancialYear(self.financial_year).label}: {self.amount_pence}p"


class AwardBatch(models.Model):
    """A round's decisions made public together, on a date, with the announcement's words.

    Four eyes: one programme manager prepares it, another approves it, and the approval
    announces it. A programme that says it has a single manager lets that manager approve their
    own, and the batch records that no second approval was made.
    """

    class State(models.TextChoices):
        PREPARED = "prepared", "Waiting for approval"
        ANNOUNCED = "announced", "Announced"
        CANCELLED = "cancelled", "Cancelled"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="award_batches")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREPARED)
    title = models.CharField(max_length=200)
    announced_on = models.DateField()
    text = models.TextField(help_text="The announcement, in Markdown")
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(default=timezone.now)
    proposed_decisions = models.ManyToManyField(
        Decision,
        blank=True,
        related_name="proposed_in",
        help_text="The decisions the preparer saw, announced only if they still stand",
    )
    incomplete_assessment_reason = models.TextField(
        blank=True,
        help_text="Why decisions on bids whose assessment is not complete are announced anyway",
    )
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    announced_at = models.DateTimeField(null=True, blank=True)
    without_second_approval = models.BooleanField(
        default=False,
        help_text="Approved by the manager who prepared it, as the programme has a single manager",
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    decisions = models.ManyToManyField(Decision, through="BatchDecision", related_name="batches")

    class Meta:
        ordering = ["announced_on", "id"]
        verbose_name_plural = "award batches"

    def __str__(self) -> str:
        return self.title


class BatchDecision(models.Model):
    batch = models.ForeignKey(AwardBatch, on_delete=models.PROTECT, related_name="entries")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="announcement")

    def __str__(self) -> str:
        return f"{self.decision} in {self.batch}"
