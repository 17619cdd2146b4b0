"""Open, upcoming or closed, decided in one place, right to the second at the edges."""

from datetime import timedelta

import pytest
import time_machine

from innovation_fund.programmes.models import Round
from innovation_fund.programmes.selectors import (
    RoundStatus,
    is_open,
    round_status,
    time_left,
    when_text,
)
from tests.factories import aware

OPENS = aware(2027, 1, 10, 9, 0)
CLOSES = aware(2027, 3, 1, 12, 0)
ONE_SECOND = timedelta(seconds=1)


def a_round(**fields) -> Round:
    values = {"opens_at": OPENS, "closes_at": CLOSES, "state": Round.State.PUBLISHED, **fields}
    return Round(name="Round Four", number=4, round_type="open_competition", **values)


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (OPENS - ONE_SECOND, RoundStatus.UPCOMING),
        (OPENS, RoundStatus.OPEN),
        (OPENS + ONE_SECOND, RoundStatus.OPEN),
        (CLOSES - ONE_SECOND, RoundStatus.OPEN),
        (CLOSES, RoundStatus.CLOSED),
        (CLOSES + ONE_SECOND, RoundStatus.CLOSED),
    ],
)
def test_status_at_the_edges(moment, status):
    with time_machine.travel(moment, tick=False):
        assert round_status(a_round()) == status
    assert round_status(a_round(), now=moment) == status


def test_one_second_before_closing_it_is_open_and_says_so():
    with time_machine.travel(CLOSES - ONE_SECOND, tick=False):
        funding_round = a_round()
        assert is_open(funding_round)
        assert when_text(funding_round, round_status(funding_round)) == (
            "Closes at midday on 1 March 2027 (in less than a minute)"
        )


def test_one_second_after_closing_it_is_closed():
    with time_machine.travel(CLOSES + ONE_SECOND, tick=False):
        funding_round = a_round()
        assert not is_open(funding_round)
        assert when_text(funding_round, round_status(funding_round)) == (
            "Closed at midday on 1 March 2027"
        )


def test_an_unpublished_round_is_never_open_for_bids():
    with time_machine.travel(CLOSES - timedelta(days=1), tick=False):
        assert round_status(a_round(state=Round.State.DRAFT)) == RoundStatus.OPEN
        assert not is_open(a_round(state=Round.State.DRAFT))


def test_time_left_five_days_out():
    funding_round = a_round()
    now = CLOSES - timedelta(days=5, hours=3)
    assert when_text(funding_round, RoundStatus.OPEN, now) == (
        "Closes at midday on 1 March 2027 (in 5 days)"
    )


@pytest.mark.parametrize(
    ("before", "text"),
    [
        (timedelta(days=2), "in 2 days"),
        (timedelta(days=1, hours=23), "in 1 day"),
        (timedelta(hours=23, minutes=59), "in 23 hours"),
        (timedelta(hours=1), "in 1 hour"),
        (timedelta(minutes=59, seconds=59), "in 59 minutes"),
        (timedelta(minutes=1), "in 1 minute"),
        (timedelta(seconds=59), "in less than a minute"),
        (ONE_SECOND, "in less than a minute"),
        (timedelta(0), ""),
        (-ONE_SECOND, ""),
    ],
)
def test_time_left_words(before, text):
    assert time_left(CLOSES, now=CLOSES - before) == text


def test_upcoming_says_when_it_opens():
    assert when_text(a_round(), RoundStatus.UPCOMING, OPENS - ONE_SECOND) == (
        "Opens at 9am on 10 January 2027"
    )


def test_a_summer_closing_time_is_shown_in_bst():
    closes = aware(2027, 6, 1, 17, 0)
    funding_round = a_round(closes_at=closes)
    assert closes.utcoffset() == timedelta(hours=1)
    assert when_text(funding_round, RoundStatus.OPEN, closes - timedelta(days=1)) == (
        "Closes at 5pm on 1 June 2027 (in 1 day)"
    )


def test_a_historic_round_with_only_years_is_closed_with_its_years():
    historic = a_round(opens_at=None, closes_at=None, first_year=2014, last_year=2016)
    assert round_status(historic) == RoundStatus.CLOSED
    assert when_text(historic, RoundStatus.CLOSED) == "Ran from 2014 to 2016"
    one_year = a_round(opens_at=None, closes_at=None, first_year=2017, last_year=2017)
    assert when_text(one_year, RoundStatus.CLOSED) == "Ran in 2017"


def test_a_round_without_times_or_years_is_not_scheduled():
    draft = a_round(opens_at=None, closes_at=None)
    assert round_status(draft) == RoundStatus.NOT_SCHEDULED
    assert not is_open(draft)
