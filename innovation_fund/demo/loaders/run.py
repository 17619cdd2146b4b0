"""Load the real programme: reviewed facts from demo_data plus the shared data files."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from innovation_fund.core.input_files import read_csv
from innovation_fund.evidence.deflators_loader import load_deflators
from innovation_fund.grants.models import Project
from innovation_fund.organisations.registers import Registers

from .corrections import Corrections
from .evidence import load_findings, load_unit_costs
from .grants import load_historic_grants
from .innovations import load_adoptions, load_innovations
from .organisations import load_organisations
from .places import Authorities
from .programme import load_announcements, load_programme_and_rounds
from .projects import ProjectLoader
from .provenance import DATASET, Imports
from .report import LoadReport
from .reports import ReportLoader
from .reviewed import DEMO_DATA_DIR, read_reviewed
from .sources import SourceBook


def load_programme(
    data_dir: Path | None = None,
    reviewed_dir: Path = DEMO_DATA_DIR,
    reference_dir: Path | None = None,
) -> LoadReport:
    """One transaction: everything loads, or nothing does. Returns what happened."""
    shared = Path(settings.SHARED_DATA_DIR)
    data_dir = data_dir or shared / "programme"
    reference_dir = reference_dir or shared / "360giving" / "reference"
    reviewed = read_reviewed(reviewed_dir)
    projects_file = read_csv(data_dir / "projects.csv")
    findings_file = read_csv(data_dir / "evaluation_findings.csv")
    unit_costs_file = read_csv(data_dir / "unit_costs.csv")
    additions_file = read_csv(data_dir / "projects_additions.csv")
    corrections_file = read_csv(data_dir / "projects_corrections.csv")
    reports_file = read_csv(data_dir / "evaluation_reports.csv")
    findings_additions_file = read_csv(data_dir / "findings_additions.csv")
    registers = Registers(reference_dir)

    report = LoadReport()
    with transaction.atomic():
        imports = Imports(report, reviewed.all_files())
        sources = SourceBook(report)
        authorities = Authorities(report)
        document = reviewed.programme.content

        programme, changed = load_programme_and_rounds(document, registers, sources, report)
        if changed:
            imports.for_file(reviewed.programme)
        organisations, changed = load_organisations(
            reviewed.organisation_rows, registers, authorities, sources, report
        )
        if changed:
            imports.for_file(reviewed.organisations)
        innovations, innovations_changed = load_innovations(
            reviewed.innovation_rows, organisations, authorities, report
        )
        rounds = {item.number: item for item in programme.rounds.all()}
        corrections = Corrections(corrections_file, projects_file, report)
        loader_args = (reviewed, organisations, innovations, rounds, authorities, sources)
        projects = ProjectLoader(
            projects_file, *loader_args, imports, report, overlay=corrections.overlay()
        ).load()
        projects |= ProjectLoader(
            additions_file, *loader_args, imports, report, earlier=projects
        ).load()
        corrections.load(projects, sources, imports)
        load_historic_grants(projects, report)
        innovations_changed |= load_adoptions(
            reviewed.innovation_rows, innovations, projects, sources, report
        )
        if innovations_changed:
            imports.for_file(reviewed.innovations)
        if load_announcements(programme, document, sources, report):
            imports.for_file(reviewed.programme)
        positions = load_findings(
            findings_file, reviewed, projects, innovations, sources, imports, report
        )
        reports = ReportLoader(
            reports_file, reviewed, programme, organisations, projects, sources, imports, report
        ).load()
        load_findings(
            findings_additions_file,
            reviewed,
            projects,
            innovations,
            sources,
            imports,
            report,
            positions=positions,
            reports=reports,
        )
        load_unit_costs(unit_costs_file, sources, imports, report)
        _load_deflators(report)
        _warn_about_projects_gone(projects, report)
        imports.finish()
    return report


def _load_deflators(report: LoadReport) -> None:
    """HM Treasury's GDP deflators, so costs and benefits can be shown in one price year."""
    tally = load_deflators().tally
    for status in ("created", "updated", "unchanged"):
        getattr(report, status)["GDP deflator"] += getattr(tally, status)
    if tally.changed:
        report.imports.append("gdp_deflators.csv (its own import, dataset gdp_deflators)")


def _warn_about_projects_gone(projects: dict, report: LoadReport) -> None:
    gone = Project.objects.filter(imported_from__dataset=DATASET).exclude(slug__in=list(projects))
    for project in gone:
        report.warnings.append(
            f"Project {project.slug} is no longer in projects.csv or its additions (kept)"
        )
