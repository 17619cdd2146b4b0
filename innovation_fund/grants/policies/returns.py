"""Who may fill in, submit and review monitoring returns, and which returns they see: the
grantee's members fill them in and its accountable officers submit them; the programme's
managers accept them or ask for changes; programme managers and finance officers see the
overdue list."""

from django.db.models import QuerySet

from innovation_fund.core.permissions import ALLOWED, Permission, refused
from innovation_fund.programmes.models import ProgrammeRole

from ..models import MonitoringReturn
from ..return_lifecycle import RETURN_LIFECYCLE
from .grants import ACCOUNTABLE_OFFICER, GRANTEE, PROGRAMME_MANAGER, roles_for

WHO = {
    GRANTEE: "people at the grantee",
    ACCOUNTABLE_OFFICER: "the grantee's accountable officers",
    PROGRAMME_MANAGER: "the programme's managers",
}
TEAM_ROLES = (ProgrammeRole.Role.PROGRAMME_MANAGER, ProgrammeRole.Role.FINANCE_OFFICER)


def returns_watched_by(user) -> QuerySet[MonitoringReturn]:
    """Returns of the programmes where the person is a manager or a finance officer."""
    if not user.is_authenticated:
        return MonitoringReturn.objects.none()
    programmes = ProgrammeRole.objects.filter(user=user, role__in=TEAM_ROLES).values("programme_id")
    return MonitoringReturn.objects.filter(grant__round__programme_id__in=programmes)


def watches_returns(user) -> bool:
    """A programme manager or finance officer of some programme (the overdue list is theirs)."""
    return (
        user.is_authenticated
        and ProgrammeRole.objects.filter(user=user, role__in=TEAM_ROLES).exists()
    )


def may_move_return(
    user, monitoring_return: MonitoringReturn, action: str, *, roles: set | None = None
) -> Permission:
    row = RETURN_LIFECYCLE.row(monitoring_return.state, action)
    if row is None:
        label = RETURN_LIFECYCLE.rows_for(action)[0].label
        state = monitoring_return.get_state_display().lower()
        return refused(f"‘{label}’ cannot be done: the return is {state}.")
    held = roles if roles is not None else roles_for(user, monitoring_return.grant)
    if not held & set(row.who):
        return refused(f"Only {WHO[next(iter(row.who))]} can {row.label.lower()}.")
    reasons = row.reasons_not_now(monitoring_return)
    return refused(reasons[0]) if reasons else ALLOWED
