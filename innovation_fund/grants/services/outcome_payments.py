"""Payment by results: a grant's outcome payment terms, and the verification of what its grantee
claims against them.

What a verified claim makes due is worked out here and only here (`due_sum`): verified units ×
price, never past what is left of the term's cap, nor what is left of the grant's outcome budget
(the total of its payment-by-results instalments), never negative, all in whole pence. The terms'
caps together may come to more than the budget: whichever runs out first stops the payments.
The payment itself then goes through the two-person release (`services.payments`).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from innovation_fund.core.audit import record, snapshot
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.money import format_gbp
from innovation_fund.programmes.models import Outcome

from ..models import Grant, Instalment, OutcomeClaim, OutcomePaymentTerm
from ..policies.outcome_payments import (
    CLAIM_LIFECYCLE,
    may_remove_outcome_term,
    may_set_outcome_terms,
    may_verify_claim,
)

Verified = OutcomeClaim.State.VERIFIED
FIELDS_VERIFIED = [
    "state",
    "units_verified",
    "verification_reason",
    "amount_due_pence",
    "verified_at",
    "verified_by",
]
SNAPSHOT_VERIFIED = [
    name if name != "verified_by" else "verified_by_id" for name in FIELDS_VERIFIED
]


@dataclass(frozen=True)
class DueSum:
    """The arithmetic of one claim's verification, as the Verify page shows it and the audit
    event keeps it."""

    units: int
    price_pence: int
    cap_left_pence: int
    budget_left_pence: int

    @property
    def units_times_price_pence(self) -> int:
        return self.units * self.price_pence

    @property
    def due_pence(self) -> int:
        return max(
            0, min(self.units_times_price_pence, self.cap_left_pence, self.budget_left_pence)
        )

    @property
    def limited_by(self) -> str:
        """ "" when the full units × price is due, else "the cap" or "the outcome budget"."""
        if self.due_pence == self.units_times_price_pence:
            return ""
        if self.cap_left_pence <= self.budget_left_pence:
            return "the cap"
        return "the outcome budget"

    def explained(self) -> str:
        """'12 units × £1,500 = £18,000; cap left £10,000; outcome budget left £25,000 → due
        £10,000'."""
        unit_word = "unit" if self.units == 1 else "units"
        return (
            f"{self.units:,} {unit_word} × {format_gbp(self.price_pence)} = "
            f"{format_gbp(self.units_times_price_pence)}; "
            f"cap left {format_gbp(self.cap_left_pence)}; "
            f"outcome budget left {format_gbp(self.budget_left_pence)} → "
            f"due {format_gbp(self.due_pence)}"
        )


def outcome_budget_pence(grant_id: int) -> int:
    """The total of the grant's payment-by-results instalments. One query."""
    total = Instalment.objects.filter(grant_id=grant_id, kind=Instalment.Kind.OUTCOMES).aggregate(
        total=Sum("amount_pence")
    )["total"]
    return total or 0


def due_sum(claim: OutcomeClaim, units: int) -> DueSum:
    """What verifying `units` of this claim would make due, given what the grant's other verified
    claims already have. Three queries (the term is read from the claim as loaded)."""
    term = claim.term
    others = (
        OutcomeClaim.objects.filter(term__grant_id=term.grant_id, state=Verified)
        .exclude(pk=claim.pk)
        .aggregate(
            on_grant=Sum("amount_due_pence"),
            on_term=Sum("amount_due_pence", filter=Q(term_id=term.pk)),
        )
    )
    return DueSum(
        units=units,
        price_pence=term.price_per_unit_pence,
        cap_left_pence=max(0, term.cap_pence - (others["on_term"] or 0)),
        budget_left_pence=max(0, outcome_budget_pence(term.grant_id) - (others["on_grant"] or 0)),
    )


def _whole_pence(value, *, field: str, subject: str) -> list[DomainError]:
    if isinstance(value, bool) or not isinstance(value, int):
        return [DomainError(f"Enter {subject} in pounds and pence, like 1,500", field=field)]
    if value <= 0:
        return [
            DomainError(f"{subject[:1].upper()}{subject[1:]} must be more than £0", field=field)
        ]
    return []


@transaction.atomic
def add_outcome_term(
    user,
    grant: Grant,
    *,
    outcome: Outcome | None,
    price_per_unit_pence: int,
    cap_pence: int,
    evidence_required: str,
) -> OutcomePaymentTerm:
    """Pay the grant a price for each verified unit of an outcome from its programme's framework,
    up to a cap. The grant must have payment-by-results instalments (its outcome budget)."""
    grant = Grant.objects.select_for_update().select_related("round", "recipient").get(pk=grant.pk)
    may_set_outcome_terms(user, grant).enforce()
    errors: list[DomainError] = []
    if outcome is None:
        errors.append(DomainError("Choose the outcome to pay for", field="outcome"))
    elif (
        outcome.programme_id != grant.round.programme_id
        or outcome.retired_at is not None
        or outcome.added_at > timezone.now()
    ):
        errors.append(
            DomainError(
                "Choose an outcome in the programme’s current outcome framework", field="outcome"
            )
        )
    elif OutcomePaymentTerm.objects.filter(grant=grant, outcome=outcome).exists():
        errors.append(DomainError(f"The grant already pays for {outcome.name}", field="outcome"))
    price_errors = _whole_pence(
        price_per_unit_pence, field="price_per_unit_pence", subject="the price per unit"
    )
    cap_errors = _whole_pence(cap_pence, field="cap_pence", subject="the cap")
    errors += price_errors + cap_errors
    if not price_errors and not cap_errors and price_per_unit_pence > cap_pence:
        errors.append(
            DomainError("The cap must be at least the price of one unit", field="cap_pence")
        )
    if not (evidence_required or "").strip():
        errors.append(
            DomainError("Say what evidence the grantee must give", field="evidence_required")
        )
    if outcome_budget_pence(grant.pk) <= 0:
        errors.append(
            DomainError(
                "The grant has no payment-by-results instalments: add them to its payment "
                "schedule first, so that it has an outcome budget to pay from"
            )
        )
    if errors:
        raise DomainErrors(errors)
    term = OutcomePaymentTerm.objects.create(
        grant=grant,
        outcome=outcome,
        price_per_unit_pence=price_per_unit_pence,
        cap_pence=cap_pence,
        evidence_required=evidence_required.strip(),
        created_by=user,
    )
    record(
        actor=user,
        action="grants.outcome_term_added",
        target=term,
        after={**snapshot(term), "outcome": outcome.name},
    )
    return term


@transaction.atomic
def remove_outcome_term(user, term: OutcomePaymentTerm) -> None:
    """Take an outcome payment off the grant, while nothing has been claimed against it."""
    grant = Grant.objects.select_for_update().select_related("recipient").get(pk=term.grant_id)
    term = OutcomePaymentTerm.objects.select_related("outcome").get(pk=term.pk)
    term.grant = grant
    may_remove_outcome_term(user, term, claims=term.claims.count()).enforce()
    record(
        actor=user,
        action="grants.outcome_term_removed",
        target=term,
        before={**snapshot(term), "outcome": term.outcome.name},
    )
    term.delete()


@transaction.atomic
def verify_claim(
    user, claim: OutcomeClaim, *, units_verified: int, reason: str = ""
) -> OutcomeClaim:
    """Accept `units_verified` of the units claimed (fewer only with a reason) and fix the amount
    due. The grant's row is locked first, so two verifications of its claims never both spend
    the same cap or budget."""
    grant = (
        Grant.objects.select_for_update()
        .select_related("round", "recipient")
        .get(pk=claim.term.grant_id)
    )
    claim = (
        OutcomeClaim.objects.select_for_update(of=("self",))
        .select_related("term__outcome", "monitoring_return")
        .get(pk=claim.pk)
    )
    claim.term.grant = grant
    may_verify_claim(user, claim).enforce()
    CLAIM_LIFECYCLE.check(claim, "verify")
    reason = (reason or "").strip()
    if isinstance(units_verified, bool) or not isinstance(units_verified, int):
        raise DomainError(
            "Enter the units verified as a whole number, like 12", field="units_verified"
        )
    if units_verified < 0:
        raise DomainError("The units verified must be 0 or more", field="units_verified")
    if units_verified > claim.units_claimed:
        raise DomainError(
            f"The units verified must be {claim.units_claimed:,} or fewer: no more than were "
            "claimed",
            field="units_verified",
        )
    if units_verified < claim.units_claimed and not reason:
        raise DomainError("Say why fewer units are accepted than were claimed", field="reason")
    sum_ = due_sum(claim, units_verified)
    before = snapshot(claim, SNAPSHOT_VERIFIED)
    claim.state = Verified
    claim.units_verified = units_verified
    claim.verification_reason = reason
    claim.amount_due_pence = sum_.due_pence
    claim.verified_at = timezone.now()
    claim.verified_by = user
    claim.save(update_fields=FIELDS_VERIFIED)
    record(
        actor=user,
        action="grants.outcome_claim_verified",
        target=claim,
        before=before,
        after={
            **snapshot(claim, SNAPSHOT_VERIFIED),
            "grant_id": grant.pk,
            "units_claimed": claim.units_claimed,
            "price_per_unit_pence": sum_.price_pence,
            "cap_left_pence": sum_.cap_left_pence,
            "budget_left_pence": sum_.budget_left_pence,
            "sum": sum_.explained(),
        },
    )
    return claim
