"""Every move in a lifecycle table reads as words on the History pages, not as a code."""

import pytest

from innovation_fund.applications.lifecycle import BID_LIFECYCLE
from innovation_fund.core.history import ACTION_NAMES
from innovation_fund.programmes.lifecycle import ROUND_LIFECYCLE
from innovation_fund.programmes.services.round_lifecycle import AUDIT_ACTIONS


@pytest.mark.parametrize("action", ROUND_LIFECYCLE.actions)
def test_each_round_move_has_a_name(action):
    assert AUDIT_ACTIONS[action] in ACTION_NAMES


# Moves the bid's own services record under an older name of their own.
RECORDED_AS = {
    "request_sign_off": "application.sign_off_requested",
    "return_to_draft": "application.returned_to_draft",
    "submit": "application.submitted",
    "withdraw": "application.withdrawn",
    "moderate": "assessment.moderated",
}


@pytest.mark.parametrize("action", BID_LIFECYCLE.actions)
def test_each_bid_move_has_a_name(action):
    assert RECORDED_AS.get(action, f"application.{action}") in ACTION_NAMES
