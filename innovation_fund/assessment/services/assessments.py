"""An assessor's scores for a bid: saved as a draft as often as they like, then submitted once.

A submitted assessment is fixed. Saves carry the version the page was shown with, so a save
from a page left open in another tab does not silently overwrite a later one.

A save first locks the bid's round, the row `set_score_scale` locks, so an assessor's first save
and a change to the round's scoring scale never pass each other: whichever comes second waits
for the first and is checked against what it did.
"""

from django.db import transaction
from django.utils import timezone

from innovation_fund.applications.lifecycle import BEING_SCORED
from innovation_fund.applications.models import Application
from innovation_fund.core.audit import record
from innovation_fund.core.dates import format_datetime
from innovation_fund.core.errors import DomainError
from innovation_fund.core.permissions import Refused
from innovation_fund.organisations.models import Membership
from innovation_fund.programmes.models import Round

from .. import scoring
from ..bid_states import complete_if_assessed
from ..models import Assessment, Assignment, Score

# A bid is scored once submitted (assessors are assigned once it is found eligible) until its
# assessment is complete or the panel has decided.
SCORED_IN = (Application.State.SUBMITTED, *BEING_SCORED)


def score_field(criterion_id: int) -> str:
    return f"score_{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


class IncompleteScores(DomainError):
    """Submitting needs every criterion scored and commented on: one message per gap."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems[0][1], field=problems[0][0])
        self.problems = problems  # (form field name, message)


class StaleScores(DomainError):
    """The scores were saved (in another tab or window) after this page was opened."""

    def __init__(self, message: str, *, saved_at: str, current_version: int):
        super().__init__(message)
        self.saved_at = saved_at
        self.current_version = current_version


def _locked_round(assignment: Assignment) -> Round:
    return Round.objects.select_for_update(of=("self",)).get(
        applications__assignments__pk=assignment.pk
    )


def _locked_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=assignment.pk)
    )


def _check_may_score(user, assignment: Assignment) -> None:
    if assignment.assessor_id != user.pk:
        raise Refused("This bid is not assigned to you.")
    if assignment.state != Assignment.State.ACTIVE:
        raise Refused("This bid is no longer assigned to you.")
    if assignment.application.state not in SCORED_IN:
        raise Refused("This bid is not submitted for scoring now, so it cannot be scored.")
    if Membership.objects.filter(
        user=user, organisation_id=assignment.application.lead_organisation_id
    ).exists():
        raise Refused("You cannot assess a bid your own organisation leads.")


def _scores_for_audit(scores: dict[int, tuple[int | None, str]]) -> dict[str, dict]:
    return {
        str(criterion_id): {"score": score, "comment": comment}
        for criterion_id, (score, comment) in sorted(scores.items())
    }


@transaction.atomic
def save_scores(
    user,
    assignment: Assignment,
    entries: dict[int, tuple[int | None, str]],
    *,
    submit: bool,
    expected_version: int,
) -> Assessment:
    """Save the assessor's scores and comments (criterion id → (score, comment)), as a draft or
    submitted. Criteria not in `entries` keep what is saved. `expected_version` is the
    assessment's version when the page was shown (0 before the first save)."""
    # Lock order: the round, then things in it, as everywhere a round (or its programme) is
    # locked with what it holds. The scale is read under the lock, so it is the one that stands.
    round = _locked_round(assignment)
    if submit:
        # Then the bid, so two assessors submitting at once cannot both miss being the last.
        application = Application.objects.select_for_update(of=("self",)).get(
            pk=assignment.application_id
        )
    assignment = _locked_assignment(assignment)
    _check_may_score(user, assignment)
    assessment = Assessment.objects.select_for_update().filter(assignment=assignment).first()
    if assessment is not None and assessment.state == Assessment.State.SUBMITTED:
        raise DomainError(
            f"You submitted these scores at {format_datetime(assessment.submitted_at)}; "
            "they cannot be changed."
        )
    current_version = assessment.version if assessment is not None else 0
    if expected_version != current_version:
        raise StaleScores(
            (
                "These scores were saved in another tab or window after you opened this page, "
                "so what you entered has not been saved. Check the saved scores below against "
                "yours, then save again."
            ),
            saved_at=format_datetime(assessment.updated_at) if assessment else "",
            current_version=current_version,
        )

    criteria = {criterion.pk: criterion for criterion in round.criteria.all()}
    highest = scoring.highest_score(round.score_descriptors)
    for criterion_id, (score, _comment) in entries.items():
        if criterion_id not in criteria:
            raise DomainError("That is not one of this round's criteria.")
        if score is not None and not (
            isinstance(score, int) and not isinstance(score, bool) and 0 <= score <= highest
        ):
            raise DomainError(
                f"The score for {criteria[criterion_id].name} must be a whole number "
                f"from 0 to {highest}.",
                field=score_field(criterion_id),
            )

    saved = {score.criterion_id: score for score in assessment.scores.all()} if assessment else {}
    before = {criterion_id: (score.score, score.comment) for criterion_id, score in saved.items()}
    merged = dict(before)
    for criterion_id, (score, comment) in entries.items():
        merged[criterion_id] = (score, (comment or "").strip())

    if submit:
        problems = []
        for criterion in criteria.values():
            score, comment = merged.get(criterion.pk, (None, ""))
            if score is None:
                problems.append((score_field(criterion.pk), f"Select a score for {criterion.name}"))
            if not comment:
                problems.append(
                    (comment_field(criterion.pk), f"Enter a comment on {criterion.name}")
                )
        if problems:
            raise IncompleteScores(problems)

    now = timezone.now()
    state_before = assessment.state if assessment else None
    if assessment is None:
        assessment = Assessment.objects.create(assignment=assignment, updated_at=now)
    else:
        assessment.version += 1
        assessment.updated_at = now
    if submit:
        assessment.state = Assessment.State.SUBMITTED
        assessment.submitted_at = now
    assessment.save()

    for criterion_id, (score, comment) in merged.items():
        if before.get(criterion_id) == (score, comment):
            continue
        Score.objects.update_or_create(
            assessment=assessment,
            criterion_id=criterion_id,
            defaults={"score": score, "comment": comment},
        )

    if submit:
        complete_if_assessed(user, application)
    record(
        actor=user,
        action="assessment.submitted" if submit else "assessment.scores_saved",
        target=assessment,
        before={"state": state_before, "scores": _scores_for_audit(before)},
        after={
            "state": assessment.state,
            "version": assessment.version,
            "scores": _scores_for_audit(merged),
            "total": scoring.shown(
                scoring.weighted_total(
                    {cid: score for cid, (score, _) in merged.items()},
                    criteria.values(),
                    highest,
                )
            )
            if highest
            else None,
        },
    )
    return assessment
