"""A round's scoring scale: scores run from 0 to one less than the number of descriptors."""

from collections.abc import Sequence


def highest_score(score_descriptors: Sequence[str]) -> int:
    return len(score_descriptors) - 1
