"""Moderation: disagreements flagged, the final score rule, and recording moderated scores."""

from fractions import Fraction

import pytest

from innovation_fund.applications.models import Application
from innovation_fund.assessment.models import Decision, EligibilityCheck, Moderation
from innovation_fund.assessment.selectors import moderation as selectors
from innovation_fund.assessment.services.moderation import moderate
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
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
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def bid_scored_by(funding_round, *score_lists, drafts=()):
    """An eligible bid with one submitted assessment per list of scores (and drafts)."""
    bid = submitted_bid(funding_round)
    eligible(bid)
    for scores in score_lists:
        scored(assigned(bid, assessor_of(funding_round)), scores)
    for scores in drafts:
        scored(assigned(bid, assessor_of(funding_round)), scores, submitted=False)
    return bid


def criteria_ids(funding_round):
    return [criterion.pk for criterion in funding_round.criteria.all()]


# Flags: a criterion is flagged when the spread is more than the round's threshold


@pytest.mark.parametrize(
    ("second_assessor", "flagged"),
    [([4, 2], True), ([3, 2], False), ([2, 2], False)],
    ids=["spread above the threshold", "spread at the threshold", "spread below the threshold"],
)
def test_a_bid_is_flagged_only_when_a_spread_exceeds_the_threshold(second_assessor, flagged):
    funding_round = assessed_round(disagreement_threshold=2)
    bid = bid_scored_by(funding_round, [1, 2], second_assessor)

    scores = selectors.bid_scores(bid)

    assert scores.is_flagged is flagged
    first = criteria_ids(funding_round)[0]
    assert scores.spreads[first] == second_assessor[0] - 1
    assert scores.largest_spread == second_assessor[0] - 1
    assert (first in scores.disagreements) is flagged
    assert [row.flagged for row in scores.rows] == [flagged, False]


def test_the_overview_can_show_only_flagged_bids():
    funding_round = assessed_round(disagreement_threshold=1)
    calm = bid_scored_by(funding_round, [2, 2], [3, 2])
    split = bid_scored_by(funding_round, [0, 2], [4, 2])

    every = selectors.moderation_overview(funding_round)
    flagged = selectors.moderation_overview(funding_round, flagged_only=True)

    assert {bid.application for bid in every} == {calm, split}
    assert [bid.application for bid in flagged] == [split]


def test_the_overview_lists_only_eligible_submitted_bids():
    funding_round = assessed_round()
    listed = bid_scored_by(funding_round, [2, 2])
    unchecked = submitted_bid(funding_round)
    ineligible = submitted_bid(funding_round)
    EligibilityCheck.objects.create(
        application=ineligible, is_eligible=False, checked_by=manager_of(funding_round)
    )
    withdrawn = bid_scored_by(funding_round, [2, 2])
    Application.objects.filter(pk=withdrawn.pk).update(state=Application.State.WITHDRAWN)

    bids = selectors.moderation_overview(funding_round)

    assert [bid.application for bid in bids] == [listed]
    assert unchecked not in [bid.application for bid in bids]


# The final score rule


def test_final_score_is_the_mean_once_every_assessor_has_submitted():
    funding_round = assessed_round(weights=(60, 40))
    bid = bid_scored_by(funding_round, [4, 2], [2, 2])
    # (60 + 20) and (30 + 20): mean 65
    assert selectors.bid_scores(bid).final_score == Fraction(65)
    assert selectors.final_score_of(bid) == Fraction(65)


def test_final_score_waits_for_every_active_assignment():
    funding_round = assessed_round()
    bid = bid_scored_by(funding_round, [4, 2], drafts=[[1, None]])
    assert selectors.bid_scores(bid).final_score is None


def test_a_bid_with_no_assessments_has_no_final_score():
    funding_round = assessed_round()
    bid = submitted_bid(funding_round)
    eligible(bid)
    assert selectors.final_score_of(bid) is None


def test_a_withdrawn_assessors_scores_do_not_count():
    funding_round = assessed_round(weights=(50, 50))
    bid = bid_scored_by(funding_round, [4, 4], [0, 0])
    withdrawn = bid.assignments.order_by("id").last()
    withdrawn.state = withdrawn.State.WITHDRAWN
    withdrawn.save()

    scores = selectors.bid_scores(bid)

    assert scores.submitted_count == 1
    assert scores.active_assignments == 1
    assert scores.final_score == Fraction(100)


def test_the_latest_moderation_is_the_final_score():
    funding_round = assessed_round(weights=(60, 40))
    bid = bid_scored_by(funding_round, [4, 4], [4, 4])
    moderator = moderator_of(funding_round)
    first, second = criteria_ids(funding_round)
    moderate(moderator, bid, {first: 0, second: 0}, "Too generous")
    moderate(moderator, bid, {first: 2, second: 4}, "On reflection")

    scores = selectors.bid_scores(bid)

    assert scores.final_score == Fraction(70)  # 60 × 2/4 + 40
    assert scores.mean == Fraction(100)
    assert [record.counts for record in scores.moderations] == [False, True]


def test_final_scores_for_bids_in_several_rounds():
    one, other = assessed_round(), assessed_round(weights=(100,))
    first = bid_scored_by(one, [4, 0])
    second = bid_scored_by(other, [2])
    assert selectors.final_scores([first, second]) == {
        first.pk: Fraction(60),
        second.pk: Fraction(50),
    }


# Recording a moderation


def ready_bid(funding_round=None):
    funding_round = funding_round or assessed_round()
    return bid_scored_by(funding_round, [1, 2], [4, 2])


def test_a_moderator_records_scores_with_a_reason_and_it_is_audited():
    bid = ready_bid()
    moderator = moderator_of(bid.round)
    first, second = criteria_ids(bid.round)

    moderation = moderate(moderator, bid, {first: 3, second: 2}, "  The panel agreed 3.  ")

    assert moderation.moderator == moderator
    assert moderation.reason == "The panel agreed 3."
    assert {s.criterion_id: s.score for s in moderation.scores.all()} == {first: 3, second: 2}
    event = AuditEvent.objects.get(action="assessment.moderated")
    assert event.object_id == str(moderation.pk)
    assert event.after["scores"] == {str(first): 3, str(second): 2}


def test_someone_who_is_not_a_moderator_cannot_moderate():
    bid = ready_bid()
    first, second = criteria_ids(bid.round)
    other_programme = assessed_round(programme=ProgrammeFactory(slug="another-programme"))
    for person in (manager_of(bid.round), assessor_of(bid.round), moderator_of(other_programme)):
        with pytest.raises(Refused):
            moderate(person, bid, {first: 3, second: 2}, "Agreed")
    assert not Moderation.objects.exists()


def test_a_bid_that_is_not_submitted_cannot_be_moderated():
    bid = ready_bid()
    Application.objects.filter(pk=bid.pk).update(state=Application.State.WITHDRAWN)
    first, second = criteria_ids(bid.round)
    with pytest.raises(DomainError, match="submitted"):
        moderate(moderator_of(bid.round), bid, {first: 3, second: 2}, "Agreed")


@pytest.mark.parametrize("check", ["missing", "not eligible"])
def test_a_bid_not_found_eligible_cannot_be_moderated(check):
    bid = ready_bid()
    if check == "missing":
        bid.eligibility_check.delete()
    else:
        EligibilityCheck.objects.filter(application=bid).update(is_eligible=False)
    first, second = criteria_ids(bid.round)
    with pytest.raises(DomainError, match="eligible"):
        moderate(moderator_of(bid.round), bid, {first: 3, second: 2}, "Agreed")


def test_moderation_waits_for_every_assigned_assessor():
    funding_round = assessed_round()
    bid = bid_scored_by(funding_round, [1, 2], drafts=[[3, None]])
    first, second = criteria_ids(funding_round)
    with pytest.raises(DomainError) as refused:
        moderate(moderator_of(funding_round), bid, {first: 3, second: 2}, "Agreed")
    assert refused.value.message == (
        "Moderation can start when every assigned assessor has submitted: 1 of 2 have."
    )


def test_moderation_needs_a_submitted_assessment():
    funding_round = assessed_round()
    bid = submitted_bid(funding_round)
    eligible(bid)
    first, second = criteria_ids(funding_round)
    with pytest.raises(DomainError, match="assessors have been assigned"):
        moderate(moderator_of(funding_round), bid, {first: 3, second: 2}, "Agreed")


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({0: 3}, "Choose a score for Criterion 2"),
        ({0: 3, 1: 5}, "The score for Criterion 2 must be a whole number from 0 to 4"),
        ({0: -1, 1: 2}, "The score for Criterion 1 must be a whole number from 0 to 4"),
    ],
)
def test_every_criterion_needs_a_score_on_the_scale(scores, message):
    bid = ready_bid()
    ids = criteria_ids(bid.round)
    with pytest.raises(DomainError) as refused:
        moderate(
            moderator_of(bid.round),
            bid,
            {ids[index]: value for index, value in scores.items()},
            "Agreed",
        )
    assert refused.value.message == message
    missing_or_wrong = ids[1] if "Criterion 2" in message else ids[0]
    assert refused.value.field == f"criterion_{missing_or_wrong}"


def test_a_score_for_another_rounds_criterion_is_refused():
    bid = ready_bid()
    first, second = criteria_ids(bid.round)
    stranger = criteria_ids(assessed_round())[0]
    with pytest.raises(DomainError, match="criterion this round does not have"):
        moderate(moderator_of(bid.round), bid, {first: 3, second: 2, stranger: 1}, "Agreed")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_moderation_needs_a_reason(reason):
    bid = ready_bid()
    first, second = criteria_ids(bid.round)
    with pytest.raises(DomainError) as refused:
        moderate(moderator_of(bid.round), bid, {first: 3, second: 2}, reason)
    assert refused.value.field == "reason"
    assert not Moderation.objects.exists()


def test_no_moderation_once_the_panel_has_decided():
    bid = ready_bid()
    Decision.objects.create(
        application=bid,
        outcome=Decision.Outcome.DEFER,
        reasons="Wait for the next panel",
        decided_by=manager_of(bid.round),
    )
    first, second = criteria_ids(bid.round)
    with pytest.raises(DomainError, match="The panel has decided on this bid"):
        moderate(moderator_of(bid.round), bid, {first: 3, second: 2}, "Agreed")
