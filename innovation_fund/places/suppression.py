"""Small numbers about children are never published, the way DfE statistics suppress them.

Design rule 7: a count of children below 5 is shown as suppressed, not as its value. Rates are
given as their publisher gave them, except a rate this service derived from a count it would
suppress (the 2013 to 2015 rates are worked out from counts and population), since the rate
would give the count away.
"""

from decimal import Decimal

from .models import Measure, StatisticValue

SUPPRESSION_THRESHOLD = 5
SMALL_NUMBER = StatisticValue.Status.SMALL_NUMBER

# The ONS child population is a count of children too; it never comes near 5 for an authority,
# but it is held to the same rule rather than left as the one count that is not.
COUNTS_OF_CHILDREN = frozenset(
    [measure.value for measure in Measure if measure.value.endswith("_count")]
    + [Measure.CHILD_POPULATION.value]
)

# The count each rate is worked out from.
COUNT_BEHIND_RATE = {
    Measure.CHILDREN_IN_NEED_RATE.value: Measure.CHILDREN_IN_NEED.value,
    Measure.CHILD_PROTECTION_PLAN_RATE.value: Measure.CHILD_PROTECTION_PLANS.value,
    Measure.LOOKED_AFTER_RATE.value: Measure.LOOKED_AFTER.value,
}


def suppressed(value: Decimal | int | None) -> bool:
    """Whether a count of children is too small to publish (0 to 4)."""
    return value is not None and value < SUPPRESSION_THRESHOLD


def publishable(
    measure: str,
    value: Decimal | None,
    status: str,
    *,
    counts: dict[str, Decimal | None] | None = None,
) -> tuple[Decimal | None, str]:
    """(value, status) as they may be published.

    A count of children below the threshold becomes (None, "small_number"); so does a rate we
    derived from such a count, looked up in `counts` (measure to value, the same area and
    year). Anything else is returned as held: a publisher's suppressed or missing figure is
    already None with its own status.
    """
    if measure in COUNTS_OF_CHILDREN and suppressed(value):
        return None, SMALL_NUMBER
    if status == StatisticValue.Status.DERIVED and measure in COUNT_BEHIND_RATE:
        count = (counts or {}).get(COUNT_BEHIND_RATE[measure])
        if suppressed(count):
            return None, SMALL_NUMBER
    return value, status
