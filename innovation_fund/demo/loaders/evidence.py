"""Evaluation findings and unit costs, each linked to its sources and the import it came from."""

import re
from collections import Counter

from innovation_fund.core.input_files import InputFile, split_urls
from innovation_fund.core.money import pounds_to_pence
from innovation_fund.evidence.models import EvaluationReport, Finding, UnitCost
from innovation_fund.innovations.models import Innovation

from .projects import LoadedProject
from .provenance import Imports
from .report import LoadReport
from .reviewed import ReviewedFiles
from .sources import SourceBook
from .sync import UNCHANGED, sync_many, upsert

# "Evaluation Report 35" in a finding's period names the report it is read from.
_REPORT_NUMBER = re.compile(r"Evaluation Report (\d+)")
# "2019-20", at the start: one financial year (its second part must be the next year).
_FINANCIAL_YEAR = re.compile(r"^\s*((?:19|20)\d\d)[-/](\d\d)(?!\d)")


def load_findings(
    source_file: InputFile,
    reviewed: ReviewedFiles,
    projects: dict[str, LoadedProject],
    innovations: dict[str, Innovation],
    sources: SourceBook,
    imports: Imports,
    report: LoadReport,
    *,
    positions: Counter | None = None,
    reports: list[EvaluationReport] = (),
) -> Counter:
    """Natural key: the project label and the finding's place among that label's rows.

    Pass the positions a first file returned when loading a second, so their keys never meet.
    A finding is tied to a loaded report only where it is plainly from it: about one of the
    report's projects, and citing the report's own copy or naming its number. Direction is
    left "Not known": the files do not state one and it is not inferred.
    """
    positions = Counter() if positions is None else positions
    for number, row in enumerate(source_file.content, start=1):
        label = row["project"]
        positions[label] += 1
        project = _target(reviewed, "finding_project", label, projects, number, report, source_file)
        innovation = _target(
            reviewed,
            "finding_innovation",
            row["innovation"],
            innovations,
            number,
            report,
            source_file,
        )
        from_report = _report_of(row, project, reports)
        finding, status = upsert(
            Finding,
            {"project_label": label, "position": positions[label]},
            {
                "project_id": project.project.pk if project else None,
                "innovation_id": innovation.pk if innovation else None,
                "outcome": row["outcome"],
                "baseline": row["baseline"],
                "result": row["result"],
                "period": row["period"],
                "evidence_rating": row["evidence_rating"],
                "evidence_quote": row.get("evidence_quote", ""),
                "report_id": from_report.pk if from_report else None,
                "source_row": number,
            },
            report,
            "finding",
        )
        sources_changed = sync_many(finding.sources, sources.get(split_urls(row["source_url"])))
        _stamp(finding, status, sources_changed, source_file, imports, report, "finding")
    return positions


def _report_of(row: dict, project, reports) -> EvaluationReport | None:
    if project is None:
        return None
    urls = set(split_urls(row["source_url"]))
    numbers = set(_REPORT_NUMBER.findall(row["period"]))
    for candidate in reports:
        if not candidate.evaluation.projects.filter(pk=project.project.pk).exists():
            continue
        cited = {source.url for source in candidate.sources.all()}
        if urls & cited or (candidate.report_number and candidate.report_number in numbers):
            return candidate
    return None


def load_unit_costs(
    source_file: InputFile, sources: SourceBook, imports: Imports, report: LoadReport
) -> None:
    """Natural key: the item with its unit and price year."""
    for number, row in enumerate(source_file.content, start=1):
        unit_cost, status = upsert(
            UnitCost,
            {"item": row["item"], "unit": row["unit"], "price_year": row["price_year"]},
            {
                "cost_pence": pounds_to_pence(row["cost_gbp"]),
                "financial_year": financial_year_of(row["price_year"]),
                "source_row": number,
            },
            report,
            "unit cost",
        )
        sources_changed = sync_many(unit_cost.sources, sources.get(split_urls(row["source_url"])))
        _stamp(unit_cost, status, sources_changed, source_file, imports, report, "unit cost")


def financial_year_of(price_year: str) -> int | None:
    """The start year where the text plainly names one financial year ("2019-20 (real terms)"
    is 2019); None for a calendar year, a span of years, a volume or a blank."""
    match = _FINANCIAL_YEAR.match(price_year)
    if match is None:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return start if (start + 1) % 100 == end else None


def _target(reviewed, field, text, loaded, number, report, source_file):
    if not text:
        return None
    mapping = reviewed.mapping(field, text)
    if mapping is None:
        report.not_matched(source_file.name, number, field.removeprefix("finding_"), text)
        return None
    if mapping.target and mapping.target not in loaded:
        report.not_matched(source_file.name, number, field, mapping.target)
        return None
    return loaded.get(mapping.target) if mapping.target else None


def _stamp(record, status, sources_changed, source_file, imports, report, label) -> None:
    if status == UNCHANGED and not sources_changed:
        return
    if status == UNCHANGED:
        report.mark_updated(label)
    record.imported_from = imports.for_file(source_file)
    record.save(update_fields=["imported_from"])
