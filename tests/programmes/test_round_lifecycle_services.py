"""Recording that a round's decisions are announced (called by the announcement of awards), and
the round policy: who may move a round, and which rounds each person may see."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.programmes.lifecycle import ROUND_LIFECYCLE
from innovation_fund.programmes.models import ProgrammeRole, Round
from innovation_fund.programmes.policies import (
    may_act_on_round,
    public_rounds,
    rounds_visible_to,
)
from innovation_fund.programmes.services.round_lifecycle import (
    complete_round,
    mark_decisions_announced,
)
from tests.factories import ProgrammeRoleFactory, UserFactory
from tests.programmes.builders import lifecycle_programme, manager_of, ready_round

pytestmark = pytest.mark.django_db


def closed_round(**fields) -> Round:
    now = timezone.now()
    values = {
        "state": Round.State.PUBLISHED,
        "opens_at": now - timedelta(days=30),
        "closes_at": now - timedelta(days=1),
        **fields,
    }
    return ready_round(**values)


def test_decisions_announced_for_a_closed_round_are_recorded_once():
    funding_round = closed_round()
    manager = manager_of(funding_round.programme)
    ROUND_LIFECYCLE.check(funding_round, "announce_decisions")  # as the announcement does
    mark_decisions_announced(manager, funding_round)
    assert funding_round.lifecycle_state == "announced"

    ROUND_LIFECYCLE.check(funding_round, "announce_decisions")  # a second batch may follow
    mark_decisions_announced(manager, funding_round)
    events = AuditEvent.objects.filter(action="round.decisions_announced")
    assert [(event.before, event.after) for event in events] == [
        ({"state": "published"}, {"state": "announced"})
    ]

    complete_round(manager, funding_round)
    funding_round.refresh_from_db()
    assert funding_round.state == Round.State.COMPLETE


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"state": Round.State.DRAFT}, "draft"),
        ({"closes_at": timezone.now() + timedelta(days=3)}, "open"),
        ({"state": Round.State.COMPLETE}, "complete"),
    ],
)
def test_decisions_are_announced_only_after_the_round_has_closed(fields, state):
    funding_round = closed_round(**fields)
    with pytest.raises(Refused, match=f"while the round is {state}"):
        mark_decisions_announced(manager_of(funding_round.programme), funding_round)
    funding_round.refresh_from_db()
    assert funding_round.lifecycle_state == state


@pytest.mark.parametrize("who", ["assessor", "other_manager"])
def test_only_the_rounds_managers_record_decisions(who):
    funding_round = closed_round()
    if who == "assessor":
        person = ProgrammeRoleFactory(
            programme=funding_round.programme, role=ProgrammeRole.Role.ASSESSOR
        ).user
    else:
        person = manager_of(lifecycle_programme(slug="another", name="Another"))
    with pytest.raises(Refused, match="Only the programme’s managers may announce decisions"):
        mark_decisions_announced(person, funding_round)
    funding_round.refresh_from_db()
    assert funding_round.state == Round.State.PUBLISHED


def test_the_policy_gives_the_reason_for_each_kind_of_no():
    funding_round = ready_round()
    manager = manager_of(funding_round.programme)
    assessor = ProgrammeRoleFactory(
        programme=funding_round.programme, role=ProgrammeRole.Role.ASSESSOR
    ).user
    assert may_act_on_round(manager, funding_round, "publish")
    assert may_act_on_round(assessor, funding_round, "publish").reason == (
        "Only the programme’s managers may publish a round"
    )
    assert may_act_on_round(AnonymousUser(), funding_round, "publish").allowed is False
    assert may_act_on_round(manager, funding_round, "complete").reason == (
        "‘Mark as complete’ cannot be done while the round is draft"
    )
    funding_round.focus_areas.all().delete()
    assert may_act_on_round(manager, funding_round, "publish").reason.startswith(
        "Add at least one focus area"
    )


def test_which_rounds_each_person_may_see():
    programme = lifecycle_programme()
    draft = ready_round(programme, name="Draft")
    published = ready_round(programme, number=50, slug="published", state=Round.State.PUBLISHED)
    demonstration = ready_round(
        programme, number=51, slug="demo", state=Round.State.PUBLISHED, is_demonstration=True
    )
    elsewhere = ready_round(
        lifecycle_programme(slug="another", name="Another"), number=52, slug="elsewhere"
    )
    manager = manager_of(programme)

    assert set(public_rounds()) == {published}
    assert set(rounds_visible_to(AnonymousUser())) == {published}
    assert set(rounds_visible_to(UserFactory())) == {published}
    assert set(rounds_visible_to(manager)) == {draft, published, demonstration}
    assert elsewhere not in rounds_visible_to(manager)
