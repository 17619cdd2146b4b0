"""Who may ask for, record, decide and withdraw a grant's variations.

- The grantee's accountable officers ask for a variation; the programme's managers record one
  (one they agreed with the grantee, say). Either way the grant must be live and have no other
  variation waiting (`variation_lifecycle`).
- A programme manager approves or refuses it.
- Whoever asked withdraws it: the grantee's accountable officers for one the grantee asked for,
  the programme's managers for one they recorded.

Everyone who sees the grant sees its variations (`grants.policies.grants`); anyone else gets 404.
"""

from django.db.models import QuerySet

from innovation_fund.core.permissions import ALLOWED, Permission, refused

from ..models import Grant, Variation
from ..variation_lifecycle import VARIATION_LIFECYCLE, reasons_grant_cannot_be_varied
from .grants import (
    ACCOUNTABLE_OFFICER,
    PROGRAMME_MANAGER,
    grants_of_grantee,
    grants_of_programme_team,
    holds,
)


def variations_of_programme_team(user) -> QuerySet[Variation]:
    return Variation.objects.filter(grant__in=grants_of_programme_team(user))


def variations_of_grantee(user) -> QuerySet[Variation]:
    return Variation.objects.filter(grant__in=grants_of_grantee(user))


def waiting_variation(grant: Grant) -> Variation | None:
    """The grant's variation waiting for a decision, if any (there is at most one)."""
    return grant.variations.filter(state=Variation.State.REQUESTED).first()


def _may_start(user, grant: Grant, role: str, doing: str, waiting: Variation | None) -> Permission:
    permission = holds(user, grant, role, doing)
    if not permission:
        return permission
    reasons = reasons_grant_cannot_be_varied(grant, waiting=waiting)
    return refused(reasons[0]) if reasons else ALLOWED


def may_ask_for_variation(user, grant: Grant, *, waiting: Variation | None) -> Permission:
    """May this person ask, for the grantee, for a variation of this grant now?"""
    return _may_start(user, grant, ACCOUNTABLE_OFFICER, "ask for a variation", waiting)


def may_record_variation(user, grant: Grant, *, waiting: Variation | None) -> Permission:
    """May this person record a variation of this grant for the programme team now?"""
    return _may_start(user, grant, PROGRAMME_MANAGER, "record a variation", waiting)


def _may_move(user, variation: Variation, action: str, role: str, doing: str) -> Permission:
    permission = holds(user, variation.grant, role, doing)
    if not permission:
        return permission
    row = VARIATION_LIFECYCLE.row(variation.state, action)
    if row is None:
        return refused(
            f"This variation has been {variation.get_state_display().lower()}: it cannot be "
            "changed now."
        )
    reasons = row.reasons_not_now(variation)
    return refused(reasons[0]) if reasons else ALLOWED


def may_decide_variation(user, variation: Variation, action: str) -> Permission:
    """May this person approve (action "approve") or refuse ("refuse") this variation now?"""
    return _may_move(user, variation, action, PROGRAMME_MANAGER, "decide variations")


def withdrawer_role(variation: Variation) -> str:
    """Who withdraws: the side that asked."""
    return ACCOUNTABLE_OFFICER if variation.asked_by_grantee else PROGRAMME_MANAGER


def may_withdraw_variation(user, variation: Variation) -> Permission:
    if variation.asked_by_grantee:
        doing = "withdraw a variation the grantee asked for"
    else:
        doing = "withdraw a variation the programme team recorded"
    return _may_move(user, variation, "withdraw", withdrawer_role(variation), doing)
