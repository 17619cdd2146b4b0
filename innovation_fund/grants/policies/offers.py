"""Who may accept, decline and give more time to respond to a grant offer, and when.

Each answer comes from the row of `GRANT_LIFECYCLE` for the move, so the page's buttons, the
service's checks and the reasons shown agree. The person is checked first (an accountable
officer of the grantee accepts and declines; a programme manager extends the date), then the
state and the row's guard (an offer is accepted only until its date to respond by).
"""

from innovation_fund.core.permissions import ALLOWED, Permission, refused

from ..models import Grant
from ..offer_lifecycle import GRANT_LIFECYCLE
from .grants import ACCOUNTABLE_OFFICER, PROGRAMME_MANAGER, holds

DOING = {
    "accept": (ACCOUNTABLE_OFFICER, "accept this offer"),
    "decline": (ACCOUNTABLE_OFFICER, "decline this offer"),
    "extend_response_date": (PROGRAMME_MANAGER, "give more time to respond to an offer"),
}


def why_offer_cannot_move(grant: Grant, action: str) -> str:
    """Why nobody may take `action` on this grant's offer now ("" when it may be taken)."""
    row = GRANT_LIFECYCLE.row(grant.state, action)
    if row is None:
        if grant.state == Grant.State.RECORDED:
            return "This grant was recorded from published sources: it has no offer to answer."
        return f"The offer has been answered: the grant is {grant.get_state_display().lower()}."
    reasons = row.reasons_not_now(grant)
    return reasons[0] if reasons else ""


def may_move_offer(user, grant: Grant, action: str) -> Permission:
    """May this person accept ("accept"), decline ("decline") or extend the date to respond by
    ("extend_response_date") of this grant's offer now?"""
    role, doing = DOING[action]
    permission = holds(user, grant, role, doing)
    if not permission:
        return permission
    reason = why_offer_cannot_move(grant, action)
    return refused(reason) if reason else ALLOWED
