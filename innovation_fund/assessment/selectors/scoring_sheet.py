"""What an assessor's scoring page shows beside the form: their saved scores in words, the
weighted total, and (once they have submitted) every assessor's scores side by side."""

from dataclasses import dataclass

from innovation_fund.applications.models import Application

from .. import scoring
from ..models import Assessment
from .assessments import scores_visible_to


@dataclass(frozen=True)
class ScoringSheet:
    scale: list[tuple[int, str]]
    highest: int
    rows: list[dict]  # this person's score and comment for each criterion, in words
    total: str | None  # the weighted total as shown, None while nothing can be added up
    others: list  # other assessors' submitted scores, only once this person has submitted
    comparison: list[dict]  # each criterion: this person's cell first, then each other's


def saved_scores(assessment: Assessment | None) -> dict[int, tuple[int | None, str]]:
    """Criterion id → (score, comment) as this person last saved them."""
    if assessment is None:
        return {}
    return {score.criterion_id: (score.score, score.comment) for score in assessment.scores.all()}


def scoring_sheet(
    user, application: Application, criteria: list, assessment: Assessment | None
) -> ScoringSheet:
    descriptors = list(application.round.score_descriptors)
    saved = saved_scores(assessment)
    highest = scoring.highest_score(descriptors)
    total = None
    if highest and criteria:
        own = {criterion_id: score for criterion_id, (score, _) in saved.items()}
        total = scoring.weighted_total(own, criteria, highest)
    submitted = assessment is not None and assessment.state == Assessment.State.SUBMITTED
    others = scores_visible_to(user, application) if submitted else []
    return ScoringSheet(
        scale=list(enumerate(descriptors)),
        highest=highest,
        rows=_rows(criteria, descriptors, saved),
        total=scoring.shown(total) if total is not None else None,
        others=others,
        comparison=_comparison(criteria, descriptors, saved, others),
    )


def _descriptor(descriptors: list[str], score: int | None) -> str:
    return descriptors[score] if score is not None and 0 <= score < len(descriptors) else ""


def _rows(criteria, descriptors, saved) -> list[dict]:
    rows = []
    for criterion in criteria:
        score, comment = saved.get(criterion.pk, (None, ""))
        rows.append(
            {
                "criterion": criterion,
                "score": score,
                "descriptor": _descriptor(descriptors, score),
                "comment": comment,
            }
        )
    return rows


def _comparison(criteria, descriptors, saved, others) -> list[dict]:
    rows = []
    for criterion in criteria:
        own_score, own_comment = saved.get(criterion.pk, (None, ""))
        cells = [{"score": own_score, "comment": own_comment}]
        cells += [
            {
                "score": other.scores.get(criterion.pk),
                "comment": other.comments.get(criterion.pk, ""),
            }
            for other in others
        ]
        for cell in cells:
            cell["descriptor"] = _descriptor(descriptors, cell["score"])
        rows.append({"criterion": criterion, "cells": cells})
    return rows
