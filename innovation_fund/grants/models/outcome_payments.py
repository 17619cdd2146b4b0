"""Payment by results: a grant pays a price for each unit of an outcome achieved, up to a cap.

The grantee claims units in a monitoring return; a programme manager verifies them (accepting
fewer with a reason); what is due (verified units × price, never past the term's cap nor the
grant's payment-by-results instalments) is paid through the same two-person release as any
instalment."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .projects_and_grants import Grant


class OutcomePaymentTerm(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="outcome_terms")
    outcome = models.ForeignKey(
        "programmes.Outcome", on_delete=models.PROTECT, related_name="payment_terms"
    )
    price_per_unit_pence = models.BigIntegerField()
    cap_pence = models.BigIntegerField(help_text="The most this term can ever pay")
    evidence_required = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["grant", "id"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "outcome"], name="unique_outcome_term"),
            models.CheckConstraint(condition=Q(price_per_unit_pence__gt=0), name="price_positive"),
            models.CheckConstraint(condition=Q(cap_pence__gt=0), name="cap_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} at {self.price_per_unit_pence}p a unit"


class OutcomeClaim(models.Model):
    class State(models.TextChoices):
        CLAIMED = "claimed", "Waiting for verification"
        VERIFIED = "verified", "Verified"

    term = models.ForeignKey(OutcomePaymentTerm, on_delete=models.PROTECT, related_name="claims")
    monitoring_return = models.ForeignKey(
        "grants.MonitoringReturn", on_delete=models.PROTECT, related_name="outcome_claims"
    )
    units_claimed = models.PositiveIntegerField()
    evidence = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.CLAIMED)
    units_verified = models.PositiveIntegerField(null=True, blank=True)
    verification_reason = models.TextField(
        blank=True, help_text="Why fewer units were accepted than claimed"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_due_pence = models.BigIntegerField(
        null=True, blank=True, help_text="Verified units × price, within the cap, when verified"
    )

    class Meta:
        ordering = ["term", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "monitoring_return"], name="one_claim_per_term_and_return"
            ),
            models.CheckConstraint(
                condition=Q(units_verified__isnull=True)
                | Q(units_verified__lte=models.F("units_claimed")),
                name="verified_at_most_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.units_claimed} units of {self.term.outcome}"
