"""Who may see and do what to insights.

The team: a manager of an insight's programme may read, write, publish and unpublish it;
anyone else gets 404 from the manage pages, as if it were not there. The public sees only
published insights (`Insight.objects.published()`).
"""

from django.db.models import QuerySet

from innovation_fund.core.permissions import ALLOWED, Permission, refused
from innovation_fund.programmes.models import Programme, ProgrammeRole
from innovation_fund.programmes.policies import programmes_managed_by

from .lifecycle import INSIGHT_LIFECYCLE, PROGRAMME_MANAGER
from .models import Insight

NOT_YOURS = "Only the programme’s managers may write and publish its insights"
EDIT_ACTIONS = {"view", "edit"}


def insights_visible_to(user) -> QuerySet[Insight]:
    """The insights of the programmes this person manages (none for anyone else)."""
    return Insight.objects.filter(programme__in=programmes_managed_by(user))


def roles_for(user, programme_id: int) -> set[str]:
    """The lifecycle table's roles this person holds for a programme's insights."""
    if not user.is_authenticated:
        return set()
    manages = ProgrammeRole.objects.filter(
        user=user, programme_id=programme_id, role=ProgrammeRole.Role.PROGRAMME_MANAGER
    ).exists()
    return {PROGRAMME_MANAGER} if manages else set()


def may_add_insight(user, programme: Programme) -> Permission:
    if PROGRAMME_MANAGER not in roles_for(user, programme.pk):
        return refused(NOT_YOURS)
    return ALLOWED


def holds_role_for(user, action: str, insight: Insight) -> Permission:
    """Does this person hold a role the table's rows for `action` name (whatever the state)?
    The services check this, then let the lifecycle give every reason it cannot happen now."""
    who = frozenset().union(*(row.who for row in INSIGHT_LIFECYCLE.rows_for(action)))
    if not who & roles_for(user, insight.programme_id):
        return refused(NOT_YOURS)
    return ALLOWED


def may(user, action: str, insight: Insight) -> Permission:
    """May this person do `action` ("view", "edit" or a lifecycle action) to the insight now?
    With the reason when not: not theirs, not from this state, or what must be done first."""
    if action in EDIT_ACTIONS:
        if PROGRAMME_MANAGER not in roles_for(user, insight.programme_id):
            return refused(NOT_YOURS)
        return ALLOWED
    role = holds_role_for(user, action, insight)
    if not role:
        return role
    row = INSIGHT_LIFECYCLE.row(insight.state, action)
    if row is None:
        verb = INSIGHT_LIFECYCLE.rows_for(action)[0].label
        return refused(
            f"‘{verb}’ cannot be done while the insight is "
            f"{INSIGHT_LIFECYCLE.label_of(insight.state).lower()}"
        )
    reasons = row.reasons_not_now(insight)
    return refused(reasons[0]) if reasons else ALLOWED
