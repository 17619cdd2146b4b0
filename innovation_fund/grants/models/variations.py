"""Changes to a grant after it is accepted: asked for by the grantee or recorded by the programme
team, and approved or refused by a programme manager. An approved variation changes the grant
(its amount, years, end date, scope or partners), rebuilds the instalments not yet paid, and
keeps the grant as it stood before (`before`) and after (`after`): every version stays."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .projects_and_grants import Grant


class Variation(models.Model):
    class Kind(models.TextChoices):
        REPROFILE = "reprofile", "Move money between financial years"
        EXTEND = "extend", "Extend the end date"
        SCOPE = "scope", "Change the scope"
        PARTNERS = "partners", "Change the partners"
        AMOUNT = "amount", "Change the amount"
        HAND_BACK = "hand_back", "Hand the grant back"

    class State(models.TextChoices):
        REQUESTED = "requested", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="variations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    reason = models.TextField(help_text="Why the change is needed")
    asked_by_grantee = models.BooleanField(
        help_text="Asked for by the grantee; otherwise recorded by the programme team"
    )
    proposed_amount_pence = models.BigIntegerField(null=True, blank=True)
    proposed_years = models.JSONField(
        default=dict, blank=True, help_text="Financial year start → pence, for the whole grant"
    )
    proposed_ends_on = models.DateField(null=True, blank=True)
    proposed_scope = models.TextField(blank=True)
    proposed_partners = models.JSONField(
        default=list, blank=True, help_text="The partners' names after the change"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reasons = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True, help_text="The grant before approval")
    after = models.JSONField(default=dict, blank=True, help_text="The grant after approval")
    version_made = models.PositiveIntegerField(
        null=True, blank=True, help_text="The grant's version this variation made"
    )

    class Meta:
        ordering = ["grant", "requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.grant}"
