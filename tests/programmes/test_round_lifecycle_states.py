"""The state a round is in: stored by people, upcoming/open/closed by the clock at the edges of
its times; the status tags every page shows; the public pages show only published rounds."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from innovation_fund.programmes.lifecycle import ROUND_LIFECYCLE
from innovation_fund.programmes.models import Round
from innovation_fund.programmes.selectors import is_open
from tests.factories import aware
from tests.helpers import sign_in
from tests.programmes.builders import manager_of, ready_round

pytestmark = pytest.mark.django_db

OPENS = aware(2037, 1, 10, 9, 0)
CLOSES = aware(2037, 3, 1, 12, 0)  # midday GMT
ONE_SECOND = timedelta(seconds=1)


def a_round(state=Round.State.PUBLISHED) -> Round:
    return Round(name="Round Four", number=4, opens_at=OPENS, closes_at=CLOSES, state=state)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPENS - ONE_SECOND, "upcoming"),
        (OPENS, "open"),
        (CLOSES - ONE_SECOND, "open"),
        (CLOSES, "closed"),
        (CLOSES + timedelta(days=400), "closed"),
    ],
)
def test_a_published_rounds_state_follows_the_clock_at_its_edges(moment, expected):
    with time_machine.travel(moment, tick=False):
        assert a_round().lifecycle_state == expected
        assert is_open(a_round()) is (expected == "open")


@pytest.mark.parametrize("state", [Round.State.DRAFT, Round.State.ANNOUNCED, Round.State.COMPLETE])
@pytest.mark.parametrize("moment", [OPENS - ONE_SECOND, OPENS, CLOSES])
def test_draft_announced_and_complete_do_not_follow_the_clock(state, moment):
    with time_machine.travel(moment, tick=False):
        assert a_round(state).lifecycle_state == state
        assert not is_open(a_round(state))


def test_a_round_can_be_unpublished_up_to_the_second_before_it_opens(client):
    with time_machine.travel(OPENS - timedelta(days=5), tick=False):
        funding_round = ready_round(opens_at=OPENS, closes_at=CLOSES, state=Round.State.PUBLISHED)
        manager = manager_of(funding_round.programme)
    url = reverse("programmes:round_unpublish", args=[funding_round.pk])
    with time_machine.travel(OPENS, tick=False):
        sign_in(client, manager)
        response = client.post(url)
        assert "cannot be done while the round is open" in response.content.decode()
    with time_machine.travel(OPENS - ONE_SECOND, tick=False):
        sign_in(client, manager)
        assert client.post(url).status_code == 302
    funding_round.refresh_from_db()
    assert funding_round.state == Round.State.DRAFT


def test_every_state_has_a_label_in_the_table():
    assert [ROUND_LIFECYCLE.label_of(state) for state in ROUND_LIFECYCLE.states] == [
        "Draft",
        "Upcoming",
        "Open",
        "Closed",
        "Decisions announced",
        "Complete",
    ]


# --- The pages -------------------------------------------------------------------------------

ROUNDS = {
    # name: (stored state, opens, closes) at 1 February 2037
    "Draft round": (Round.State.DRAFT, OPENS, CLOSES),
    "Upcoming round": (Round.State.PUBLISHED, aware(2037, 4, 1, 9, 0), aware(2037, 5, 1, 9, 0)),
    "Open round": (Round.State.PUBLISHED, OPENS, CLOSES),
    "Closed round": (Round.State.PUBLISHED, aware(2036, 9, 1, 9, 0), aware(2036, 10, 1, 9, 0)),
    "Announced round": (
        Round.State.ANNOUNCED,
        aware(2036, 9, 1, 9, 0),
        aware(2036, 10, 1, 9, 0),
    ),
    "Complete round": (Round.State.COMPLETE, aware(2036, 6, 1, 9, 0), aware(2036, 7, 1, 9, 0)),
}
LABELS = {
    "Draft round": "Draft",
    "Upcoming round": "Upcoming",
    "Open round": "Open",
    "Closed round": "Closed",
    "Announced round": "Decisions announced",
    "Complete round": "Complete",
}
NOW = aware(2037, 2, 1, 10, 0)


@pytest.fixture
def rounds():
    with time_machine.travel(NOW, tick=False):
        made = {}
        for number, (name, (state, opens, closes)) in enumerate(ROUNDS.items(), start=1):
            made[name] = ready_round(
                name=name,
                slug=f"round-{number}",
                number=number,
                state=state,
                opens_at=opens,
                closes_at=closes,
            )
        return made


def tag(label: str) -> str:
    return f'">{label}</strong>'


def test_the_public_list_shows_only_published_rounds_with_their_state(client, rounds):
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("rounds:list")).content.decode()
    assert "Draft round" not in html
    for name, label in LABELS.items():
        if name != "Draft round":
            assert name in html
            assert tag(label) in html
    assert tag("Draft") not in html


@pytest.mark.parametrize("name", list(ROUNDS))
def test_each_public_round_page_shows_its_state_and_a_draft_has_none(client, rounds, name):
    funding_round = rounds[name]
    url = reverse("rounds:detail", args=[funding_round.programme.slug, funding_round.slug])
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    if name == "Draft round":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert tag(LABELS[name]) in response.content.decode()
        assert ("Start a bid" in response.content.decode()) is (name == "Open round")


def test_the_managers_pages_show_each_rounds_state(client, rounds):
    programme = rounds["Draft round"].programme
    with time_machine.travel(NOW, tick=False):
        sign_in(client, manager_of(programme))
        listing = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
        for name, funding_round in rounds.items():
            assert tag(LABELS[name]) in listing
            page = client.get(reverse("programmes:round_detail", args=[funding_round.pk]))
            assert tag(LABELS[name]) in page.content.decode()
