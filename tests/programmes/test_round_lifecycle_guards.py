"""Each guard on publishing a round, both ways: the reason is shown beside the Publish button
and the service refuses with it; once mended, the round publishes."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innovation_fund.core.permissions import Refused
from innovation_fund.programmes.models import Criterion, FocusArea, Round
from innovation_fund.programmes.services.round_lifecycle import publish_round
from tests.factories import aware
from tests.helpers import sign_in
from tests.programmes.builders import lifecycle_programme, manager_of, ready_round

pytestmark = pytest.mark.django_db


def no_focus_areas(funding_round):
    FocusArea.objects.filter(round=funding_round).delete()


def criteria_at_90(funding_round):
    Criterion.objects.filter(round=funding_round, name="Value for money").update(weight=30)


def no_criteria(funding_round):
    Criterion.objects.filter(round=funding_round).delete()


def no_envelope(funding_round):
    Round.objects.filter(pk=funding_round.pk).update(budget_pence=None)


def opens_before_the_programme(funding_round):
    programme = funding_round.programme
    programme.starts_on = timezone.localdate() + timedelta(days=8)
    programme.save()


def closes_after_the_programme(funding_round):
    programme = funding_round.programme
    programme.ends_on = timezone.localdate() + timedelta(days=34)
    programme.save()


def programme_without_a_period(funding_round):
    programme = funding_round.programme
    programme.starts_on = programme.ends_on = None
    programme.save()


def closing_time_passed(funding_round):
    now = timezone.now()
    Round.objects.filter(pk=funding_round.pk).update(
        opens_at=now - timedelta(days=10), closes_at=now - timedelta(minutes=1)
    )


GUARDS = {
    "no focus areas": (no_focus_areas, "Add at least one focus area"),
    "criteria at 90%": (criteria_at_90, "criteria’s weights add up to 90%: make them 100%"),
    "no criteria": (no_criteria, "Add the assessment criteria"),
    "no envelope": (no_envelope, "Give the round a budget envelope"),
    "opens before the programme": (
        opens_before_the_programme,
        "The round must open and close within the programme’s period",
    ),
    "closes after the programme": (
        closes_after_the_programme,
        "The round must open and close within the programme’s period",
    ),
    "programme without a period": (
        programme_without_a_period,
        "Give Lifecycle Programme its start and end dates",
    ),
    "closing time passed": (closing_time_passed, "The round’s closing time has passed"),
}


@pytest.mark.parametrize("guard", GUARDS, ids=list(GUARDS))
def test_a_guard_blocks_publishing_with_its_reason(client, guard):
    spoil, reason = GUARDS[guard]
    funding_round = ready_round()
    manager = manager_of(funding_round.programme)
    spoil(funding_round)
    sign_in(client, manager)

    detail = client.get(reverse("programmes:round_detail", args=[funding_round.pk]))
    html = detail.content.decode()
    assert "You cannot publish this round yet" in html
    assert reason in html
    assert reverse("programmes:round_publish", args=[funding_round.pk]) not in html

    response = client.post(reverse("programmes:round_publish", args=[funding_round.pk]))
    assert reason in response.content.decode()
    with pytest.raises(Refused, match=reason[:20]):
        publish_round(manager, Round.objects.get(pk=funding_round.pk))
    funding_round.refresh_from_db()
    assert funding_round.state == Round.State.DRAFT


def test_a_round_meeting_every_guard_offers_publish_and_publishes(client):
    funding_round = ready_round()
    manager = manager_of(funding_round.programme)
    sign_in(client, manager)
    html = client.get(reverse("programmes:round_detail", args=[funding_round.pk])).content.decode()
    assert "You cannot publish" not in html
    assert reverse("programmes:round_publish", args=[funding_round.pk]) in html
    client.post(reverse("programmes:round_publish", args=[funding_round.pk]))
    funding_round.refresh_from_db()
    assert funding_round.state == Round.State.PUBLISHED


def test_every_reason_is_listed_at_once():
    funding_round = ready_round()
    manager = manager_of(funding_round.programme)
    no_focus_areas(funding_round)
    no_envelope(funding_round)
    with pytest.raises(Refused) as refusal:
        publish_round(manager, Round.objects.get(pk=funding_round.pk))
    assert len(refusal.value.reasons) == 2


def test_the_window_is_judged_by_london_days():
    """Opening at 00:30 BST on the programme's first day is 23:30 UTC the day before: inside."""
    programme = lifecycle_programme(starts_on=date(2036, 6, 1), ends_on=date(2036, 12, 31))
    funding_round = ready_round(
        programme, opens_at=aware(2036, 6, 1, 0, 30), closes_at=aware(2036, 12, 31, 23, 30)
    )
    publish_round(manager_of(programme), funding_round)
    assert funding_round.state == Round.State.PUBLISHED

    early = ready_round(
        programme,
        number=99,
        slug="early",
        opens_at=aware(2036, 5, 31, 23, 30),
        closes_at=aware(2036, 7, 1, 12, 0),
    )
    with pytest.raises(Refused, match="within the programme’s period, from 1 June 2036"):
        publish_round(manager_of(programme), early)
