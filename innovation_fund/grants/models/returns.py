"""Monitoring returns: what each live grant reports, on the schedule its round sets.

A return asks for progress and risks, spend against the grant's profile by financial year and
cost heading, and the bid's outcome measures by local authority. A member of the grantee fills
it in (saving as they go); one of its accountable officers submits it; the programme team
accepts it or asks for changes. Reminders are sent before the due date, on it, and weekly while
it is overdue, never twice on one day (`ReturnReminder`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .projects_and_grants import Grant


class ReturnSchedule(models.Model):
    """How often the grants of a round report, and how long after a period ends a return is due."""

    round = models.OneToOneField(
        "programmes.Round", on_delete=models.CASCADE, related_name="return_schedule"
    )
    every_months = models.PositiveSmallIntegerField(help_text="1, 3, 6 or 12")
    due_days_after_period = models.PositiveSmallIntegerField(
        help_text="Days after the end of each period that its return is due"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(every_months__in=[1, 3, 6, 12]), name="return_period_months"
            )
        ]

    def __str__(self) -> str:
        return f"Returns every {self.every_months} months for {self.round}"


class MonitoringReturn(models.Model):
    class State(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes asked for"
        ACCEPTED = "accepted", "Accepted"

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="returns")
    number = models.PositiveSmallIntegerField()
    period_starts_on = models.DateField()
    period_ends_on = models.DateField()
    due_on = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.NOT_STARTED)
    progress = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Detects edits that cross")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comments = models.TextField(blank=True)

    class Meta:
        ordering = ["grant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="unique_return_number")
        ]

    def __str__(self) -> str:
        return f"Return {self.number} for {self.grant}"


class ReturnSpend(models.Model):
    """Money actually spent in one financial year under one cost heading, as a return reports it."""

    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="spend"
    )
    financial_year = models.PositiveSmallIntegerField()
    cost_heading = models.CharField(max_length=20)
    actual_pence = models.BigIntegerField(null=True, blank=True, help_text="Blank: not known yet")

    class Meta:
        ordering = ["monitoring_return", "financial_year", "cost_heading"]
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "financial_year", "cost_heading"],
                name="unique_return_spend",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cost_heading} in {self.financial_year}: {self.actual_pence}p"


class ReturnMeasure(models.Model):
    """One of the bid's outcome measures in one local authority, as a return reports it."""

    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="measures"
    )
    outcome = models.ForeignKey("programmes.Outcome", on_delete=models.PROTECT, related_name="+")
    authority = models.ForeignKey(
        "places.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    period = models.CharField(max_length=100, blank=True, help_text="The period the value covers")
    not_known_yet = models.BooleanField(default=False)

    class Meta:
        ordering = ["monitoring_return", "outcome", "authority"]
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "outcome", "authority"], name="unique_return_measure"
            ),
            models.CheckConstraint(
                condition=Q(not_known_yet=False) | Q(value__isnull=True),
                name="measure_unknown_has_no_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} in {self.authority}"


class ReturnReminder(models.Model):
    """A reminder sent about a return: at most one a day, whatever runs the task."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Due soon"
        DUE = "due", "Due today"
        OVERDUE = "overdue", "Overdue"

    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()
    sent_to = models.JSONField(default=list)

    class Meta:
        ordering = ["monitoring_return", "sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "sent_on"], name="one_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder on {self.sent_on}"
