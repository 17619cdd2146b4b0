"""The arithmetic of scores: weighted totals, averages and spreads. Pure functions, no queries.

A round's criteria carry weights that add up to 100, and each is scored on the round's scale
(0 to the highest descriptor). A weighted total is out of 100:

    total = Σ weight × score ÷ highest score

It is always computed from the scores, never typed, and kept exact (a Fraction) until shown.
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from innovation_fund.programmes.models import Criterion


def highest_score(score_descriptors: Sequence[str]) -> int:
    return len(score_descriptors) - 1


def weighted_total(
    scores: Mapping[int, int | None], criteria: Iterable[Criterion], highest: int
) -> Fraction | None:
    """Out of 100, from scores by criterion id; None until every criterion has a score."""
    total = Fraction(0)
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None:
            return None
        total += Fraction(criterion.weight * score, highest)
    return total


def mean(values: Iterable[Fraction | int]) -> Fraction | None:
    values = [Fraction(value) for value in values]
    if not values:
        return None
    return sum(values, Fraction(0)) / len(values)


def spread(values: Iterable[int]) -> int | None:
    """How far apart the highest and lowest scores are (None with no scores)."""
    values = list(values)
    if not values:
        return None
    return max(values) - min(values)


def disagree(scores_by_assessor: Iterable[Mapping[int, int | None]], threshold: int) -> set[int]:
    """The criteria (by id) on which assessors' scores differ by more than the threshold."""
    by_criterion: dict[int, list[int]] = {}
    for scores in scores_by_assessor:
        for criterion_id, score in scores.items():
            if score is not None:
                by_criterion.setdefault(criterion_id, []).append(score)
    return {
        criterion_id
        for criterion_id, values in by_criterion.items()
        if (spread(values) or 0) > threshold
    }


def shown(value: Fraction | None, places: int = 1) -> str:
    """A total as people read it: 72.5 (half up), or an em dash when there is none."""
    if value is None:
        return "–"
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
