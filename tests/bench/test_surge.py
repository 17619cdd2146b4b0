"""`make bench`'s deadline surge: the bids it builds are real drafts ready to submit, its journey
submits them through a live server as a browser would, and its verdict follows the target."""

import pytest

from bench.report import surge_lines
from bench.surge import Journey, SurgeResult, build_bids, build_surge_round, run_journey, run_surge
from innovation_fund.applications.models import Application
from tests.factories import LocalAuthorityFactory


@pytest.mark.django_db(transaction=True)
def test_surge_bids_are_labelled_not_real_and_are_submitted_by_their_journeys(live_server):
    LocalAuthorityFactory.create_batch(2)
    surge_round = build_surge_round()
    journeys = build_bids(surge_round, 3)
    bids = Application.objects.filter(round=surge_round)
    assert bids.count() == 3
    assert all("(not real)" in bid.title for bid in bids)
    assert "(not real)" in surge_round.name and "(not real)" in surge_round.programme.name
    assert surge_round.is_demonstration  # kept off the public pages
    assert set(bids.values_list("state", flat=True)) == {Application.State.DRAFT}

    run_journey(live_server.url, journeys[0])
    assert journeys[0].submitted and journeys[0].failures == 0
    assert len(journeys[0].request_ms) == 5  # task list, answers, sign-off, submit, confirmation
    assert journeys[0].whole_ms >= journeys[0].submit_ms > 0

    run_surge(live_server.url, journeys[1:], clients=2, seconds=1)
    assert all(journey.submitted for journey in journeys)
    assert set(bids.values_list("state", flat=True)) == {Application.State.SUBMITTED}
    assert all(bid.signed_off_by_id == bid.created_by_id for bid in bids.all())

    # A bid already submitted is not submitted twice: its journey says so, as a failure.
    again = Journey(journeys[0].reference, journeys[0].session_key, [])
    run_journey(live_server.url, again)
    assert not again.submitted and again.failures == 1


def surge(**overrides) -> SurgeResult:
    values = {
        "bids": 500,
        "clients": 30,
        "workers": 4,
        "seconds_scheduled": 60,
        "seconds_taken": 60.2,
        "submitted": 500,
        "lost": 0,
        "failed_requests": 0,
        "locked": 0,
        "requests": 2500,
        "submit_median_ms": 30.0,
        "submit_p95_ms": 45.0,
        "journey_median_ms": 160.0,
        "journey_p95_ms": 210.0,
        "cpu_ms_per_request": 18.0,
        "floor_request_median_ms": 30.0,
        "floor_journey_median_ms": 150.0,
        **overrides,
    }
    return SurgeResult(**values)


def test_the_surge_meets_its_target_only_with_nothing_lost_or_locked_and_a_fast_p95():
    assert surge().target_met
    assert not surge(journey_p95_ms=1_000.0).target_met
    assert not surge(lost=1, submitted=499).target_met
    assert not surge(locked=1, failed_requests=1).target_met
    text = "\n".join(surge_lines(surge(lost=2, submitted=498).as_dict()))
    assert "Submitted: 498 of 500 (lost: 2)" in text
    assert "| the whole journey | 160.0 | 210.0 |" in text
    assert "**missed**" in text
