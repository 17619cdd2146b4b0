"""Published evaluation reports from evaluation_reports.csv, each with its own evaluation.

A report is keyed by its slug (its number, where it has one, and its title), so loading again
finds the same report and evaluation. The evaluator is kept as the source names it; it is tied
to an organisation only where the text is exactly an organisation's name here. The report's
projects come from the reviewed name map (`report_project`); a name it does not know is
reported, and the report loads without that project.
"""

import re
from datetime import date

from django.utils.text import slugify

from innovation_fund.core.input_files import InputFile, split_urls
from innovation_fund.evidence.models import Evaluation, EvaluationReport
from innovation_fund.organisations.models import Organisation
from innovation_fund.programmes.models import Programme

from .projects import LoadedProject
from .provenance import Imports
from .report import LoadReport
from .reviewed import ReviewedFiles
from .sources import SourceBook
from .sync import CREATED, UNCHANGED, sync_many, upsert

_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def report_slug(row: dict) -> str:
    number = f"evaluation-report-{row['report_number']} " if row["report_number"] else ""
    return slugify(f"{number}{row['title']}")[:220].rstrip("-")


def published_month(text: str) -> date | None:
    """'2016-07' to 1 July 2016 (shown as a month); blank stays None ("Not known")."""
    match = _YEAR_MONTH.match(text.strip())
    return date(int(match.group(1)), int(match.group(2)), 1) if match else None


class ReportLoader:
    def __init__(
        self,
        source_file: InputFile,
        reviewed: ReviewedFiles,
        programme: Programme,
        organisations: dict[str, Organisation],
        projects: dict[str, LoadedProject],
        sources: SourceBook,
        imports: Imports,
        report: LoadReport,
    ):
        self.file = source_file
        self.reviewed = reviewed
        self.programme = programme
        self.organisations_by_name = {item.name: item for item in organisations.values()}
        self.projects = projects
        self.sources = sources
        self.imports = imports
        self.report = report

    def load(self) -> list[EvaluationReport]:
        loaded = []
        for number, row in enumerate(self.file.content, start=1):
            if row["published"] and published_month(row["published"]) is None:
                self.report.not_matched(self.file.name, number, "published", row["published"])
            loaded.append(self._load_row(number, row))
        return loaded

    def _load_row(self, number: int, row: dict) -> EvaluationReport:
        slug = report_slug(row)
        urls = split_urls(row["url"])
        row_sources = self.sources.get(urls)
        existing = EvaluationReport.objects.filter(slug=slug).only("evaluation_id").first()
        evaluator = self.organisations_by_name.get(row["evaluator"])
        evaluation_values = {
            "programme_id": self.programme.pk,
            "evaluator_id": evaluator.pk if evaluator else None,
            "evaluator_name": row["evaluator"],
            "title": row["title"],
            "is_demonstration": False,
            "source_row": number,
        }
        if existing:
            evaluation, evaluation_status = upsert(
                Evaluation,
                {"pk": existing.evaluation_id},
                evaluation_values,
                self.report,
                "evaluation",
            )
        else:
            evaluation = Evaluation.objects.create(**evaluation_values)
            self.report.count("evaluation", CREATED)
            evaluation_status = CREATED
        changed = sync_many(evaluation.projects, self._projects(number, row["project_name"]))
        changed |= sync_many(evaluation.sources, row_sources)
        self._stamp(evaluation, evaluation_status, changed, "evaluation")

        published_on = published_month(row["published"])
        report, status = upsert(
            EvaluationReport,
            {"slug": slug},
            {
                "evaluation_id": evaluation.pk,
                "kind": EvaluationReport.Kind.FINAL,
                "state": EvaluationReport.State.PUBLISHED,
                "title": row["title"],
                "report_number": row["report_number"],
                "published_on": published_on,
                "published_on_precision": EvaluationReport.DatePrecision.MONTH,
                "url": urls[0] if urls else "",
                "evidence_quote": row["evidence_quote"],
                "source_row": number,
            },
            self.report,
            "evaluation report",
        )
        self._stamp(report, status, sync_many(report.sources, row_sources), "evaluation report")
        return report

    def _projects(self, number: int, text: str) -> list:
        mapping = self.reviewed.mapping("report_project", text)
        if mapping is None:
            self.report.not_matched(self.file.name, number, "project_name", text)
            return []
        wanted = []
        for slug in mapping.targets:
            if slug in self.projects:
                wanted.append(self.projects[slug].project)
            else:
                self.report.not_matched(self.file.name, number, "project_name", slug)
        return wanted

    def _stamp(self, record, status: str, relations_changed: bool, label: str) -> None:
        if status == UNCHANGED and not relations_changed:
            return
        if status == UNCHANGED:
            self.report.mark_updated(label)
        record.imported_from = self.imports.for_file(self.file)
        record.save(update_fields=["imported_from"])
