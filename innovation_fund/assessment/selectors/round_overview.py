"""The programme team's view of a round's assessment: every submitted bid, how far it has got.

The joins are done once (lead organisation and eligibility check by select_related, the amount
requested and the number of submitted assessments as annotations, active assignments and the
current decision by one prefetch each), so the page makes the same number of queries however
many bids the round has.
"""

from dataclasses import dataclass

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from innovation_fund.applications.models import Application
from innovation_fund.applications.selectors import amount_requested
from innovation_fund.programmes.models import Round

from .. import policies
from ..models import Assessment, Assignment, Decision


def round_managed_by(user, round_pk: int) -> Round:
    """A round of a programme the person manages. Round.DoesNotExist for anyone else."""
    return policies.rounds_managed_by(user).select_related("programme").get(pk=round_pk)


def _submitted_assessments() -> Coalesce:
    count = (
        Assessment.objects.filter(
            assignment__application=OuterRef("pk"),
            assignment__state=Assignment.State.ACTIVE,
            state=Assessment.State.SUBMITTED,
        )
        .order_by()
        .values("assignment__application")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(count), Value(0), output_field=IntegerField())


def bids_for_overview(user, round: Round) -> list[Application]:
    """The round's submitted bids, by reference, each with `amount_requested_pence`,
    `submitted_assessments`, `active_assignments` (with assessors, by name) and
    `current_decisions` (the decision that stands, if any, in a list of at most one)."""
    active = (
        Assignment.objects.active()
        .select_related("assessor")
        .order_by("assessor__full_name", "assessor__email", "id")
    )
    return list(
        policies.bids_managed_by(user)
        .filter(round=round)
        .select_related("lead_organisation", "eligibility_check")
        .annotate(
            amount_requested_pence=amount_requested(),
            submitted_assessments=_submitted_assessments(),
        )
        .prefetch_related(
            Prefetch("assignments", queryset=active, to_attr="active_assignments"),
            Prefetch("decisions", queryset=Decision.objects.current(), to_attr="current_decisions"),
        )
        .order_by("reference")
    )


@dataclass(frozen=True)
class RoundProgress:
    bids: int
    checked: int
    eligible: int
    fully_assigned: int
    decided: int


def progress(round: Round, bids: list[Application]) -> RoundProgress:
    """Counts for the top of the page, from the bids already loaded (no further queries)."""
    checked = [bid for bid in bids if eligibility_of(bid) is not None]
    eligible = [bid for bid in checked if bid.eligibility_check.is_eligible]
    return RoundProgress(
        bids=len(bids),
        checked=len(checked),
        eligible=len(eligible),
        fully_assigned=sum(
            1 for bid in eligible if len(bid.active_assignments) >= round.assessors_per_bid
        ),
        decided=sum(1 for bid in bids if bid.current_decisions),
    )


def eligibility_of(application: Application):
    """The bid's eligibility check, or None if it has not been checked."""
    try:
        return application.eligibility_check
    except Application.eligibility_check.RelatedObjectDoesNotExist:
        return None
