"""Every state × action × role of the round lifecycle table, from outside (through the pages).

The round's managers move it along the table's rows and nowhere else; anyone else gets 404 (or
is sent to sign in), never a hint that the round exists.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.lifecycle import ROUND_LIFECYCLE
from innovation_fund.programmes.models import ProgrammeRole, Round
from tests.factories import MembershipFactory, ProgrammeRoleFactory
from tests.helpers import sign_in
from tests.programmes.builders import lifecycle_programme, manager_of, ready_round

pytestmark = pytest.mark.django_db

STATES = ["draft", "upcoming", "open", "closed", "announced", "complete"]
PAGE_ACTIONS = ["publish", "unpublish", "complete"]
# The table, written out by hand: (state, action) → the stored state it leads to.
MOVES = {
    ("draft", "publish"): Round.State.PUBLISHED,
    ("upcoming", "unpublish"): Round.State.DRAFT,
    ("announced", "complete"): Round.State.COMPLETE,
}


def round_in(state: str, programme=None) -> Round:
    """A round in `state`, meeting every guard on publishing (so only the table decides)."""
    now = timezone.now()
    before = {"opens_at": now - timedelta(days=30), "closes_at": now - timedelta(days=1)}
    fields = {
        "draft": {},
        "upcoming": {"state": Round.State.PUBLISHED},
        "open": {"state": Round.State.PUBLISHED, "opens_at": now - timedelta(days=1)},
        "closed": {"state": Round.State.PUBLISHED, **before},
        "announced": {"state": Round.State.ANNOUNCED, **before},
        "complete": {"state": Round.State.COMPLETE, **before},
    }[state]
    funding_round = ready_round(programme, **fields)
    assert funding_round.lifecycle_state == state
    return funding_round


def action_url(action: str, funding_round: Round) -> str:
    return reverse(f"programmes:round_{action}", args=[funding_round.pk])


@pytest.mark.parametrize("action", PAGE_ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_the_programme_manager_moves_the_round_only_along_the_table(client, state, action):
    funding_round = round_in(state)
    sign_in(client, manager_of(funding_round.programme))
    before = funding_round.state

    page = client.get(action_url(action, funding_round))
    response = client.post(action_url(action, funding_round))

    funding_round.refresh_from_db()
    assert page.status_code == 200
    if (state, action) in MOVES:
        assert response.status_code == 302
        assert response["Location"] == reverse("programmes:round_detail", args=[funding_round.pk])
        assert funding_round.state == MOVES[state, action]
        assert AuditEvent.objects.filter(object_id=str(funding_round.pk)).count() == 1
        assert "<form" in page.content.decode()
    else:
        label = ROUND_LIFECYCLE.rows_for(action)[0].label
        reason = (
            f"‘{label}’ cannot be done while the round is {ROUND_LIFECYCLE.label_of(state).lower()}"
        )
        assert response.status_code == 200
        assert reason in response.content.decode()
        assert reason in page.content.decode()
        assert "<form" not in page.content.decode()  # nothing to confirm
        assert funding_round.state == before
        assert not AuditEvent.objects.filter(object_id=str(funding_round.pk)).exists()


def _outsider(kind: str, funding_round: Round):
    if kind == "other_manager":
        return manager_of(lifecycle_programme(slug="another-programme", name="Another"))
    if kind == "assessor":
        return ProgrammeRoleFactory(
            programme=funding_round.programme, role=ProgrammeRole.Role.ASSESSOR
        ).user
    if kind == "applicant":
        return MembershipFactory().user
    return None


@pytest.mark.parametrize("kind", ["other_manager", "assessor", "applicant", "anonymous"])
@pytest.mark.parametrize("action", PAGE_ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_no_one_else_may_move_the_round_or_learn_it_exists(client, state, action, kind):
    funding_round = round_in(state)
    person = _outsider(kind, funding_round)
    if person is not None:
        sign_in(client, person)

    page = client.get(action_url(action, funding_round))
    response = client.post(action_url(action, funding_round))

    if person is None:
        assert page.status_code == response.status_code == 302
        assert reverse("accounts:sign_in") in response["Location"]
    else:
        assert page.status_code == response.status_code == 404
    funding_round.refresh_from_db()
    assert funding_round.lifecycle_state == state
    assert not AuditEvent.objects.filter(object_id=str(funding_round.pk)).exists()


@pytest.mark.parametrize("state", STATES)
def test_the_round_page_offers_the_buttons_of_its_state_in_the_table(client, state):
    funding_round = round_in(state)
    sign_in(client, manager_of(funding_round.programme))
    page = client.get(reverse("programmes:round_detail", args=[funding_round.pk]))
    html = page.content.decode()
    offered = {action for action in PAGE_ACTIONS if action_url(action, funding_round) in html}
    assert offered == {action for (from_state, action) in MOVES if from_state == state}
    label = ROUND_LIFECYCLE.label_of(state)
    assert f'">{label}</strong>' in html  # the status tag is the lifecycle state's label


def test_publishing_then_unpublishing_before_it_opens_through_the_pages(client):
    funding_round = round_in("draft")
    sign_in(client, manager_of(funding_round.programme))
    client.post(action_url("publish", funding_round), follow=True)
    funding_round.refresh_from_db()
    assert funding_round.lifecycle_state == "upcoming"
    public = reverse("rounds:detail", args=[funding_round.programme.slug, funding_round.slug])
    assert client.get(public).status_code == 200

    page = client.post(action_url("unpublish", funding_round), follow=True)
    funding_round.refresh_from_db()
    assert funding_round.lifecycle_state == "draft"
    assert f"You unpublished {funding_round.name}" in page.content.decode()
    assert client.get(public).status_code == 404
    actions = list(
        AuditEvent.objects.filter(object_id=str(funding_round.pk))
        .order_by("pk")
        .values_list("action", "before", "after")
    )
    assert actions == [
        ("round.published", {"state": "draft"}, {"state": "published"}),
        ("round.unpublished", {"state": "published"}, {"state": "draft"}),
    ]
