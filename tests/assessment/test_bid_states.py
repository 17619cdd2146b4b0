"""The moves the service makes itself: a bid is assessed once its last assigned assessor has
submitted, however the last outstanding assignment ends."""

import pytest

from innovation_fund.applications.models import Application
from innovation_fund.assessment.services.assignments import withdraw_assignment
from innovation_fund.assessment.services.conflicts import declare_conflict
from innovation_fund.assessment.services.moderation import moderate
from innovation_fund.core.models import AuditEvent
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    manager_of,
    moderator_of,
    scored,
    submitted_bid,
)

pytestmark = pytest.mark.django_db

State = Application.State


@pytest.fixture
def bid():
    bid = submitted_bid(assessed_round())
    eligible(bid)
    scored(assigned(bid, assessor_of(bid.round)), [3, 2])
    return bid


@pytest.fixture
def waiting_for(bid):
    """A second assessor, assigned and not yet submitted."""
    assessor = assessor_of(bid.round)
    return assigned(bid, assessor)


def test_the_bid_waits_while_an_assessor_has_not_submitted(bid, waiting_for):
    bid.refresh_from_db()
    assert bid.state == State.ELIGIBLE


def test_withdrawing_the_last_outstanding_assignment_completes_the_assessment(bid, waiting_for):
    withdraw_assignment(manager_of(bid.round), waiting_for, "On leave")

    bid.refresh_from_db()
    assert bid.state == State.ASSESSED
    event = AuditEvent.objects.get(action="application.complete_assessment")
    assert event.after == {"state": State.ASSESSED}


def test_a_bid_completed_by_a_conflict_can_still_be_moderated(bid, waiting_for):
    declare_conflict(waiting_for.assessor, bid.lead_organisation, "I am a trustee")
    criteria = bid.round.criteria.all()

    moderate(moderator_of(bid.round), bid, {c.pk: 2 for c in criteria}, "Agreed")

    bid.refresh_from_db()
    assert bid.state == State.ASSESSED
