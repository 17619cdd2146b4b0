"""A funding round's lifecycle, declared once: draft → upcoming → open → closed → decisions
announced → complete.

The round stores only what people decide (`Round.state`: draft, published, announced,
complete); while published, the clock says whether it is upcoming, open or closed
(`Round.lifecycle_state`). The services move a round only along a row of this table, the
policy answers "may this person" from its `who`, and the pages draw their buttons, reasons and
status tags from it.
"""

from dataclasses import dataclass

from django.utils import timezone

from innovation_fund.core.transitions import Lifecycle, Transition, transition

from .models import Round

DRAFT, UPCOMING, OPEN, CLOSED, ANNOUNCED, COMPLETE = (
    "draft",
    "upcoming",
    "open",
    "closed",
    "announced",
    "complete",
)
PROGRAMME_MANAGER = "programme_manager"

STATE_LABELS = {
    DRAFT: "Draft",
    UPCOMING: "Upcoming",
    OPEN: "Open",
    CLOSED: "Closed",
    ANNOUNCED: "Decisions announced",
    COMPLETE: "Complete",
}
TAG_CLASSES = {
    DRAFT: "govuk-tag--grey",
    UPCOMING: "govuk-tag--blue",
    OPEN: "govuk-tag--green",
    CLOSED: "govuk-tag--orange",
    ANNOUNCED: "govuk-tag--purple",
    COMPLETE: "govuk-tag--grey",
}
# What each effective state stores on the round.
STORED_STATE = {
    DRAFT: Round.State.DRAFT,
    UPCOMING: Round.State.PUBLISHED,
    OPEN: Round.State.PUBLISHED,
    CLOSED: Round.State.PUBLISHED,
    ANNOUNCED: Round.State.ANNOUNCED,
    COMPLETE: Round.State.COMPLETE,
}


# --- Guards on publishing: each says what to do about it ---------------------------------------


def has_focus_areas(funding_round: Round) -> list[str]:
    if funding_round.focus_areas.exists():
        return []
    return ["Add at least one focus area: the round must say what it funds"]


def criteria_add_to_100(funding_round: Round) -> list[str]:
    weights = [criterion.weight for criterion in funding_round.criteria.all()]
    if not weights:
        return ["Add the assessment criteria: their weights must add up to 100%"]
    if sum(weights) != 100:
        return [f"The assessment criteria’s weights add up to {sum(weights)}%: make them 100%"]
    return []


def has_envelope(funding_round: Round) -> list[str]:
    if funding_round.budget_pence:
        return []
    return ["Give the round a budget envelope"]


def has_times_still_to_come(funding_round: Round) -> list[str]:
    if funding_round.opens_at is None or funding_round.closes_at is None:
        return ["Give the round its opening and closing times"]
    if funding_round.closes_at <= timezone.now():
        return ["The round’s closing time has passed: give it a closing time still to come"]
    return []


def window_inside_programme_period(funding_round: Round) -> list[str]:
    """Its opening-to-closing window lies within the programme's start and end dates (London
    days)."""
    programme = funding_round.programme
    opens_at, closes_at = funding_round.opens_at, funding_round.closes_at
    if programme.starts_on is None or programme.ends_on is None:
        return [
            f"Give {programme.name} its start and end dates: a round must open and close "
            "within the programme’s period"
        ]
    if opens_at is None or closes_at is None:
        return []  # has_times_still_to_come says so
    opens_on = timezone.localtime(opens_at).date()
    closes_on = timezone.localtime(closes_at).date()
    if opens_on < programme.starts_on or closes_on > programme.ends_on:
        return [
            "The round must open and close within the programme’s period, from "
            f"{_day(programme.starts_on)} to {_day(programme.ends_on)}: change its opening or "
            "closing time, or the programme’s dates"
        ]
    return []


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


PUBLISH_GUARDS = (
    has_focus_areas,
    criteria_add_to_100,
    has_envelope,
    has_times_still_to_come,
    window_inside_programme_period,
)


class RoundLifecycle(Lifecycle):
    """The table, reading a round's effective state (`Round.lifecycle_state`) by default."""

    def check(self, record, action: str, *, state_field: str = "lifecycle_state") -> Transition:
        return super().check(record, action, state_field=state_field)


ROUND_LIFECYCLE = RoundLifecycle(
    "round",
    STATE_LABELS,
    [
        transition(
            "publish",
            sources=[DRAFT],
            target=UPCOMING,
            who=[PROGRAMME_MANAGER],
            label="Publish",
            guards=PUBLISH_GUARDS,
            description=(
                "The round is shown on the public funding rounds pages and takes bids between "
                "its opening and closing times."
            ),
        ),
        transition(
            "unpublish",
            sources=[UPCOMING],
            target=DRAFT,
            who=[PROGRAMME_MANAGER],
            label="Unpublish",
            description=(
                "The round leaves the public pages and goes back to being a draft. This can be "
                "done only before it opens."
            ),
        ),
        transition(
            # Taken by the announcement of awards (assessment), which records it through
            # `services.round_lifecycle.mark_decisions_announced`; a later batch keeps it here.
            "announce_decisions",
            sources=[CLOSED, ANNOUNCED],
            target=ANNOUNCED,
            who=[PROGRAMME_MANAGER],
            label="Announce decisions",
            description="Decisions on the round’s bids are announced to the applicants.",
        ),
        transition(
            "complete",
            sources=[ANNOUNCED],
            target=COMPLETE,
            who=[PROGRAMME_MANAGER],
            label="Mark as complete",
            description=(
                "Every decision in the round has been announced: nothing more will be "
                "announced for it."
            ),
        ),
    ],
)
# The actions a programme manager takes from the round's own page (announcing decisions is done
# from the announcement of awards).
PAGE_ACTIONS = ("publish", "unpublish", "complete")


@dataclass(frozen=True)
class StatusTag:
    """A round's lifecycle state as the pages show it."""

    state: str
    label: str
    tag_class: str


def status_tag(funding_round: Round, now=None) -> StatusTag:
    state = funding_round.lifecycle_state_at(now)
    return StatusTag(state, ROUND_LIFECYCLE.label_of(state), TAG_CLASSES[state])
