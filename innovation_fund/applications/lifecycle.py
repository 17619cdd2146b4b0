"""The bid lifecycle, declared once: state → action → who may → guard → next state.

    draft ──request_sign_off──▶ awaiting_sign_off ──return_to_draft──▶ draft
    draft / awaiting_sign_off ──submit (round open)──▶ submitted
    submitted ──find_eligible / find_not_eligible──▶ eligible / not_eligible (changeable until
        the panel decides)
    eligible ──complete_assessment (system: the last assessment is in)──▶ assessed
    assessed ──reopen_assessment (system: another assessor is assigned)──▶ eligible
    assessed ──moderate──▶ assessed
    eligible / assessed / approved / rejected / deferred ──approve / reject / defer──▶ …
    approved / rejected ──announce (round closed)──▶ announced  (→ grant, in a later issue)
    any state from submitted to deferred ──withdraw──▶ withdrawn

The services in `applications.services` and `assessment.services` move a bid only through
`BID_LIFECYCLE.check`, the policies answer from the same rows and the pages draw their buttons
from them. A draft is the organisation's own until it is submitted, so there is nothing to
withdraw before then: it is simply never sent.

Guards here look only at the bid and its round. The assessment's own conditions (every assigned
assessor has submitted; an announcement's incomplete assessments need a recorded reason) are
facts of the assessment app, a layer above: its services check them before the moves it makes.

Who may: "applicant" (any member of the lead organisation), "accountable_officer" (one of its
accountable officers), "programme_manager" and "moderator" (roles in the round's programme),
and "system" for the moves the service makes itself.
"""

from django.utils import timezone

from innovation_fund.core.errors import DomainError
from innovation_fund.core.transitions import Lifecycle, transition
from innovation_fund.programmes.models import Round

from . import rules
from .models import Application

State = Application.State

APPLICANT = "applicant"
ACCOUNTABLE_OFFICER = "accountable_officer"
PROGRAMME_MANAGER = "programme_manager"
MODERATOR = "moderator"
SYSTEM = "system"


# The round lifecycle's states (programmes.lifecycle.ROUND_LIFECYCLE) from its closing on.
ROUND_CLOSED_STATES = ("closed", "announced", "complete")


def round_has_closed(round: Round) -> bool:
    """Has the round closed for bids? Asked of the round lifecycle, in this one place."""
    return round.lifecycle_state in ROUND_CLOSED_STATES


def _round_open(application: Application) -> list[str]:
    try:
        rules.check_open(application.round, timezone.now(), doing="submit this bid")
        rules.check_may_lead(application.round, application.lead_organisation)
    except DomainError as refusal:
        return [refusal.message]
    return []


def _round_closed(application: Application) -> list[str]:
    if round_has_closed(application.round):
        return []
    return [
        f"Decisions are announced only after the round has closed: {application.round.name} "
        "is still open for bids."
    ]


# States in which a bid is with the programme: submitted and not yet withdrawn.
WITH_THE_PROGRAMME = (
    State.SUBMITTED,
    State.ELIGIBLE,
    State.NOT_ELIGIBLE,
    State.ASSESSED,
    State.APPROVED,
    State.REJECTED,
    State.DEFERRED,
    State.ANNOUNCED,
)
BEFORE_SUBMISSION = (State.DRAFT, State.AWAITING_SIGN_OFF)
# Assessors score while the bid is eligible and not yet decided.
BEING_SCORED = (State.ELIGIBLE,)
DECIDED = (State.APPROVED, State.REJECTED, State.DEFERRED)
DECIDABLE = (State.ELIGIBLE, State.ASSESSED, *DECIDED)

BID_LIFECYCLE = Lifecycle(
    "bid",
    dict(State.choices),
    [
        transition(
            "request_sign_off",
            sources=[State.DRAFT],
            target=State.AWAITING_SIGN_OFF,
            who=[APPLICANT],
            label="Send for sign-off",
        ),
        transition(
            "return_to_draft",
            sources=[State.AWAITING_SIGN_OFF],
            target=State.DRAFT,
            who=[APPLICANT],
            label="Return the bid to draft",
        ),
        transition(
            "submit",
            sources=[State.DRAFT, State.AWAITING_SIGN_OFF],
            target=State.SUBMITTED,
            who=[ACCOUNTABLE_OFFICER],
            label="Sign off and submit",
            guards=[_round_open],
        ),
        transition(
            "find_eligible",
            sources=[State.SUBMITTED, State.NOT_ELIGIBLE],
            target=State.ELIGIBLE,
            who=[PROGRAMME_MANAGER],
            label="Find the bid eligible",
        ),
        transition(
            "find_not_eligible",
            sources=[State.SUBMITTED, State.ELIGIBLE, State.ASSESSED],
            target=State.NOT_ELIGIBLE,
            who=[PROGRAMME_MANAGER],
            label="Find the bid not eligible",
        ),
        transition(
            "complete_assessment",
            sources=[State.ELIGIBLE],
            target=State.ASSESSED,
            who=[SYSTEM],
            label="Complete the assessment",
            description="When the last assigned assessor submits their scores",
        ),
        transition(
            "reopen_assessment",
            sources=[State.ASSESSED],
            target=State.ELIGIBLE,
            who=[SYSTEM],
            label="Reopen the assessment",
            description="When another assessor is assigned to an assessed bid",
        ),
        transition(
            "moderate",
            sources=[State.ASSESSED],
            target=State.ASSESSED,
            who=[MODERATOR],
            label="Moderate the scores",
        ),
        transition(
            "approve",
            sources=DECIDABLE,
            target=State.APPROVED,
            who=[PROGRAMME_MANAGER],
            label="Approve",
        ),
        transition(
            "reject",
            sources=DECIDABLE,
            target=State.REJECTED,
            who=[PROGRAMME_MANAGER],
            label="Reject",
        ),
        transition(
            "defer",
            sources=DECIDABLE,
            target=State.DEFERRED,
            who=[PROGRAMME_MANAGER],
            label="Defer",
        ),
        transition(
            "announce",
            sources=[State.APPROVED, State.REJECTED],
            target=State.ANNOUNCED,
            who=[PROGRAMME_MANAGER],
            label="Announce the decision",
            guards=[_round_closed],
        ),
        transition(
            "withdraw",
            sources=[
                State.SUBMITTED,
                State.ELIGIBLE,
                State.NOT_ELIGIBLE,
                State.ASSESSED,
                State.APPROVED,
                State.REJECTED,
                State.DEFERRED,
            ],
            target=State.WITHDRAWN,
            who=[ACCOUNTABLE_OFFICER],
            label="Withdraw the bid",
        ),
    ],
)

# The panel's decision outcome (assessment.Decision.Outcome values) → the action that records it.
DECISION_ACTIONS = {"approve": "approve", "reject": "reject", "defer": "defer"}

# The page where a person takes each action on a bid (URL names; by name so that this app
# does not import the assessment app above it). Rows the service makes itself have none.
ACTION_PAGES = {
    "request_sign_off": "applications:check_answers",
    "return_to_draft": "applications:check_answers",
    "submit": "applications:submit",
    "withdraw": "applications:withdraw",
    "find_eligible": "assessment:eligibility",
    "find_not_eligible": "assessment:eligibility",
    "moderate": "assessment:moderate",
    "approve": "assessment:decision",
    "reject": "assessment:decision",
    "defer": "assessment:decision",
}


def move(application: Application, action: str) -> tuple[str, str]:
    """Check `action` against the table and set the bid's new state (the caller saves and audits
    it inside its transaction). Returns (state before, state after)."""
    row = BID_LIFECYCLE.check(application, action)
    before = application.state
    application.state = row.target
    return before, row.target
