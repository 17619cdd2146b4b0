"""What a loader run did, in numbers a person can check."""

from dataclasses import dataclass, field

from innovation_fund.core.loading import Tally
from innovation_fund.core.models import DataImport


@dataclass
class LoadReport:
    dataset: str
    tallies: dict[str, Tally] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    data_import: DataImport | None = None

    @property
    def created(self) -> int:
        return sum(tally.created for tally in self.tallies.values())

    @property
    def updated(self) -> int:
        return sum(tally.updated for tally in self.tallies.values())

    @property
    def unchanged(self) -> int:
        return sum(tally.unchanged for tally in self.tallies.values())

    @property
    def deleted(self) -> int:
        return sum(tally.deleted for tally in self.tallies.values())

    @property
    def changed(self) -> bool:
        return any(tally.changed for tally in self.tallies.values())

    def summary(self) -> dict:
        """JSON-safe counts, for the DataImport row and the audit event."""
        return {
            "tallies": {name: vars(tally) for name, tally in self.tallies.items()},
            "problems": self.problems,
        }

    def lines(self) -> list[str]:
        """The report as text, one fact a line."""
        lines = [f"{self.dataset}:"]
        for name, tally in self.tallies.items():
            lines.append(
                f"  {name}: {tally.created} created, {tally.updated} updated, "
                f"{tally.unchanged} unchanged, {tally.deleted} deleted"
            )
        if self.data_import is None:
            lines.append("  Nothing changed: no import recorded.")
        else:
            lines.append(f"  Recorded as data import {self.data_import.pk}.")
        lines.append(f"  {len(self.problems)} problem(s)")
        lines.extend(f"  - {problem}" for problem in self.problems)
        return lines
