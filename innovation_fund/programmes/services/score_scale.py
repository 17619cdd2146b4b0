"""A round's scoring scale: what each score means."""

from collections.abc import Iterable

from django.db import transaction

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError

from ..models import Round
from ..scoring_scale import highest_score
from ._shared import must_manage

FEWEST_SCALE_POINTS = 2
MOST_SCALE_POINTS = 11  # 0 to 10
DESCRIPTOR_MAX = 200


def set_score_scale(user, funding_round: Round, descriptors: Iterable[str]) -> Round:
    """Declare the round's scoring scale: what each score means, from 0 upwards.

    Refused once any assessor has started scoring the round's bids, since their scores are on
    the old scale. The disagreement threshold must still fit within the new scale.
    """
    must_manage(user, funding_round.programme)
    descriptors = [text.strip() for text in descriptors if text.strip()]
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=funding_round.pk)
        if locked.applications.filter(assignments__assessment__isnull=False).exists():
            raise DomainError(
                "Assessors have started scoring this round's bids, so its scale can no longer "
                "change",
                field="descriptors",
            )
        if not FEWEST_SCALE_POINTS <= len(descriptors) <= MOST_SCALE_POINTS:
            raise DomainError(
                f"Enter between {FEWEST_SCALE_POINTS} and {MOST_SCALE_POINTS} scores, one on "
                "each line, starting with what 0 means",
                field="descriptors",
            )
        too_long = [number for number, text in enumerate(descriptors) if len(text) > DESCRIPTOR_MAX]
        if too_long:
            raise DomainError(
                f"What score {too_long[0]} means must be {DESCRIPTOR_MAX} characters or fewer",
                field="descriptors",
            )
        highest = highest_score(descriptors)
        if locked.disagreement_threshold > highest:
            raise DomainError(
                f"The round flags bids whose scores differ by more than "
                f"{locked.disagreement_threshold}, which needs a scale up to at least "
                f"{locked.disagreement_threshold}: add scores or lower that threshold first",
                field="descriptors",
            )
        before = {"score_descriptors": locked.score_descriptors}
        locked.score_descriptors = descriptors
        locked.version += 1
        locked.save(update_fields=["score_descriptors", "version"])
        record(
            actor=user,
            action="round.score_scale_set",
            target=locked,
            before=before,
            after={"score_descriptors": descriptors},
        )
    return locked
