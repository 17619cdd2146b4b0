"""Reads for the programme managers' bid list and its exports.

The page and both exports call `bids_for_round`, so a file holds exactly the rows the page lists
(every page of them). Its joins are done once: the lead organisation, focus area and innovation
by select_related, the places' authorities by one prefetch, and the amount requested and the
number of places as annotations, so the page and the exports make a fixed number of queries
however many bids a round has.
"""

from dataclasses import dataclass

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from innovation_fund.programmes.models import Round
from innovation_fund.programmes.policies import rounds_managed_by

from .models import Application, ApplicationPlace
from .policies import READ_BY_PROGRAMME, bids_visible_to
from .selectors import amount_requested

State = Application.State

# Managers see a bid once it has been submitted; drafts (and drafts waiting for sign-off) stay
# private to the applicant organisation, as `policies.bids_visible_to` says.
LISTED_STATES = tuple(State(state) for state in READ_BY_PROGRAMME)


@dataclass(frozen=True)
class BidFilters:
    """What a manager asked the bid list for. Every value is already validated."""

    words: tuple[str, ...] = ()
    state: str | None = None
    focus_area_id: int | None = None
    organisation_type: str | None = None
    sort: str = "reference"


# key: (label, ordering). Every ordering ends with the reference, which is unique, so pages
# never overlap or skip a bid.
SORT_ORDERS = {
    "reference": ("Reference", ["reference"]),
    "submitted_newest": ("Submitted (newest first)", ["-submitted_at", "reference"]),
    "submitted_oldest": ("Submitted (oldest first)", ["submitted_at", "reference"]),
    "amount_highest": (
        "Amount requested (highest first)",
        ["-amount_requested_pence", "reference"],
    ),
    "amount_lowest": ("Amount requested (lowest first)", ["amount_requested_pence", "reference"]),
}
DEFAULT_SORT = "reference"


def round_managed_by(user, round_pk: int) -> Round:
    """A round of a programme the person manages. Round.DoesNotExist for anyone else."""
    return rounds_managed_by(user).select_related("programme").get(pk=round_pk)


def listed_bids(user, round: Round) -> QuerySet[Application]:
    """Every bid in the round the manager may see on the list: submitted or withdrawn only,
    even where the person also belongs to an applicant organisation with a draft there."""
    return bids_visible_to(user).filter(round=round, state__in=LISTED_STATES)


def state_counts(user, round: Round) -> list[dict]:
    """How many bids in the round are in each listed state, whatever the filters."""
    counts = dict(listed_bids(user, round).order_by().values_list("state").annotate(n=Count("id")))
    return [
        {"state": state.value, "label": state.label, "count": counts.get(state.value, 0)}
        for state in LISTED_STATES
    ]


def _number_of_places() -> Coalesce:
    count = (
        ApplicationPlace.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(count), Value(0), output_field=IntegerField())


def _matches_word(word: str) -> Q:
    return (
        Q(reference__icontains=word)
        | Q(title__icontains=word)
        | Q(lead_organisation__name__icontains=word)
    )


def bids_for_round(user, round: Round, filters: BidFilters) -> QuerySet[Application]:
    """The bids the page lists and the exports write, filtered and sorted, ready to show
    without further queries: each has `amount_requested_pence` (the sum of its budget lines,
    in pence) and `number_of_places`, and its places come with their authorities."""
    bids = (
        listed_bids(user, round)
        .select_related("round", "lead_organisation", "focus_area", "innovation")
        .prefetch_related(
            Prefetch(
                "places",
                queryset=ApplicationPlace.objects.select_related("authority").order_by(
                    "authority__name", "id"
                ),
            )
        )
        .annotate(
            amount_requested_pence=amount_requested(),
            number_of_places=_number_of_places(),
        )
    )
    for word in filters.words:
        bids = bids.filter(_matches_word(word))
    if filters.state:
        bids = bids.filter(state=filters.state)
    if filters.focus_area_id is not None:
        bids = bids.filter(focus_area_id=filters.focus_area_id)
    if filters.organisation_type:
        bids = bids.filter(lead_organisation__organisation_type=filters.organisation_type)
    ordering = SORT_ORDERS.get(filters.sort, SORT_ORDERS[DEFAULT_SORT])[1]
    return bids.order_by(*ordering)
