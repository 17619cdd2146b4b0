"""The scoring page's figures: an assessor's own scores in words and their weighted total, and
the others' scores only once their own are submitted."""

import pytest

from innovation_fund.assessment.selectors.scoring_sheet import scoring_sheet
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    manager_of,
    scored,
    submitted_bid,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_assignments():
    funding_round = assessed_round(weights=(60, 40))
    bid = submitted_bid(funding_round)
    manager = manager_of(funding_round)
    eligible(bid, by=manager)
    first = assigned(bid, assessor_of(funding_round), by=manager)
    second = assigned(bid, assessor_of(funding_round), by=manager)
    return bid, first, second


def test_a_draft_shows_its_own_scores_in_words_and_no_one_elses(two_assignments):
    bid, first, second = two_assignments
    scored(second, [4, 4])
    draft = scored(first, [4, None], submitted=False)
    criteria = list(bid.round.criteria.all())
    sheet = scoring_sheet(first.assessor, bid, criteria, draft)
    assert [(row["score"], row["descriptor"]) for row in sheet.rows] == [
        (4, bid.round.score_descriptors[4]),
        (None, ""),
    ]
    assert sheet.others == []
    assert [len(row["cells"]) for row in sheet.comparison] == [1, 1]


def test_once_submitted_the_total_is_weighted_and_the_others_are_side_by_side(two_assignments):
    bid, first, second = two_assignments
    scored(second, [2, 0])
    own = scored(first, [4, 2])
    criteria = list(bid.round.criteria.all())
    sheet = scoring_sheet(first.assessor, bid, criteria, own)
    # (4/4 × 60) + (2/4 × 40) = 80 out of 100
    assert sheet.total == "80.0"
    assert [[cell["score"] for cell in row["cells"]] for row in sheet.comparison] == [
        [4, 2],
        [2, 0],
    ]
