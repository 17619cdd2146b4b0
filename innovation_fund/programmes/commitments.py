"""What a programme has already committed (approved plus awarded), asked of the app that knows.

A round's envelope, a financial year's budget and the programme's total may never be set below
what is committed against them. Programmes sits below assessment and grants in the layers
(docs/decisions/0014-app-layers.md), so it cannot add up decisions and grants itself: assessment
registers the one function that does, in its `AppConfig.ready`, and the budget services and pages
here ask through `committed_to`. The function must count exactly what the budget page and the
award check count, so that a refusal here and a figure there never disagree.
"""

from dataclasses import dataclass, field

from innovation_fund.core.providers import Provider


@dataclass(frozen=True)
class Commitments:
    """Pence committed: in all, in each round (by id) and in each financial year (by the
    calendar year it starts in)."""

    total_pence: int = 0
    by_round: dict[int, int] = field(default_factory=dict)
    by_year: dict[int, int] = field(default_factory=dict)

    def round(self, round_id: int | None) -> int:
        return self.by_round.get(round_id, 0) if round_id is not None else 0

    def year(self, start_year: int) -> int:
        return self.by_year.get(start_year, 0)


NOTHING_COMMITTED = Commitments()

# `commitments(programme)` gives the programme's `Commitments` (assessment registers it).
commitments = Provider(
    "What a programme has committed", fallback=lambda programme: NOTHING_COMMITTED
)


def committed_to(programme) -> Commitments:
    """What is committed in the programme. A programme not yet saved has nothing committed; so
    does every programme when no app has registered (one without assessment)."""
    if programme.pk is None:
        return NOTHING_COMMITTED
    return commitments(programme)
