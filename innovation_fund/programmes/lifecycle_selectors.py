"""What a round's page offers of its lifecycle: the moves this person could make from its state
now, and for each one blocked, every reason (from the table's guards, through the policy)."""

from dataclasses import dataclass

from django.urls import reverse

from innovation_fund.core.transitions import Transition

from .lifecycle import PAGE_ACTIONS, ROUND_LIFECYCLE
from .models import Round
from .policies import holds_round_role_for, may_act_on_round


@dataclass
class LifecycleAction:
    row: Transition
    url: str
    reasons: list[str]


def reasons_not_now(user, funding_round: Round, action: str) -> list[str]:
    """Every reason the person may not take `action` now (empty when they may)."""
    permission = may_act_on_round(user, funding_round, action)
    if permission:
        return []
    row = ROUND_LIFECYCLE.row(funding_round.lifecycle_state, action)
    if row is not None and holds_round_role_for(user, funding_round, action):
        return row.reasons_not_now(funding_round) or [permission.reason]
    return [permission.reason]


def round_lifecycle_actions(user, funding_round: Round) -> list[LifecycleAction]:
    """The page's moves from the round's state now that this person's roles allow, each with
    the reasons it is blocked (none when it is not)."""
    actions = []
    for row in ROUND_LIFECYCLE.available(funding_round.lifecycle_state):
        if row.action not in PAGE_ACTIONS or not holds_round_role_for(
            user, funding_round, row.action
        ):
            continue
        url = reverse(f"programmes:round_{row.action}", args=[funding_round.pk])
        reasons = reasons_not_now(user, funding_round, row.action)
        actions.append(LifecycleAction(row, url, reasons))
    return actions
