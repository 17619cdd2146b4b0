"""Sourced facts for projects already in projects.csv, from projects_corrections.csv.

Every row becomes a `ProjectFact` with its sources and quote. A fact also fills its projects.csv
cell, but only where that cell is blank and every row for the same cell gives the same plain
value: where two sources disagree (Dorset's amount) the cell stays as it is and both facts stay.
Rows are keyed by the projects.csv `name`, or `[blank name; lead <lead>; Round <n>]` for a row
with no name (see the shared README); a row whose key names no project is reported.
"""

from collections import defaultdict
from dataclasses import dataclass

from innovation_fund.core.input_files import InputFile, split_urls
from innovation_fund.grants.models import ProjectFact

from .projects import LoadedProject, project_slug
from .provenance import DATASET, Imports
from .report import LoadReport
from .sources import SourceBook
from .sync import UNCHANGED, sync_many, upsert

# Columns a fact may fill: those projects.csv has, apart from its citations.
NOT_FILLED = {"source_url", ProjectFact.Field.EVALUATOR}


def correction_key(row: dict) -> str:
    """How projects_corrections.csv names a projects.csv row."""
    if row["name"]:
        return row["name"]
    return f"[blank name; lead {row['lead_organisation']}; Round {row['round']}]"


@dataclass(frozen=True)
class Correction:
    number: int
    slug: str
    row: dict

    @property
    def fact(self) -> ProjectFact:
        """An unsaved fact, for its parsing rules."""
        return ProjectFact(field=self.row["field"], value=self.row["new_value"])


class Corrections:
    def __init__(self, source_file: InputFile, projects_file: InputFile, report: LoadReport):
        self.file = source_file
        self.report = report
        rows_by_key = {correction_key(row): row for row in projects_file.content}
        self.project_rows = {project_slug(row): row for row in projects_file.content}
        self.items: list[Correction] = []
        for number, row in enumerate(source_file.content, start=1):
            project_row = rows_by_key.get(row["name"])
            if project_row is None:
                report.not_matched(source_file.name, number, "name", row["name"])
            elif row["field"] not in ProjectFact.Field.values:
                report.not_matched(source_file.name, number, "field", row["field"])
            else:
                self.items.append(Correction(number, project_slug(project_row), row))

    def overlay(self) -> dict[str, dict[str, str]]:
        """For each project slug, the blank cells the facts fill, where all of them agree."""
        by_cell: dict[tuple[str, str], list[Correction]] = defaultdict(list)
        for item in self.items:
            if item.row["field"] not in NOT_FILLED:
                by_cell[(item.slug, item.row["field"])].append(item)
        overlay: dict[str, dict[str, str]] = defaultdict(dict)
        for (slug, column), items in by_cell.items():
            if self.project_rows[slug][column]:
                continue
            values = {item.row["new_value"].strip() for item in items}
            if len(values) == 1 and all(item.fact.is_plain for item in items):
                overlay[slug][column] = values.pop()
            elif len(values) > 1:
                self.report.warnings.append(
                    f"{self.file.name}: sources disagree on {column} of {slug}; "
                    "kept blank, both facts kept"
                )
        return dict(overlay)

    def load(
        self,
        projects: dict[str, LoadedProject],
        sources: SourceBook,
        imports: Imports,
    ) -> None:
        """Facts keyed by project, field and value; facts gone from the file are deleted."""
        kept = []
        for item in self.items:
            loaded = projects.get(item.slug)
            if loaded is None:
                self.report.not_matched(self.file.name, item.number, "name", item.row["name"])
                continue
            fact, status = upsert(
                ProjectFact,
                {
                    "project_id": loaded.project.pk,
                    "field": item.row["field"],
                    "value": item.row["new_value"],
                },
                {"quote": item.row["evidence_quote"], "source_row": item.number},
                self.report,
                "project fact",
            )
            kept.append(fact.pk)
            urls = split_urls(item.row["source_url"])
            if sync_many(fact.sources, sources.get(urls)) and status == UNCHANGED:
                self.report.mark_updated("project fact")
                status = "updated"
            if status != UNCHANGED:
                fact.imported_from = imports.for_file(self.file)
                fact.save(update_fields=["imported_from"])
        gone = ProjectFact.objects.filter(
            imported_from__dataset=DATASET, imported_from__file_name=self.file.name
        ).exclude(pk__in=kept)
        deleted = gone.count()
        if deleted:
            self.report.deleted["project fact"] += deleted
            imports.for_file(self.file)
            gone.delete()
