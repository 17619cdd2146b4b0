"""A grant's payment schedule and the money paid against it.

An instalment is money scheduled for a due date in a financial year; the instalments of a grant
sum exactly to its award, and in each financial year to its profile (`GrantYear`). A payment is
one entry in a ledger: requested by a programme manager, approved by a finance officer who did
not request it, then paid. A paid payment is never edited: a mistake is corrected by a reversing
entry (a negative amount that `reverses` the payment). Scheduled ≥ approved ≥ paid always.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .projects_and_grants import Grant


class Instalment(models.Model):
    class Kind(models.TextChoices):
        FIXED = "fixed", "Fixed instalment"
        OUTCOMES = "outcomes", "Payment by results"

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    financial_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the financial year starts in (2015 for 2015-16)"
    )
    amount_pence = models.BigIntegerField()
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.FIXED,
        help_text="Payment by results: paid only as verified outcome claims, up to the amount",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["grant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="unique_instalment_number"),
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="instalment_positive"),
        ]

    def __str__(self) -> str:
        return f"Instalment {self.number} of {self.grant}"


class ReleaseCondition(models.Model):
    """Something that must be true before an instalment may be paid."""

    class Kind(models.TextChoices):
        OFFER_ACCEPTED = "offer_accepted", "The offer is accepted"
        RETURN_ACCEPTED = "return_accepted", "A monitoring return is accepted"
        EVALUATION_PLAN = "evaluation_plan", "The evaluation plan is agreed"
        CONFIRMED = "confirmed", "Another condition, confirmed by a person with evidence"

    instalment = models.ForeignKey(Instalment, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    monitoring_return = models.ForeignKey(
        "grants.MonitoringReturn",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="release_conditions",
    )
    description = models.TextField(blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(blank=True, help_text="What shows the condition is met")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["instalment", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="return_accepted") | Q(monitoring_return__isnull=False),
                name="return_condition_names_return",
            )
        ]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()


class PaymentRun(models.Model):
    """Approved payments sent to the finance system together and recorded as paid in one step."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="payment_runs"
    )
    paid_on = models.DateField()
    finance_reference = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Payment run {self.finance_reference} on {self.paid_on}"


class Payment(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        PAID = "paid", "Paid"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="payments")
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="payments")
    outcome_claim = models.ForeignKey(
        "grants.OutcomeClaim",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount_pence = models.BigIntegerField(help_text="Negative for a reversing entry")
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    reason = models.TextField(blank=True, help_text="Why a reversing entry was made")

    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused_at = models.DateTimeField(null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_reason = models.TextField(blank=True)
    paid_on = models.DateField(null=True, blank=True)
    finance_reference = models.CharField(max_length=100, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    run = models.ForeignKey(
        PaymentRun, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )

    class Meta:
        ordering = ["grant", "requested_at", "id"]
        constraints = [
            # Separation of duties, kept by the database as well as the service.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("requested_by")),
                name="payment_approver_not_requester",
            ),
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0) | Q(reverses__isnull=False, amount_pence__lt=0),
                name="payment_positive_unless_reversal",
            ),
            models.CheckConstraint(
                condition=~Q(state="paid") | Q(paid_on__isnull=False),
                name="paid_payment_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Payment {self.pk} of {self.amount_pence}p to {self.grant}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None
