"""Reads of a programme's outcome framework: which outcomes a round's bids choose from, and
which outcomes bids have used.

The rule "bids use the framework current when the round opened" lives here and only here: the
bid's outcomes section and the framework pages both ask `framework_for_round`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils import timezone

from .models import Outcome, Programme, Round


def framework_moment(funding_round: Round, now: datetime | None = None) -> datetime:
    """The moment whose framework the round's bids use: when the round opened, or, for a round
    that has not opened yet (or has no opening time), now."""
    now = now or timezone.now()
    opened = funding_round.opens_at
    return opened if opened is not None and opened <= now else now


def framework_for_round(
    funding_round: Round, *, chosen_ids: Iterable[int] = (), now: datetime | None = None
) -> list[Outcome]:
    """The outcomes a bid in this round may choose, in order: those added before the round
    opened and not retired by then (for a round not yet open, today's framework). Outcomes in
    `chosen_ids` (what the bid already chose) stay in the list even if retired since.

    Reads the programme's prefetched outcomes when the bid was loaded with them (no query)."""
    moment = framework_moment(funding_round, now)
    chosen = set(chosen_ids)
    return [
        outcome
        for outcome in _programme_outcomes(funding_round.programme)
        if outcome.pk in chosen or outcome.is_current_at(moment)
    ]


def _programme_outcomes(programme: Programme) -> list[Outcome]:
    if "outcomes" in getattr(programme, "_prefetched_objects_cache", {}):
        return list(programme.outcomes.all())
    return list(Outcome.objects.filter(programme_id=programme.pk).order_by("position", "name"))


def bid_uses(outcome_ids: Iterable[int]) -> dict[int, int]:
    """How many times bids have chosen each outcome, for those chosen at least once. Bids live in
    a higher app, so they are counted through the relation they declare to Outcome (`bid_uses`)."""
    ids = list(outcome_ids)
    if not ids:
        return {}
    rows = (
        Outcome.objects.filter(pk__in=ids)
        .annotate(uses=models.Count("bid_uses"))
        .filter(uses__gt=0)
        .values_list("pk", "uses")
    )
    return dict(rows)


def is_used(outcome: Outcome) -> bool:
    """Has any bid chosen it? Then it keeps its meaning for good, and is never deleted."""
    return bool(bid_uses([outcome.pk]))


@dataclass(frozen=True)
class FrameworkRow:
    outcome: Outcome
    uses: int

    @property
    def is_used(self) -> bool:
        return self.uses > 0

    @property
    def is_retired(self) -> bool:
        return self.outcome.retired_at is not None


@dataclass(frozen=True)
class FrameworkPage:
    programme: Programme
    current: list[FrameworkRow]
    retired: list[FrameworkRow]

    @property
    def is_demonstration(self) -> bool:
        return any(row.outcome.is_demonstration for row in self.current + self.retired)


def framework_page(programme: Programme) -> FrameworkPage:
    """The programme's whole framework for its managers: current and retired outcomes, each with
    how many bids used it and its sources. Three queries however long the framework."""
    outcomes = list(
        Outcome.objects.filter(programme=programme)
        .prefetch_related("sources")
        .order_by("position", "name")
    )
    uses = bid_uses(outcome.pk for outcome in outcomes)
    rows = [FrameworkRow(outcome, uses.get(outcome.pk, 0)) for outcome in outcomes]
    return FrameworkPage(
        programme=programme,
        current=[row for row in rows if not row.is_retired],
        retired=[row for row in rows if row.is_retired],
    )
