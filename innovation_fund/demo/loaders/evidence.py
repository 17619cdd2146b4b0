"""Evaluation findings and unit costs, each linked to its sources and the import it came from."""

from collections import Counter

from innovation_fund.core.input_files import InputFile, split_urls
from innovation_fund.core.money import pounds_to_pence
from innovation_fund.evidence.models import Finding, UnitCost
from innovation_fund.innovations.models import Innovation

from .projects import LoadedProject
from .provenance import Imports
from .report import LoadReport
from .reviewed import ReviewedFiles
from .sources import SourceBook
from .sync import UNCHANGED, sync_many, upsert


def load_findings(
    source_file: InputFile,
    reviewed: ReviewedFiles,
    projects: dict[str, LoadedProject],
    innovations: dict[str, Innovation],
    sources: SourceBook,
    imports: Imports,
    report: LoadReport,
) -> None:
    """Natural key: the project label and the finding's place among that label's rows."""
    positions: Counter = Counter()
    for number, row in enumerate(source_file.content, start=1):
        label = row["project"]
        positions[label] += 1
        project = _target(reviewed, "finding_project", label, projects, number, report)
        innovation = _target(
            reviewed, "finding_innovation", row["innovation"], innovations, number, report
        )
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
                "source_row": number,
            },
            report,
            "finding",
        )
        sources_changed = sync_many(finding.sources, sources.get(split_urls(row["source_url"])))
        _stamp(finding, status, sources_changed, source_file, imports, report, "finding")


def load_unit_costs(
    source_file: InputFile, sources: SourceBook, imports: Imports, report: LoadReport
) -> None:
    """Natural key: the item with its unit and price year."""
    for number, row in enumerate(source_file.content, start=1):
        unit_cost, status = upsert(
            UnitCost,
            {"item": row["item"], "unit": row["unit"], "price_year": row["price_year"]},
            {"cost_pence": pounds_to_pence(row["cost_gbp"]), "source_row": number},
            report,
            "unit cost",
        )
        sources_changed = sync_many(unit_cost.sources, sources.get(split_urls(row["source_url"])))
        _stamp(unit_cost, status, sources_changed, source_file, imports, report, "unit cost")


def _target(reviewed, field, text, loaded, number, report):
    if not text:
        return None
    mapping = reviewed.mapping(field, text)
    if mapping is None:
        report.not_matched("evaluation_findings.csv", number, field.removeprefix("finding_"), text)
        return None
    if mapping.target and mapping.target not in loaded:
        report.not_matched("evaluation_findings.csv", number, field, mapping.target)
        return None
    return loaded.get(mapping.target) if mapping.target else None


def _stamp(record, status, sources_changed, source_file, imports, report, label) -> None:
    if status == UNCHANGED and not sources_changed:
        return
    if status == UNCHANGED:
        report.mark_updated(label)
    record.imported_from = imports.for_file(source_file)
    record.save(update_fields=["imported_from"])
