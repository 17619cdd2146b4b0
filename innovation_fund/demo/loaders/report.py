"""What a load did: counts by record type, names it could not match, and anything to look at."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Unmatched:
    file: str
    row: int
    column: str
    text: str

    def __str__(self) -> str:
        return f"{self.file} row {self.row}, {self.column}: {self.text!r}"


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    unmatched: list[Unmatched] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)

    def count(self, label: str, status: str) -> None:
        getattr(self, status)[label] += 1

    def mark_updated(self, label: str) -> None:
        """A record counted unchanged whose relations (sources, partners…) then changed."""
        self.unchanged[label] -= 1
        self.updated[label] += 1

    def not_matched(self, file: str, row: int, column: str, text: str) -> None:
        self.unmatched.append(Unmatched(file, row, column, text))

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())
        )

    def lines(self) -> list[str]:
        labels = sorted(
            set(self.created) | set(self.updated) | set(self.deleted) | set(self.unchanged)
        )
        lines = ["Record type: created / updated / deleted / unchanged"]
        lines += [
            f"  {label}: {self.created[label]} / {self.updated[label]} / "
            f"{self.deleted[label]} / {self.unchanged[label]}"
            for label in labels
        ]
        lines.append(f"Data imports recorded: {len(self.imports)}")
        lines += [f"  {name}" for name in self.imports]
        lines.append(f"Names not matched (not loaded, not guessed): {len(self.unmatched)}")
        lines += [f"  {item}" for item in self.unmatched]
        lines.append(f"Warnings: {len(self.warnings)}")
        lines += [f"  {warning}" for warning in self.warnings]
        return lines
