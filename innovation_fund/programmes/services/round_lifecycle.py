"""Moving a funding round along its lifecycle (`programmes.lifecycle.ROUND_LIFECYCLE`).

Each move: the policy says whether this person may (from the table's `who`), the table says
whether it may happen from the round's state now (its guards give the reasons), then the stored
state changes and the audit event is written, all in one transaction.
"""

from django.db import transaction

from innovation_fund.core.audit import record

from ..lifecycle import ROUND_LIFECYCLE, STORED_STATE
from ..models import Round
from ..policies import holds_round_role_for
from ..signals import round_visibility_changed

# The audit event each move writes (read as "Round: published" on the history page).
AUDIT_ACTIONS = {
    "publish": "round.published",
    "unpublish": "round.unpublished",
    "announce_decisions": "round.decisions_announced",
    "complete": "round.completed",
}


def publish_round(user, funding_round: Round) -> Round:
    """Show the round on the public pages; it takes bids between its times."""
    return _move(user, funding_round, "publish", visibility_changes=True)


def unpublish_round(user, funding_round: Round) -> Round:
    """Take a round that has not opened yet back to draft."""
    return _move(user, funding_round, "unpublish", visibility_changes=True)


def complete_round(user, funding_round: Round) -> Round:
    """Every decision in the round has been announced."""
    return _move(user, funding_round, "complete")


def mark_decisions_announced(user, funding_round: Round) -> Round:
    """Record that decisions on the round's bids have been announced. Called by the
    announcement of awards inside its own transaction; a later batch finds the round already
    announced and changes nothing."""
    return _move(user, funding_round, "announce_decisions")


def _move(user, funding_round: Round, action: str, *, visibility_changes: bool = False) -> Round:
    with transaction.atomic():
        current = (
            Round.objects.select_for_update().select_related("programme").get(pk=funding_round.pk)
        )
        holds_round_role_for(user, current, action).enforce()
        row = ROUND_LIFECYCLE.check(current, action)  # refuses with every reason it has
        before = current.state
        after = STORED_STATE[row.target]
        if before == after:
            return current
        current.state = after
        current.version += 1
        current.save(update_fields=["state", "version"])
        record(
            actor=user,
            action=AUDIT_ACTIONS[action],
            target=current,
            before={"state": before},
            after={"state": after},
        )
        if visibility_changes:
            round_visibility_changed.send(sender=Round, funding_round=current)
    funding_round.state, funding_round.version = current.state, current.version
    return current
