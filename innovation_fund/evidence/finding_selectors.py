"""Findings as every page shows them: in the report's own order, never sorted by direction.

`finding_rows(findings)` gives each finding with its direction in words ("No measurable effect"
as plainly as "Positive") and its rating as "Maryland SMS: Level 3". Used by the report pages'
findings table (`_findings_and_costs.html`) and usable by the public library.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Finding
from .scales import rating_label


@dataclass(frozen=True)
class FindingRow:
    finding: Finding

    @property
    def direction(self) -> str:
        return self.finding.get_direction_display()

    @property
    def rating(self) -> str:
        return rating_label(self.finding.evidence_scale, self.finding.evidence_level)

    @property
    def outcome(self) -> str:
        framework = self.finding.framework_outcome
        if framework and framework.name != self.finding.outcome:
            return f"{self.finding.outcome} (framework: {framework.name})"
        return self.finding.outcome

    @property
    def effect(self) -> str:
        """ "0.32 (Cohen's d), 95% interval 0.10 to 0.54", or "" where none is given."""
        f = self.finding
        if f.effect_size is None:
            return ""
        text = f"{f.effect_size.normalize():f}"
        if f.effect_size_measure:
            text += f" ({f.effect_size_measure})"
        if f.interval_lower is not None and f.interval_upper is not None:
            level = f"{f.interval_level}% " if f.interval_level else ""
            text += (
                f", {level}interval {f.interval_lower.normalize():f} to "
                f"{f.interval_upper.normalize():f}"
            )
        return text


def finding_rows(findings: Iterable[Finding]) -> list[FindingRow]:
    return [FindingRow(finding) for finding in findings]


def report_finding_rows(report) -> list[FindingRow]:
    """A report's findings in the order they were added (position, then id)."""
    return finding_rows(
        report.findings.select_related("framework_outcome").order_by("position", "id")
    )
