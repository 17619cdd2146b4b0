"""The ranked list: final scores highest first, and the budget line where the money runs out."""

from datetime import timedelta
from fractions import Fraction

import pytest
from django.utils import timezone

from innovation_fund.assessment.models import Decision
from innovation_fund.assessment.selectors.moderation import ranking
from innovation_fund.assessment.services.moderation import moderate
from innovation_fund.grants.models import Grant
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
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

POUNDS = 100


def bid_with_score(funding_round, score, *, amount_pounds=100_000, submitted_at=None, **kwargs):
    """An eligible bid on a one-criterion round, scored `score` out of 4 by one assessor."""
    bid = submitted_bid(funding_round, amount_pence=amount_pounds * POUNDS, **kwargs)
    if submitted_at:
        bid.submitted_at = submitted_at
        bid.save()
    eligible(bid)
    if score is not None:
        scored(assigned(bid, assessor_of(funding_round)), [score])
    return bid


def one_criterion_round(budget_pounds=1_000_000):
    return assessed_round(
        weights=(100,), budget_pence=None if budget_pounds is None else budget_pounds * POUNDS
    )


def test_bids_are_ranked_by_final_score_then_submission_then_reference():
    funding_round = one_criterion_round()
    now = timezone.now()
    third = bid_with_score(funding_round, 2, submitted_at=now, reference="C-LATER")
    second = bid_with_score(
        funding_round, 2, submitted_at=now - timedelta(days=1), reference="Z-EARLIER"
    )
    tie_a = bid_with_score(funding_round, 1, submitted_at=now, reference="A-TIE")
    tie_b = bid_with_score(funding_round, 1, submitted_at=now, reference="B-TIE")
    first = bid_with_score(funding_round, 4)

    result = ranking(funding_round)

    assert [entry.application for entry in result.ranked] == [first, second, third, tie_a, tie_b]
    assert [entry.rank for entry in result.ranked] == [1, 2, 3, 4, 5]
    assert result.ranked[0].scores.final_score == Fraction(100)


def test_a_moderated_score_decides_the_rank():
    funding_round = one_criterion_round()
    high = bid_with_score(funding_round, 4, reference="A-HIGH")
    low = bid_with_score(funding_round, 3, reference="B-LOW")
    moderate(moderator_of(funding_round), high, {funding_round.criteria.get().pk: 1}, "Overrated")

    result = ranking(funding_round)

    assert [entry.application for entry in result.ranked] == [low, high]
    assert result.ranked[1].scores.is_moderated


def test_bids_not_yet_scored_are_listed_apart():
    funding_round = one_criterion_round()
    ranked = bid_with_score(funding_round, 3)
    waiting = bid_with_score(funding_round, None)
    half_done = bid_with_score(funding_round, 2)
    scored(assigned(half_done, assessor_of(funding_round)), [None], submitted=False)

    result = ranking(funding_round)

    assert [entry.application for entry in result.ranked] == [ranked]
    assert {entry.application for entry in result.not_yet_scored} == {waiting, half_done}


def test_running_totals_add_up_what_each_bid_asks():
    funding_round = one_criterion_round()
    bid_with_score(funding_round, 4, amount_pounds=300_000)
    bid_with_score(funding_round, 3, amount_pounds=250_000)

    result = ranking(funding_round)

    assert [entry.amount_asked_pence for entry in result.ranked] == [300_000_00, 250_000_00]
    assert [entry.running_total_pence for entry in result.ranked] == [300_000_00, 550_000_00]


def test_a_bid_that_reaches_the_envelope_exactly_is_above_the_line():
    funding_round = one_criterion_round(budget_pounds=200_000)
    for score in (4, 3, 2):
        bid_with_score(funding_round, score, amount_pounds=100_000)

    result = ranking(funding_round)

    assert result.money_available_pence == 200_000_00
    assert result.line_after == 2
    assert result.left_above_line_pence == 0
    assert not result.all_fit


def test_a_bid_one_penny_over_the_envelope_is_below_the_line():
    funding_round = one_criterion_round(budget_pounds=200_000)
    funding_round.budget_pence -= 1
    funding_round.save()
    for score in (4, 3, 2):
        bid_with_score(funding_round, score, amount_pounds=100_000)

    assert ranking(funding_round).line_after == 1


def test_when_everything_fits_the_line_is_after_the_last_bid():
    funding_round = one_criterion_round(budget_pounds=1_000_000)
    bid_with_score(funding_round, 4, amount_pounds=100_000)
    bid_with_score(funding_round, 3, amount_pounds=100_000)

    result = ranking(funding_round)

    assert result.line_after == 2
    assert result.all_fit
    assert result.left_above_line_pence == 800_000_00


def test_when_the_first_bid_does_not_fit_the_line_is_above_it():
    funding_round = one_criterion_round(budget_pounds=50_000)
    bid_with_score(funding_round, 4, amount_pounds=100_000)
    bid_with_score(funding_round, 3, amount_pounds=10_000)

    assert ranking(funding_round).line_after == 0


def test_earlier_grants_in_the_round_come_off_the_envelope_and_unknown_ones_are_counted():
    funding_round = one_criterion_round(budget_pounds=300_000)
    Grant.objects.create(
        round=funding_round, recipient=OrganisationFactory(), amount_pence=100_000_00
    )
    Grant.objects.create(round=funding_round, recipient=OrganisationFactory(), amount_pence=None)
    for score in (4, 3, 2):
        bid_with_score(funding_round, score, amount_pounds=100_000)

    result = ranking(funding_round)

    assert result.earlier_grants_pence == 100_000_00
    assert result.earlier_grants_count == 2
    assert result.earlier_grants_unknown == 1
    assert result.money_available_pence == 200_000_00
    assert result.line_after == 2


def test_grants_from_decisions_are_not_taken_off_twice():
    funding_round = one_criterion_round(budget_pounds=200_000)
    bids = [bid_with_score(funding_round, score, amount_pounds=100_000) for score in (4, 3)]
    decision = Decision.objects.create(
        application=bids[0],
        outcome=Decision.Outcome.APPROVE,
        award_pence=100_000_00,
        reasons="Strong bid",
        decided_by=manager_of(funding_round),
    )
    Grant.objects.create(
        round=funding_round,
        recipient=bids[0].lead_organisation,
        application=bids[0],
        decision=decision,
        amount_pence=100_000_00,
    )

    result = ranking(funding_round)

    assert result.earlier_grants_pence == 0
    assert result.line_after == 2
    assert result.ranked[0].decision == decision
    assert result.ranked[1].decision is None


def test_without_an_envelope_no_line_is_drawn():
    funding_round = one_criterion_round(budget_pounds=None)
    bid_with_score(funding_round, 4)

    result = ranking(funding_round)

    assert result.money_available_pence is None
    assert result.line_after is None
