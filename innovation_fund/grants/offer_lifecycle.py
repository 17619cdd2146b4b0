"""The lifecycle of a grant after its award, declared once.

    offered ──accept (an accountable officer, by the date to respond by)──▶ accepted
    offered ──decline (an accountable officer, with a reason)────────────▶ declined
    offered ──extend_response_date (a programme manager)─────────────────▶ offered
    accepted ──hand_back (the system: a hand-back variation approved)────▶ handed_back

A grant recorded from published sources ("recorded") has no moves: nobody in this service
offered it, so nobody here accepts it. Nothing is paid until the offer is accepted
(`grants.conditions`), and a declined offer's money goes back to the round's headroom
(`Grant.commits_money`).
"""

from innovation_fund.core.dates import format_date, london_today
from innovation_fund.core.transitions import Lifecycle, transition

from .models import Grant
from .policies.grants import ACCOUNTABLE_OFFICER, PROGRAMME_MANAGER

State = Grant.State
SYSTEM = "system"  # no person takes this move: another service does, as part of its own


def _not_past_respond_by(grant: Grant) -> list[str]:
    if grant.respond_by is None or london_today() <= grant.respond_by:
        return []
    return [
        f"This offer had to be accepted by {format_date(grant.respond_by)}, and that date has "
        "passed. Contact the programme team: they can give you more time to respond."
    ]


GRANT_LIFECYCLE = Lifecycle(
    "grant",
    dict(State.choices),
    [
        transition(
            "accept",
            sources=[State.OFFERED],
            target=State.ACCEPTED,
            who=[ACCOUNTABLE_OFFICER],
            label="Accept the offer",
            guards=[_not_past_respond_by],
            description="Accept the grant and its conditions for the organisation.",
        ),
        transition(
            "decline",
            sources=[State.OFFERED],
            target=State.DECLINED,
            who=[ACCOUNTABLE_OFFICER],
            label="Decline the offer",
            description="Turn the grant down, saying why. Its money goes back to the round.",
        ),
        transition(
            "extend_response_date",
            sources=[State.OFFERED],
            target=State.OFFERED,
            who=[PROGRAMME_MANAGER],
            label="Extend the date to respond by",
            description="Give the grantee more time to accept or decline.",
        ),
        transition(
            "hand_back",
            sources=[State.ACCEPTED],
            target=State.HANDED_BACK,
            who=[SYSTEM],
            label="Hand the grant back",
            description="Made by approving a hand-back variation.",
        ),
    ],
)
