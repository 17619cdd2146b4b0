"""A monitoring return's lifecycle, declared once: state → action → who may → next state.

    not started / in progress ──save (the grantee)──▶ in progress
    changes asked for ──save──▶ changes asked for
    in progress / changes asked for ──submit (an accountable officer)──▶ submitted
    submitted ──accept (a programme manager)──▶ accepted
    submitted ──ask_for_changes (a programme manager, with comments)──▶ changes asked for

Only an accepted (live) grant reports: the guard says so.
"""

from innovation_fund.core.transitions import Lifecycle, transition

from .models import Grant, MonitoringReturn
from .policies.grants import ACCOUNTABLE_OFFICER, GRANTEE, PROGRAMME_MANAGER

State = MonitoringReturn.State
WAITING_FOR_THE_GRANTEE = (State.NOT_STARTED, State.IN_PROGRESS, State.CHANGES_REQUESTED)


def _grant_is_live(monitoring_return) -> list[str]:
    if monitoring_return.grant.state != Grant.State.ACCEPTED:
        return ["Only an accepted grant sends monitoring returns."]
    return []


RETURN_LIFECYCLE = Lifecycle(
    "return",
    {state.value: state.label for state in State},
    [
        transition(
            "save",
            sources=[State.NOT_STARTED, State.IN_PROGRESS],
            target=State.IN_PROGRESS,
            who=[GRANTEE],
            label="Save the return",
            guards=[_grant_is_live],
        ),
        transition(
            "save",
            sources=[State.CHANGES_REQUESTED],
            target=State.CHANGES_REQUESTED,
            who=[GRANTEE],
            label="Save the return",
            guards=[_grant_is_live],
        ),
        transition(
            "submit",
            sources=[State.IN_PROGRESS, State.CHANGES_REQUESTED],
            target=State.SUBMITTED,
            who=[ACCOUNTABLE_OFFICER],
            label="Submit the return",
            guards=[_grant_is_live],
        ),
        transition(
            "accept",
            sources=[State.SUBMITTED],
            target=State.ACCEPTED,
            who=[PROGRAMME_MANAGER],
            label="Accept the return",
        ),
        transition(
            "ask_for_changes",
            sources=[State.SUBMITTED],
            target=State.CHANGES_REQUESTED,
            who=[PROGRAMME_MANAGER],
            label="Ask for changes",
        ),
    ],
)
