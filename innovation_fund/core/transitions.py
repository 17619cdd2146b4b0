"""A record's lifecycle, declared once as a table: state → action → who may → guard → next state.

Services move a record only along a row of its table (`Lifecycle.check`), policies answer "may
this person do it" from the same row, and pages draw their buttons from `Lifecycle.available`,
so the states recorded, the checks made and the buttons shown cannot disagree.

A row names the roles that may take it (`who`), as words the record's policy understands (for
example "accountable_officer" or "programme_manager"): the policy, not this module, decides
whether a person holds one of them for this record. A guard looks at the record and returns the
reasons the action cannot happen now (an empty list when it can), in words a user can act on.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .permissions import Refused

Guard = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    who: frozenset[str]
    label: str
    guards: tuple[Guard, ...] = field(default=())
    description: str = ""

    def reasons_not_now(self, record) -> list[str]:
        """Why the guards refuse this move for `record` now; empty when they allow it."""
        return [reason for guard in self.guards for reason in guard(record)]


def transition(
    action: str,
    *,
    sources: Iterable[str],
    target: str,
    who: Iterable[str],
    label: str,
    guards: Iterable[Guard] = (),
    description: str = "",
) -> Transition:
    return Transition(
        action=action,
        sources=frozenset(sources),
        target=target,
        who=frozenset(who),
        label=label,
        guards=tuple(guards),
        description=description,
    )


class Lifecycle:
    """The transitions of one kind of record, with its states and their labels."""

    def __init__(self, name: str, states: dict[str, str], transitions: Iterable[Transition]):
        self.name = name
        self.states = dict(states)
        self.transitions = list(transitions)
        self._by_action: dict[str, list[Transition]] = {}
        for row in self.transitions:
            unknown = (row.sources | {row.target}) - set(self.states)
            if unknown:
                raise ValueError(f"{name}.{row.action} names unknown states {sorted(unknown)}")
            self._by_action.setdefault(row.action, []).append(row)

    @property
    def actions(self) -> list[str]:
        return list(self._by_action)

    def label_of(self, state: str) -> str:
        return self.states[state]

    def rows_for(self, action: str) -> list[Transition]:
        try:
            return self._by_action[action]
        except KeyError:
            raise ValueError(f"{self.name} has no action {action!r}") from None

    def row(self, state: str, action: str) -> Transition | None:
        """The row that takes `action` from `state`, or None if the table has none."""
        return next((row for row in self.rows_for(action) if state in row.sources), None)

    def available(self, state: str) -> list[Transition]:
        """Every row that starts from `state`, in the table's order."""
        return [row for row in self.transitions if state in row.sources]

    def check(self, record, action: str, *, state_field: str = "state") -> Transition:
        """The row that moves `record` by `action`, after its guards. Raises `Refused` with the
        reason when the table has no such move from the record's state or a guard says no."""
        state = getattr(record, state_field)
        row = self.row(state, action)
        if row is None:
            verb = self.rows_for(action)[0].label
            raise Refused(
                f"‘{verb}’ cannot be done while the {self.name} is {self.label_of(state).lower()}"
            )
        reasons = row.reasons_not_now(record)
        if reasons:
            raise Refused(reasons[0], reasons=reasons)
        return row
