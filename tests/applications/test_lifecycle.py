"""The bid lifecycle table, from outside: every state × action × role through the policy, and
every row of the table through the service that takes it.

The tests are parametrized over the table itself, so a new row or state is tested (and fails
until EXPECTED and DRIVERS say what it should do).
"""

import pytest
from django.core.exceptions import PermissionDenied

from innovation_fund.applications import services
from innovation_fund.applications.lifecycle import BID_LIFECYCLE
from innovation_fund.applications.models import Application
from innovation_fund.applications.policies import allowed_actions, permission
from innovation_fund.assessment.models import Assignment, EligibilityCheck
from innovation_fund.assessment.services.assessments import save_scores
from innovation_fund.assessment.services.assignments import assign_assessor
from innovation_fund.assessment.services.decisions import asked_profile, record_decision
from innovation_fund.assessment.services.eligibility import check_eligibility
from innovation_fund.assessment.services.moderation import moderate
from innovation_fund.core.errors import DomainError
from tests.applications.builders import complete_bid, editor_of, officer_of
from tests.assessment.builders import (
    announced_by_two,
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    fully_assessed,
    in_state_of_records,
    manager_of,
    submitted_bid,
)
from tests.assessment.test_announcements import approved, decided, rejected
from tests.factories import ApplicationFactory, ProgrammeRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

State = Application.State
ROLES = ["editor", "officer", "manager", "moderator", "assessor", "stranger"]
ALL = set(BID_LIFECYCLE.actions)
DECIDE = {"approve", "reject", "defer"}

# By hand: what each role may do to a bid in each state. A new row or state changes this.
EXPECTED = {
    State.DRAFT: {"editor": {"request_sign_off"}, "officer": {"request_sign_off", "submit"}},
    State.AWAITING_SIGN_OFF: {
        "editor": {"return_to_draft"},
        "officer": {"return_to_draft", "submit"},
    },
    State.SUBMITTED: {"officer": {"withdraw"}, "manager": {"find_eligible", "find_not_eligible"}},
    State.ELIGIBLE: {"officer": {"withdraw"}, "manager": {"find_not_eligible", *DECIDE}},
    State.NOT_ELIGIBLE: {"officer": {"withdraw"}, "manager": {"find_eligible"}},
    State.ASSESSED: {
        "officer": {"withdraw"},
        "manager": {"find_not_eligible", *DECIDE},
        "moderator": {"moderate"},
    },
    State.APPROVED: {"officer": {"withdraw"}, "manager": {*DECIDE, "announce"}},
    State.REJECTED: {"officer": {"withdraw"}, "manager": {*DECIDE, "announce"}},
    State.DEFERRED: {"officer": {"withdraw"}, "manager": DECIDE},
    State.ANNOUNCED: {},
    State.WITHDRAWN: {},
}


def person(role: str, bid: Application):
    programme = bid.round.programme
    match role:
        case "editor":
            return editor_of(bid)
        case "officer":
            return officer_of(bid)
        case "manager":
            return ProgrammeRoleFactory(programme=programme, role="programme_manager").user
        case "moderator":
            return ProgrammeRoleFactory(programme=programme, role="moderator").user
        case "assessor":
            assessor = ProgrammeRoleFactory(programme=programme, role="assessor").user
            Assignment.objects.create(application=bid, assessor=assessor, assigned_by=assessor)
            return assessor
        case "stranger":
            return UserFactory()
    raise AssertionError(role)


def test_every_state_of_the_table_is_expected():
    assert set(EXPECTED) == set(BID_LIFECYCLE.states)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(BID_LIFECYCLE.states))
def test_what_each_role_may_do_in_each_state(state, role):
    bid = ApplicationFactory(state=state)
    user = person(role, bid)

    allowed = allowed_actions(user, bid) & ALL

    assert allowed == EXPECTED[state].get(role, set())
    for action in ALL - allowed:
        refusal = permission(user, action, bid)
        assert not refusal and refusal.reason


# --- Each row through its service -------------------------------------------------------------


def bid_in(state: str) -> Application:
    """A bid in `state`, in an open round whose criteria are set, as the services leave it."""
    funding_round = assessed_round()
    if state in (State.DRAFT, State.AWAITING_SIGN_OFF):
        bid = complete_bid(funding_round)
        bid.state = state
        bid.save()
        return bid
    bid = submitted_bid(funding_round)
    if state == State.ELIGIBLE:
        eligible(bid)
    elif state == State.NOT_ELIGIBLE:
        EligibilityCheck.objects.create(
            application=bid,
            is_eligible=False,
            reasons="Outside England",
            checked_by=manager_of(funding_round),
        )
    elif state == State.ASSESSED:
        fully_assessed(bid)
    elif state == State.APPROVED:
        approved(bid, years={2027: 100_000_00})
    elif state == State.REJECTED:
        rejected(bid)
    elif state == State.DEFERRED:
        decided(bid, "defer")
    elif state == State.ANNOUNCED:
        approved(bid, years={2027: 100_000_00})
        announced_by_two(funding_round)
    in_state_of_records(bid)
    bid.refresh_from_db()
    assert bid.state == state
    return bid


def _score_the_last(bid, _user):
    assessor = assessor_of(bid.round)
    assignment = assigned(bid, assessor)
    entries = {criterion.pk: (3, "Why 3") for criterion in bid.round.criteria.all()}
    save_scores(assessor, assignment, entries, submit=True, expected_version=0)


def _decide(outcome):
    def drive(bid, user):
        award = {}
        if outcome == "approve":
            years = asked_profile(bid)
            award = {"award_pence": sum(years.values()), "years": years}
        record_decision(user, bid, outcome=outcome, reasons="The panel's reasons", **award)

    return drive


# The service call that takes each action, by a person holding the row's role.
DRIVERS = {
    "request_sign_off": services.request_sign_off,
    "return_to_draft": services.return_to_draft,
    "submit": services.submit_application,
    "withdraw": lambda bid, user: services.withdraw_application(user, bid, "No longer needed"),
    "find_eligible": lambda bid, user: check_eligibility(user, bid, is_eligible=True, reasons=""),
    "find_not_eligible": lambda bid, user: check_eligibility(
        user, bid, is_eligible=False, reasons="Outside England"
    ),
    "complete_assessment": _score_the_last,
    "reopen_assessment": lambda bid, user: assign_assessor(user, bid, assessor_of(bid.round)),
    "moderate": lambda bid, user: moderate(
        user, bid, {criterion.pk: 2 for criterion in bid.round.criteria.all()}, "Agreed"
    ),
    "approve": _decide("approve"),
    "reject": _decide("reject"),
    "defer": _decide("defer"),
    "announce": lambda bid, user: announced_by_two(bid.round, approved_by=user),
}
ROLE_OF = {
    "applicant": "editor",
    "accountable_officer": "officer",
    "programme_manager": "manager",
    "moderator": "moderator",
    "system": "manager",  # the service moves it as a result of someone's act
}
ROWS = [
    pytest.param(row, source, id=f"{row.action}-from-{source}")
    for row in BID_LIFECYCLE.transitions
    for source in sorted(row.sources)
]


def _call(driver, bid, user):
    # Services take (user, bid); the drivers above take (bid, user).
    if driver in (services.request_sign_off, services.return_to_draft, services.submit_application):
        return driver(user, bid)
    return driver(bid, user)


def test_every_action_of_the_table_has_a_driver():
    assert set(DRIVERS) == ALL


@pytest.mark.parametrize(("row", "source"), ROWS)
def test_each_row_moves_the_bid_through_its_service(row, source):
    bid = bid_in(source)
    user = person(ROLE_OF[sorted(row.who)[0]], bid)

    _call(DRIVERS[row.action], bid, user)

    bid.refresh_from_db()
    assert bid.state == row.target


@pytest.mark.parametrize(
    ("row", "source"), [param for param in ROWS if "system" not in param.values[0].who]
)
def test_each_row_is_refused_to_a_person_outside_its_roles(row, source):
    bid = bid_in(source)
    applicant_row = bool(row.who & {"applicant", "accountable_officer"})
    outsider = person("manager" if applicant_row else "officer", bid)

    with pytest.raises((DomainError, PermissionDenied)):
        _call(DRIVERS[row.action], bid, outsider)

    bid.refresh_from_db()
    assert bid.state == source
