"""Bids use the framework current when their round opened; bids' uses of outcomes are counted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from innovation_fund.applications.models import ApplicationOutcome
from innovation_fund.programmes.outcome_selectors import (
    bid_uses,
    framework_for_round,
    framework_page,
    is_used,
)
from tests.factories import (
    ApplicationFactory,
    OpenRoundFactory,
    OutcomeFactory,
    ProgrammeFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days(n: int):
    return NOW + timedelta(days=n)


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def opened_last_week(programme):
    return RoundFactory(programme=programme, opens_at=days(-7), closes_at=days(21))


def names(outcomes):
    return [outcome.name for outcome in outcomes]


def test_a_round_offers_what_was_added_before_it_opened_and_not_later(programme, opened_last_week):
    OutcomeFactory(programme=programme, name="Before", added_at=days(-30))
    OutcomeFactory(programme=programme, name="After", added_at=days(-1))
    assert names(framework_for_round(opened_last_week, now=NOW)) == ["Before"]


def test_a_round_offers_what_was_retired_after_it_opened_and_not_before(
    programme, opened_last_week
):
    OutcomeFactory(programme=programme, name="Retired since", retired_at=days(-2))
    OutcomeFactory(programme=programme, name="Retired before", retired_at=days(-10))
    assert names(framework_for_round(opened_last_week, now=NOW)) == ["Retired since"]


@pytest.mark.parametrize("opens_at", [days(7), None], ids=["opens next week", "no opening time"])
def test_a_round_not_yet_open_offers_todays_framework(programme, opens_at):
    funding_round = RoundFactory(programme=programme, opens_at=opens_at)
    OutcomeFactory(programme=programme, name="Added today", added_at=days(0) - timedelta(hours=1))
    OutcomeFactory(programme=programme, name="Retired yesterday", retired_at=days(-1))
    assert names(framework_for_round(funding_round, now=NOW)) == ["Added today"]


def test_an_outcome_a_bid_chose_stays_on_it_though_retired(programme, opened_last_week):
    kept = OutcomeFactory(programme=programme, name="Chosen", retired_at=days(-10))
    OutcomeFactory(programme=programme, name="Not chosen", retired_at=days(-10))
    offered = framework_for_round(opened_last_week, chosen_ids=[kept.pk], now=NOW)
    assert names(offered) == ["Chosen"]


def test_another_programmes_outcomes_are_never_offered(opened_last_week):
    OutcomeFactory(programme=ProgrammeFactory(slug="other"), added_at=days(-30))
    assert framework_for_round(opened_last_week, now=NOW) == []


def test_uses_are_counted_per_outcome(programme):
    used, unused = OutcomeFactory(programme=programme), OutcomeFactory(programme=programme)
    funding_round = OpenRoundFactory(programme=programme)
    for _ in range(2):
        ApplicationOutcome.objects.create(
            application=ApplicationFactory(round=funding_round),
            outcome=used,
            measure="m",
            baseline="b",
            target="t",
        )
    assert bid_uses([used.pk, unused.pk]) == {used.pk: 2}
    assert is_used(used) and not is_used(unused)
    page = framework_page(programme)
    assert [(row.outcome, row.uses) for row in page.current] == [(used, 2), (unused, 0)]
    assert page.retired == []
