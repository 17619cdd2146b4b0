"""Scoring by assessors: drafts, submission, refusals, weighted totals, and independence (no one
sees another assessor's scores before submitting their own)."""

from fractions import Fraction

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from innovation_fund.applications.models import Application
from innovation_fund.assessment import scoring
from innovation_fund.assessment.models import Assessment, Assignment
from innovation_fund.assessment.selectors.assessments import (
    my_assignments,
    scores_visible_to,
    submitted_assessments,
)
from innovation_fund.assessment.services.assessments import (
    IncompleteScores,
    StaleScores,
    save_scores,
)
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.programmes.models import Round
from tests.applications.builders import officer_of
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    scored,
    submitted_bid,
)
from tests.factories import CriterionFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding_round():
    return assessed_round(weights=(60, 40))  # the default scale: 0 to 4


@pytest.fixture
def bid(funding_round):
    return submitted_bid(funding_round)


@pytest.fixture
def assessor(funding_round):
    return assessor_of(funding_round)


@pytest.fixture
def assignment(bid, assessor):
    return assigned(bid, assessor)


def criteria_of(funding_round):
    return list(funding_round.criteria.all())


def full_entries(funding_round, scores=(3, 2)):
    return {
        criterion.pk: (score, f"Reason for {score}")
        for criterion, score in zip(criteria_of(funding_round), scores, strict=True)
    }


# Drafts and submission


def test_a_first_draft_creates_the_assessment_and_may_be_incomplete(
    funding_round, assessor, assignment
):
    first, second = criteria_of(funding_round)

    assessment = save_scores(
        assessor, assignment, {first.pk: (3, "Strong plan")}, submit=False, expected_version=0
    )

    assert assessment.state == Assessment.State.DRAFT
    assert assessment.version == 1
    assert {s.criterion_id: (s.score, s.comment) for s in assessment.scores.all()} == {
        first.pk: (3, "Strong plan")
    }
    event = AuditEvent.objects.get(action="assessment.scores_saved")
    assert event.after["scores"] == {str(first.pk): {"score": 3, "comment": "Strong plan"}}
    assert event.after["state"] == "draft"


def test_each_save_bumps_the_version_and_keeps_criteria_not_given(
    funding_round, assessor, assignment
):
    first, second = criteria_of(funding_round)
    save_scores(assessor, assignment, {first.pk: (3, "A")}, submit=False, expected_version=0)

    assessment = save_scores(
        assessor, assignment, {second.pk: (1, "B")}, submit=False, expected_version=1
    )

    assert assessment.version == 2
    assert {s.criterion_id: (s.score, s.comment) for s in assessment.scores.all()} == {
        first.pk: (3, "A"),
        second.pk: (1, "B"),
    }


def test_submitting_fixes_the_scores_and_is_recorded(funding_round, assessor, assignment):
    assessment = save_scores(
        assessor, assignment, full_entries(funding_round), submit=True, expected_version=0
    )

    assert assessment.state == Assessment.State.SUBMITTED
    assert assessment.submitted_at is not None
    event = AuditEvent.objects.get(action="assessment.submitted")
    assert event.actor == assessor
    assert event.after["total"] == "65.0"
    assert {value["score"] for value in event.after["scores"].values()} == {3, 2}


def test_submitting_needs_every_criterion_scored_and_commented(funding_round, assessor, assignment):
    first, second = criteria_of(funding_round)

    with pytest.raises(IncompleteScores) as refused:
        save_scores(
            assessor,
            assignment,
            {first.pk: (3, ""), second.pk: (None, "Some reason")},
            submit=True,
            expected_version=0,
        )

    assert [name for name, _ in refused.value.problems] == [
        f"comment_{first.pk}",
        f"score_{second.pk}",
    ]
    assert not Assessment.objects.exists()


def test_submitted_scores_cannot_be_changed(funding_round, assessor, assignment):
    save_scores(assessor, assignment, full_entries(funding_round), submit=True, expected_version=0)

    with pytest.raises(DomainError, match="You submitted these scores at .*cannot be changed"):
        save_scores(
            assessor,
            assignment,
            full_entries(funding_round, (0, 0)),
            submit=False,
            expected_version=1,
        )
    assert sorted(s.score for s in Assessment.objects.get().scores.all()) == [2, 3]


def test_a_save_from_a_page_opened_before_the_last_save_is_refused(
    funding_round, assessor, assignment
):
    first, _ = criteria_of(funding_round)
    save_scores(
        assessor, assignment, {first.pk: (3, "Saved first")}, submit=False, expected_version=0
    )

    with pytest.raises(StaleScores) as refused:
        save_scores(
            assessor, assignment, {first.pk: (1, "Older tab")}, submit=False, expected_version=0
        )

    assert refused.value.current_version == 1
    assert "another tab or window" in refused.value.message
    assert Assessment.objects.get().scores.get().comment == "Saved first"


def test_a_save_locks_the_round_before_the_assignment(
    funding_round, assessor, assignment, monkeypatch
):
    # Changing the scale locks the round and refuses once an assessment exists; a save must
    # take the same lock, or a first save and a new scale could both commit. Round first, as
    # everywhere that locks a round and something in it, so the two never deadlock.
    locked = []
    real_select_for_update = QuerySet.select_for_update

    def spy(queryset, *args, **kwargs):
        locked.append(queryset.model)
        return real_select_for_update(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    save_scores(assessor, assignment, full_entries(funding_round), submit=False, expected_version=0)
    assert locked[:2] == [Round, Assignment]


# Refusals


def test_only_the_assignee_may_save(funding_round, assignment):
    someone_else = assessor_of(funding_round)

    with pytest.raises(Refused):
        save_scores(
            someone_else, assignment, full_entries(funding_round), submit=False, expected_version=0
        )


def test_a_withdrawn_assignment_cannot_be_scored(funding_round, assessor, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(state=Assignment.State.WITHDRAWN)

    with pytest.raises(Refused, match="no longer assigned"):
        save_scores(
            assessor, assignment, full_entries(funding_round), submit=False, expected_version=0
        )


def test_a_bid_no_longer_submitted_cannot_be_scored(funding_round, bid, assessor, assignment):
    Application.objects.filter(pk=bid.pk).update(state=Application.State.WITHDRAWN)

    with pytest.raises(Refused, match="not submitted"):
        save_scores(
            assessor, assignment, full_entries(funding_round), submit=False, expected_version=0
        )


def test_a_member_of_the_lead_organisation_may_not_score_it(funding_round, bid, assessor):
    MembershipFactory(organisation=bid.lead_organisation, user=assessor)
    assignment = assigned(bid, assessor)

    with pytest.raises(Refused):
        save_scores(
            assessor, assignment, full_entries(funding_round), submit=False, expected_version=0
        )


@pytest.mark.parametrize("score", [5, -1, True, "3"])
def test_a_score_off_the_scale_is_refused(funding_round, assessor, assignment, score):
    first, _ = criteria_of(funding_round)

    with pytest.raises(DomainError) as refused:
        save_scores(assessor, assignment, {first.pk: (score, "")}, submit=False, expected_version=0)

    assert refused.value.field == f"score_{first.pk}"
    assert "from 0 to 4" in refused.value.message
    assert not Assessment.objects.exists()


def test_a_criterion_of_another_round_is_refused(assessor, assignment):
    stranger = CriterionFactory(round=assessed_round(weights=()), weight=100)

    with pytest.raises(DomainError, match="not one of this round's criteria"):
        save_scores(assessor, assignment, {stranger.pk: (2, "")}, submit=False, expected_version=0)


# Weighted totals


def test_weighted_total_of_60_40_on_0_to_4_with_3_and_2_is_65(funding_round, bid, assignment):
    save_scores(
        assignment.assessor,
        assignment,
        full_entries(funding_round, (3, 2)),
        submit=True,
        expected_version=0,
    )

    [submitted] = submitted_assessments([bid.pk])[bid.pk]

    assert submitted.total == Fraction(65)
    assert submitted.total_shown == "65.0"


def test_weighted_totals_are_exact_fractions_until_shown():
    thirds = assessed_round(
        weights=(60, 40), score_descriptors=["None", "Some", "Most", "All"]
    )  # 0 to 3
    bid = submitted_bid(thirds)
    scored(assigned(bid, assessor_of(thirds)), [1, 1])
    scored(assigned(bid, assessor_of(thirds)), [2, 1])

    first, second = submitted_assessments([bid.pk])[bid.pk]

    assert first.total == Fraction(100, 3)
    assert first.total_shown == "33.3"
    assert second.total == Fraction(160, 3)
    assert second.total_shown == "53.3"
    assert scoring.mean([first.total, second.total]) == Fraction(130, 3)


# Independence: nothing of another assessor's before one's own submission


def test_other_scores_are_hidden_until_the_persons_own_are_submitted(
    funding_round, bid, assessor, assignment
):
    other = scored(assigned(bid, assessor_of(funding_round)), [4, 4])
    scored(assigned(bid, assessor_of(funding_round)), [0, 1], submitted=False)

    assert scores_visible_to(assessor, bid) == []
    save_scores(assessor, assignment, full_entries(funding_round), submit=False, expected_version=0)
    assert scores_visible_to(assessor, bid) == []

    save_scores(assessor, assignment, full_entries(funding_round), submit=True, expected_version=1)

    visible = scores_visible_to(assessor, bid)
    assert [entry.assessment_id for entry in visible] == [other.pk]  # not the draft, not their own
    assert visible[0].total == Fraction(100)


def test_no_scores_are_visible_to_someone_not_assigned_or_to_the_applicant(funding_round, bid):
    scored(assigned(bid, assessor_of(funding_round)), [4, 4])

    assert scores_visible_to(assessor_of(funding_round), bid) == []
    assert scores_visible_to(officer_of(bid), bid) == []


def test_a_withdrawn_assessors_submitted_scores_do_not_count(funding_round, bid):
    withdrawn = assigned(bid, assessor_of(funding_round))
    scored(withdrawn, [4, 4])
    Assignment.objects.filter(pk=withdrawn.pk).update(state=Assignment.State.WITHDRAWN)

    assert submitted_assessments([bid.pk]) == {bid.pk: []}


def test_submitted_assessments_makes_the_same_queries_for_many_bids(funding_round):
    other_round = assessed_round(weights=(50, 25, 25))

    def bids(count):
        made = []
        for index in range(count):
            chosen = funding_round if index % 2 else other_round
            bid = submitted_bid(chosen)
            weights = len(chosen.criteria.all())
            for _ in range(2):
                scored(assigned(bid, assessor_of(chosen)), [2] * weights)
            made.append(bid.pk)
        return made

    few, many = bids(2), bids(6)
    with CaptureQueriesContext(connection) as for_few:
        result = submitted_assessments(few)
    with CaptureQueriesContext(connection) as for_many:
        submitted_assessments(many)

    assert len(for_few) == len(for_many) == 3
    assert all(len(entries) == 2 for entries in result.values())
    assert all(entry.total == Fraction(50) for entries in result.values() for entry in entries)


def test_my_assignments_groups_by_round_with_status(funding_round, bid, assessor, assignment):
    second_bid = submitted_bid(funding_round)
    scored(assigned(second_bid, assessor), [1, None], submitted=False)
    other_round = assessed_round()
    third = submitted_bid(other_round)
    scored(assigned(third, assessor), [1, 1])
    submitted_bid(funding_round)  # not assigned to them

    groups = my_assignments(assessor)

    assert [group.round for group in groups] == sorted(
        [funding_round, other_round], key=lambda r: r.number
    )
    statuses = {
        entry.application.reference: entry.status for group in groups for entry in group.bids
    }
    assert statuses == {
        bid.reference: "Not started",
        second_bid.reference: "In progress",
        third.reference: "Submitted",
    }
