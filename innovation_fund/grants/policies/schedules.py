"""Who may build and change a grant's payment schedule and its release conditions, and when.

The programme's managers do, while the grant is offered or accepted (a declined or handed-back
grant pays nothing more; a grant recorded from published sources has no schedule here). An
instalment with money requested, approved or paid against it is "touched": it, and its release
conditions, never change again, whoever asks.
"""

from innovation_fund.core.permissions import ALLOWED, Permission, refused

from ..models import Grant, ReleaseCondition
from ..money import Money
from .grants import PROGRAMME_MANAGER, holds

SCHEDULED_STATES = (Grant.State.OFFERED, Grant.State.ACCEPTED)
CONFIRMED_BY_A_PERSON = (ReleaseCondition.Kind.CONFIRMED, ReleaseCondition.Kind.EVALUATION_PLAN)


def why_schedule_is_fixed(grant: Grant) -> str:
    """Why nobody may change this grant's schedule now ("" when it may change)."""
    if grant.decision_id is None:
        return (
            "This grant was recorded from published sources: no source gives its payment "
            "schedule, so it has none in this service."
        )
    if grant.state not in SCHEDULED_STATES:
        return (
            f"The grant is {grant.get_state_display().lower()}: its payment schedule can no "
            "longer change."
        )
    return ""


def may_change_schedule(user, grant: Grant) -> Permission:
    """May this person build or change this grant's schedule and release conditions now?"""
    permission = holds(user, grant, PROGRAMME_MANAGER, "build and change payment schedules")
    if not permission:
        return permission
    reason = why_schedule_is_fixed(grant)
    return refused(reason) if reason else ALLOWED


def is_touched(money: Money) -> bool:
    """Money requested, approved or paid against the instalment: it never changes again."""
    return money.spoken_for_pence > 0


def why_instalment_is_fixed(number: int, money: Money) -> str:
    if is_touched(money):
        return (
            f"Instalment {number} has money requested, approved or paid against it: it and its "
            "release conditions can no longer change."
        )
    return ""


def why_condition_cannot_be_confirmed(condition: ReleaseCondition) -> str:
    """Why nobody may confirm this condition ("" when a manager may)."""
    if condition.kind not in CONFIRMED_BY_A_PERSON:
        return (
            f"‘{condition.get_kind_display()}’ is met by the record it names, not confirmed by "
            "a person."
        )
    if condition.confirmed_at is not None:
        return "This condition has already been confirmed."
    return ""


def may_confirm_condition(user, condition: ReleaseCondition, grant: Grant) -> Permission:
    permission = holds(user, grant, PROGRAMME_MANAGER, "confirm release conditions")
    if not permission:
        return permission
    reason = why_schedule_is_fixed(grant) or why_condition_cannot_be_confirmed(condition)
    return refused(reason) if reason else ALLOWED
