"""The lifecycle of an announcement of awards (an `AwardBatch`), declared once.

    prepared ──approve (another programme manager; four eyes)──▶ announced
    prepared ──cancel (a programme manager)──▶ cancelled

Who approves is the policy's question (`policies.may_approve_announcement`): never the manager
who prepared it, unless the programme says it has a single manager.
"""

from innovation_fund.core.transitions import Lifecycle, transition

from .models import AwardBatch

State = AwardBatch.State

AWARD_BATCH_LIFECYCLE = Lifecycle(
    "announcement",
    dict(State.choices),
    [
        transition(
            "approve",
            sources=[State.PREPARED],
            target=State.ANNOUNCED,
            who=["programme_manager"],
            label="Approve and announce",
        ),
        transition(
            "cancel",
            sources=[State.PREPARED],
            target=State.CANCELLED,
            who=["programme_manager"],
            label="Cancel the announcement",
        ),
    ],
)
