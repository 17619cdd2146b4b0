"""Reads for assessors' pages: their assigned bids, their own scores, and, once they have
submitted, the other assessors' submitted scores.

`submitted_assessments` is the one place submitted scores are read for many bids at once
(moderation and ranking reuse it); it makes the same three queries however many bids it is given.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from django.db.models import Prefetch, QuerySet, Sum

from innovation_fund.applications.models import Application
from innovation_fund.programmes.models import Criterion, Round

from .. import policies, scoring
from ..models import Assessment, Assignment, Score

STATUS_NOT_STARTED = "Not started"
STATUS_IN_PROGRESS = "In progress"
STATUS_SUBMITTED = "Submitted"


def scorable_assignments(user) -> QuerySet[Assignment]:
    """The person's active assignments of submitted bids, never a bid their own organisation
    leads (whatever the assignment says, an applicant must not score or see scores of it)."""
    return policies.assignments_of(user).exclude(
        application__lead_organisation__memberships__user=user
    )


@dataclass
class AssignedBid:
    assignment: Assignment
    application: Application
    status: str


@dataclass
class RoundOfBids:
    round: Round
    bids: list[AssignedBid] = field(default_factory=list)


def assessment_status(assessment: Assessment | None) -> str:
    if assessment is None:
        return STATUS_NOT_STARTED
    if assessment.state == Assessment.State.SUBMITTED:
        return STATUS_SUBMITTED
    return STATUS_IN_PROGRESS


def _assessment_or_none(assignment: Assignment) -> Assessment | None:
    try:
        return assignment.assessment
    except Assessment.DoesNotExist:
        return None


def my_assignments(user) -> list[RoundOfBids]:
    """The person's assigned bids grouped by round, in one query."""
    assignments = (
        scorable_assignments(user)
        .select_related(
            "application__lead_organisation",
            "application__round__programme",
            "assessment",
        )
        .order_by(
            "application__round__programme__name",
            "application__round__number",
            "application__reference",
        )
    )
    rounds: dict[int, RoundOfBids] = {}
    for assignment in assignments:
        application = assignment.application
        group = rounds.setdefault(application.round_id, RoundOfBids(round=application.round))
        group.bids.append(
            AssignedBid(
                assignment=assignment,
                application=application,
                status=assessment_status(_assessment_or_none(assignment)),
            )
        )
    return list(rounds.values())


def assignment_for_scoring(user, reference: str) -> Assignment:
    """The person's active assignment of this submitted bid (Assignment.DoesNotExist otherwise)."""
    return (
        scorable_assignments(user)
        .select_related(
            "application__lead_organisation",
            "application__focus_area",
            "application__round__programme",
        )
        .get(application__reference=reference)
    )


def amount_requested(application: Application) -> int:
    """What the bid asks for, in pence: the sum of its budget lines."""
    total = application.budget_lines.aggregate(total=Sum("amount_pence"))["total"]
    return total or 0


def own_assessment(assignment: Assignment) -> Assessment | None:
    """The person's assessment of the bid, with its scores, or None before their first save."""
    return (
        Assessment.objects.filter(assignment=assignment)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .first()
    )


@dataclass
class SubmittedAssessment:
    """One assessor's submitted scores for one bid, ready to show or compare."""

    assessment_id: int
    assignment_id: int
    application_id: int
    assessor_id: int
    assessor_name: str
    submitted_at: datetime | None
    scores: dict[int, int | None]  # by criterion id
    comments: dict[int, str]  # by criterion id
    total: Fraction | None  # out of 100, None if a criterion has no score

    @property
    def total_shown(self) -> str:
        return scoring.shown(self.total)


def submitted_assessments(
    application_ids: Iterable[int],
) -> dict[int, list[SubmittedAssessment]]:
    """Each bid's submitted assessments (by active assignments only: a withdrawn assessor's
    scores do not count), in the order they were submitted. Three queries for any number of
    bids."""
    application_ids = list(application_ids)
    result: dict[int, list[SubmittedAssessment]] = {pk: [] for pk in application_ids}
    if not application_ids:
        return result
    assessments = list(
        Assessment.objects.filter(
            state=Assessment.State.SUBMITTED,
            assignment__state=Assignment.State.ACTIVE,
            assignment__application_id__in=application_ids,
        )
        .select_related("assignment__assessor", "assignment__application")
        .prefetch_related("scores")
        .order_by("submitted_at", "id")
    )
    round_ids = {assessment.assignment.application.round_id for assessment in assessments}
    criteria_by_round: dict[int, list[Criterion]] = {}
    if round_ids:
        for criterion in Criterion.objects.filter(round_id__in=round_ids).select_related("round"):
            criteria_by_round.setdefault(criterion.round_id, []).append(criterion)
    for assessment in assessments:
        assignment = assessment.assignment
        application = assignment.application
        criteria = criteria_by_round.get(application.round_id, [])
        highest = scoring.highest_score(criteria[0].round.score_descriptors) if criteria else 0
        scores = {score.criterion_id: score.score for score in assessment.scores.all()}
        comments = {score.criterion_id: score.comment for score in assessment.scores.all()}
        result[application.pk].append(
            SubmittedAssessment(
                assessment_id=assessment.pk,
                assignment_id=assignment.pk,
                application_id=application.pk,
                assessor_id=assignment.assessor_id,
                assessor_name=assignment.assessor.display_name,
                submitted_at=assessment.submitted_at,
                scores=scores,
                comments=comments,
                total=scoring.weighted_total(scores, criteria, highest) if highest else None,
            )
        )
    return result


def scores_visible_to(user, application: Application) -> list[SubmittedAssessment]:
    """Other assessors' submitted assessments of the bid, and only once this person has
    submitted their own; an empty list before then (and for anyone not assigned the bid)."""
    own_submitted = (
        scorable_assignments(user)
        .filter(application=application, assessment__state=Assessment.State.SUBMITTED)
        .exists()
    )
    if not own_submitted:
        return []
    return [
        submitted
        for submitted in submitted_assessments([application.pk])[application.pk]
        if submitted.assessor_id != user.pk
    ]
