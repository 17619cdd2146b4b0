"""Who may set a grant's outcome payments and verify what its grantee claims, and when.

An outcome claim's life, declared once:

    claimed ──verify (a programme manager; the claim's return submitted or accepted)──▶ verified

Terms are set and removed by the programme's managers while the grant is live (accepted); a term
goes only while nothing has been claimed against it. Everyone who sees the grant sees its terms
and claims (`grants.policies.grants`); anyone else gets 404.
"""

from django.db.models import QuerySet

from innovation_fund.core.permissions import ALLOWED, Permission, refused
from innovation_fund.core.transitions import Lifecycle, transition

from ..models import Grant, MonitoringReturn, OutcomeClaim, OutcomePaymentTerm
from .grants import PROGRAMME_MANAGER, grants_of_grantee, grants_of_programme_team, holds

ClaimState = OutcomeClaim.State
ReturnState = MonitoringReturn.State

# A claim is verified from what its return reports: the grantee must have sent it in.
RETURN_STATES_TO_VERIFY = (ReturnState.SUBMITTED, ReturnState.ACCEPTED)


def _return_sent_in(claim: OutcomeClaim) -> list[str]:
    if claim.monitoring_return.state in RETURN_STATES_TO_VERIFY:
        return []
    return [
        f"Return {claim.monitoring_return.number} has not been submitted yet: claims are "
        "verified once their return is submitted"
    ]


CLAIM_LIFECYCLE = Lifecycle(
    "outcome claim",
    dict(ClaimState.choices),
    [
        transition(
            "verify",
            sources=[ClaimState.CLAIMED],
            target=ClaimState.VERIFIED,
            who=[PROGRAMME_MANAGER],
            label="Verify",
            guards=[_return_sent_in],
        ),
    ],
)


def terms_of_programme_team(user) -> QuerySet[OutcomePaymentTerm]:
    return OutcomePaymentTerm.objects.filter(grant__in=grants_of_programme_team(user))


def claims_of_programme_team(user) -> QuerySet[OutcomeClaim]:
    return OutcomeClaim.objects.filter(term__grant__in=grants_of_programme_team(user))


def claims_of_grantee(user) -> QuerySet[OutcomeClaim]:
    return OutcomeClaim.objects.filter(term__grant__in=grants_of_grantee(user))


def may_set_outcome_terms(user, grant: Grant) -> Permission:
    """May this person add (or remove) the grant's outcome payment terms now?"""
    role = holds(user, grant, PROGRAMME_MANAGER, "set outcome payments")
    if not role:
        return role
    if not grant.is_live:
        return refused(
            f"Outcome payments can be set only on an accepted grant: this one is "
            f"{grant.get_state_display().lower()}."
        )
    return ALLOWED


def may_remove_outcome_term(user, term: OutcomePaymentTerm, *, claims: int) -> Permission:
    """`claims` is how many claims the term has (the caller has counted them)."""
    allowed = may_set_outcome_terms(user, term.grant)
    if not allowed:
        return allowed
    if claims:
        return refused(
            f"{term.outcome.name} has {claims} claim{'s' if claims != 1 else ''} against it: "
            "an outcome payment is removed only while nothing has been claimed."
        )
    return ALLOWED


def may_verify_claim(user, claim: OutcomeClaim) -> Permission:
    """May this person verify this claim now? Reads the claim's term, grant and return."""
    role = holds(user, claim.term.grant, PROGRAMME_MANAGER, "verify outcome claims")
    if not role:
        return role
    reason = why_claim_cannot_be_verified(claim)
    return refused(reason) if reason else ALLOWED


def why_claim_cannot_be_verified(claim: OutcomeClaim) -> str:
    """Why nobody may verify this claim now, whoever they are ("" when it may be verified): for
    pages that have checked the person's role once and ask this of every claim."""
    if not claim.term.grant.is_live:
        return "Claims are verified only on an accepted grant."
    row = CLAIM_LIFECYCLE.row(claim.state, "verify")
    if row is None:
        return "This claim has already been verified."
    reasons = row.reasons_not_now(claim)
    return reasons[0] if reasons else ""
