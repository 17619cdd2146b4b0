"""Who may do what to a bid, tried from the outside over HTTP: roles × actions × states.

Anyone without a relationship to the bid gets 404, never 403, so they learn nothing about it.
"""

import pytest
from django.urls import reverse

from innovation_fund.applications.models import Application
from innovation_fund.organisations.models import MemberRole
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    ProgrammeRoleFactory,
    UserFactory,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

State = Application.State

OK, NOT_FOUND, SIGN_IN, ELSEWHERE = 200, 404, "sign-in", "elsewhere"


def person(role: str, bid: Application):
    match role:
        case "anonymous":
            return None
        case "no organisation":
            return UserFactory()
        case "officer elsewhere":
            return MembershipFactory(role=MemberRole.ACCOUNTABLE_OFFICER).user
        case "editor":
            return MembershipFactory(organisation=bid.lead_organisation).user
        case "officer":
            return MembershipFactory(
                organisation=bid.lead_organisation, role=MemberRole.ACCOUNTABLE_OFFICER
            ).user
        case "manager":
            return ProgrammeRoleFactory(programme=bid.round.programme).user
        case "manager elsewhere":
            return ProgrammeRoleFactory(programme__slug="another-programme").user
    raise AssertionError(role)


ACTIONS = {
    "task list": lambda ref: reverse("applications:task_list", args=[ref]),
    "check answers": lambda ref: reverse("applications:check_answers", args=[ref]),
    "edit a section": lambda ref: reverse("applications:section", args=[ref, "about"]),
    "sign off and submit": lambda ref: reverse("applications:submit", args=[ref]),
    "withdraw": lambda ref: reverse("applications:withdraw", args=[ref]),
}

# (role, state) → what each action answers, in the order of ACTIONS.
EXPECTED = {
    ("anonymous", State.DRAFT): [SIGN_IN] * 5,
    ("no organisation", State.DRAFT): [NOT_FOUND] * 5,
    ("officer elsewhere", State.DRAFT): [NOT_FOUND] * 5,
    ("officer elsewhere", State.SUBMITTED): [NOT_FOUND] * 5,
    ("manager elsewhere", State.SUBMITTED): [NOT_FOUND] * 5,
    ("manager", State.DRAFT): [NOT_FOUND] * 5,
    ("manager", State.SUBMITTED): [OK, OK, ELSEWHERE, ELSEWHERE, NOT_FOUND],
    ("editor", State.DRAFT): [OK, OK, OK, NOT_FOUND, NOT_FOUND],
    ("editor", State.SUBMITTED): [OK, OK, ELSEWHERE, ELSEWHERE, NOT_FOUND],
    ("officer", State.DRAFT): [OK, OK, OK, OK, NOT_FOUND],
    ("officer", State.AWAITING_SIGN_OFF): [OK, OK, ELSEWHERE, OK, NOT_FOUND],
    ("officer", State.SUBMITTED): [OK, OK, ELSEWHERE, ELSEWHERE, OK],
    ("officer", State.WITHDRAWN): [OK, OK, ELSEWHERE, NOT_FOUND, NOT_FOUND],
}


@pytest.mark.parametrize(("role", "state"), list(EXPECTED), ids=lambda v: str(v))
def test_who_may_open_which_page_of_a_bid(client, role, state):
    bid = ApplicationFactory(state=state)
    user = person(role, bid)
    if user is not None:
        sign_in(client, user)
    answers = []
    for url in ACTIONS.values():
        response = client.get(url(bid.reference))
        if response.status_code == 302:
            location = response["Location"]
            answers.append(
                SIGN_IN if location.startswith(reverse("accounts:sign_in")) else ELSEWHERE
            )
        else:
            answers.append(response.status_code)
    assert dict(zip(ACTIONS, answers, strict=True)) == dict(
        zip(ACTIONS, EXPECTED[(role, state)], strict=True)
    )


@pytest.mark.parametrize("role", ["no organisation", "officer elsewhere", "manager"])
def test_posting_to_someone_elses_draft_changes_nothing_and_answers_404(client, role):
    bid = ApplicationFactory(title="Original")
    sign_in(client, person(role, bid))
    for url in (
        reverse("applications:section", args=[bid.reference, "about"]),
        reverse("applications:send_for_sign_off", args=[bid.reference]),
        reverse("applications:submit", args=[bid.reference]),
        reverse("applications:return_to_draft", args=[bid.reference]),
    ):
        assert (
            client.post(url, {"title": "Changed", "version": 0, "confirm": "on"}).status_code == 404
        )
    bid.refresh_from_db()
    assert (bid.title, bid.state) == ("Original", State.DRAFT)


def test_an_unknown_reference_and_a_hidden_one_look_the_same(client):
    hidden = ApplicationFactory()
    sign_in(client, MembershipFactory().user)
    missing = client.get(reverse("applications:task_list", args=["BID-0000-0000"]))
    forbidden = client.get(reverse("applications:task_list", args=[hidden.reference]))
    assert missing.status_code == forbidden.status_code == 404
