"""Recording a moderated score: the panel's agreed scores for a bid, with the reason.

A moderation is never changed; a later one replaces it as the one that counts, and every
earlier one stays on the record. Moderation starts only once every assigned assessor has
submitted, and stops once the panel has decided on the bid.
"""

from django.db import transaction

from innovation_fund.applications.lifecycle import BID_LIFECYCLE, WITH_THE_PROGRAMME
from innovation_fund.applications.models import Application
from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.permissions import Refused

from .. import policies, scoring
from ..bid_states import complete_if_assessed
from ..models import (
    Assessment,
    Assignment,
    Decision,
    EligibilityCheck,
    ModeratedScore,
    Moderation,
)


def score_field(criterion_id: int) -> str:
    """The form field a criterion's moderated score is typed in (errors point at it)."""
    return f"criterion_{criterion_id}"


def readiness_problem(application: Application) -> str | None:
    """Why this bid cannot be moderated yet (or any more), or None if it can."""
    if application.state not in WITH_THE_PROGRAMME:
        return "Only a submitted bid can be moderated."
    check = EligibilityCheck.objects.filter(application=application).first()
    if check is None:
        return "Moderation can start when the bid has been checked and found eligible."
    if not check.is_eligible:
        return "The bid was found not eligible, so it is not moderated."
    active = list(
        Assignment.objects.active().filter(application=application).select_related("assessment")
    )
    submitted = sum(
        1
        for assignment in active
        if getattr(assignment, "assessment", None) is not None
        and assignment.assessment.state == Assessment.State.SUBMITTED
    )
    if not active:
        return "Moderation can start when assessors have been assigned and have submitted."
    if submitted < len(active):
        return (
            "Moderation can start when every assigned assessor has submitted: "
            f"{submitted} of {len(active)} have."
        )
    if Decision.objects.current().filter(application=application).exists():
        return "The panel has decided on this bid; its scores can no longer be moderated."
    # Records say every assessment is in; an eligible bid is moved on when moderated (an
    # assignment ended elsewhere, as by a conflict declared, may have completed it).
    if application.state != Application.State.ELIGIBLE and (
        BID_LIFECYCLE.row(application.state, "moderate") is None
    ):
        return (
            "Moderation can start when the bid's assessment is complete: it is "
            f"{BID_LIFECYCLE.label_of(application.state).lower()}."
        )
    return None


def _checked_scores(application: Application, scores: dict[int, int]) -> dict[int, int]:
    round = application.round
    criteria = list(round.criteria.all())
    highest = scoring.highest_score(round.score_descriptors)
    known = {criterion.pk for criterion in criteria}
    for criterion_id in scores:
        if criterion_id not in known:
            raise DomainError("A score was given for a criterion this round does not have.")
    checked = {}
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None:
            raise DomainError(
                f"Choose a score for {criterion.name}", field=score_field(criterion.pk)
            )
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= highest:
            raise DomainError(
                f"The score for {criterion.name} must be a whole number from 0 to {highest}",
                field=score_field(criterion.pk),
            )
        checked[criterion.pk] = score
    return checked


@transaction.atomic
def moderate(user, application: Application, scores: dict[int, int], reason: str) -> Moderation:
    """Record a moderated score for each of the round's criteria (by criterion id)."""
    # Locking the bid puts two moderators, or a moderator and a decision, one after the other.
    application = (
        Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    )
    if not policies.may_moderate(user, application.round):
        raise Refused("Only a moderator of this programme can moderate its bids.")
    problem = readiness_problem(application)
    if problem:
        raise DomainError(problem)
    complete_if_assessed(user, application)
    BID_LIFECYCLE.check(application, "moderate")  # the table's row: the state stays assessed
    checked = _checked_scores(application, scores)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why these are the scores", field="reason")

    previous = application.moderations.order_by("moderated_at", "id").last()
    before = None
    if previous is not None:
        before = {
            "moderation": previous.pk,
            "scores": {str(score.criterion_id): score.score for score in previous.scores.all()},
        }
    moderation = Moderation.objects.create(application=application, moderator=user, reason=reason)
    ModeratedScore.objects.bulk_create(
        ModeratedScore(moderation=moderation, criterion_id=criterion_id, score=score)
        for criterion_id, score in checked.items()
    )
    record(
        actor=user,
        action="assessment.moderated",
        target=moderation,
        before=before,
        after={
            "application": application.reference,
            "scores": {str(criterion_id): score for criterion_id, score in checked.items()},
            "reason": reason,
        },
    )
    return moderation
