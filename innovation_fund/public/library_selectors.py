"""The evaluation library: published reports, searched and filtered, and each report's page.

What the public may see is `EvaluationReport.objects.published()` and `Finding.objects.published()`
and nothing else; every read here starts from one of them. Each page makes a fixed number of
queries whatever the number of reports.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.db.models.functions import Cast

from innovation_fund.core.dates import format_date
from innovation_fund.evidence.cost_benefit_selectors import cost_benefit_for
from innovation_fund.evidence.designs import Design
from innovation_fund.evidence.models import EvaluationReport, Finding
from innovation_fund.evidence.scales import rating_label
from innovation_fund.evidence.scales import scale as find_scale
from innovation_fund.grants.models import Project
from innovation_fund.innovations.models import Innovation

NOT_KNOWN = "Not known"
# Every direction, in this order wherever findings are counted: none is left out or put last
# because it is unwelcome.
DIRECTIONS = [
    (Finding.Direction.POSITIVE.value, "Positive"),
    (Finding.Direction.NO_EFFECT.value, "No measurable effect"),
    (Finding.Direction.NEGATIVE.value, "Negative"),
    (Finding.Direction.MIXED.value, "Mixed"),
    (Finding.Direction.NOT_KNOWN.value, "Direction not known"),
]
# The address uses "not-known" for findings whose direction no source gives.
DIRECTION_NOT_KNOWN_KEY = "not-known"
FRAMEWORK_PREFIX = "framework:"
TEXT_PREFIX = "text:"


@dataclass(frozen=True)
class LibraryFilters:
    """What a person asked the library for. Every value is already validated."""

    words: tuple[str, ...] = ()
    framework_outcome_ids: tuple[int, ...] = ()
    outcome_texts: tuple[str, ...] = ()
    direction: str | None = None  # a Finding.Direction value; "" for not known
    rating: tuple[str, str] | None = None  # (scale key, level key)
    innovation_id: int | None = None
    round_slug: str | None = None
    year: int | None = None
    sort: str = "newest"


def _report_number_as_int():
    """ "55" as 55, so that report 9 comes before report 55; anything not a whole number is
    left out of this ordering (and sorted by its text after)."""
    return Case(
        When(report_number__regex=r"^[0-9]+$", then=Cast("report_number", IntegerField())),
        default=None,
        output_field=IntegerField(),
    )


SORT_ORDERS = {
    "newest": "Date (newest first)",
    "oldest": "Date (oldest first)",
    "number": "Report number",
}


def _ordering(sort: str) -> list:
    number = _report_number_as_int()
    if sort == "number":
        return [number.asc(nulls_last=True), F("report_number").asc(), "title", "pk"]
    if sort == "oldest":
        return [F("published_on").asc(nulls_last=True), number.asc(nulls_last=True), "title", "pk"]
    return [F("published_on").desc(nulls_last=True), number.desc(nulls_last=True), "title", "pk"]


def _public_projects() -> QuerySet[Project]:
    return Project.objects.published().select_related("innovation", "round", "lead_organisation")


def search_reports(filters: LibraryFilters) -> QuerySet[EvaluationReport]:
    """Published reports matching every filter, each once, ready to list without more queries."""
    reports = EvaluationReport.objects.published().select_related(
        "evaluation", "evaluation__evaluator"
    )
    for word in filters.words:
        reports = reports.filter(_matches_word(word))
    finding_conditions = _finding_conditions(filters)
    if finding_conditions is not None:
        reports = reports.filter(
            Exists(Finding.objects.filter(finding_conditions, report=OuterRef("pk")))
        )
    if filters.innovation_id is not None:
        reports = reports.filter(
            Exists(
                Project.objects.published().filter(
                    evaluations=OuterRef("evaluation"), innovation_id=filters.innovation_id
                )
            )
            | Exists(
                Finding.objects.filter(report=OuterRef("pk"), innovation_id=filters.innovation_id)
            )
        )
    if filters.round_slug is not None:
        reports = reports.filter(
            Exists(
                Project.objects.published().filter(
                    evaluations=OuterRef("evaluation"), round__slug=filters.round_slug
                )
            )
        )
    if filters.year is not None:
        reports = reports.filter(published_on__year=filters.year)
    return reports.order_by(*_ordering(filters.sort)).prefetch_related(
        Prefetch("evaluation__projects", queryset=_public_projects().order_by("name", "slug")),
        Prefetch("findings", queryset=Finding.objects.select_related("innovation")),
    )


def _matches_word(word: str) -> Q:
    project_named = Project.objects.published().filter(
        Q(name__icontains=word) | Q(lead_organisation__name__icontains=word),
        evaluations=OuterRef("evaluation"),
    )
    return (
        Q(title__icontains=word)
        | Q(summary__icontains=word)
        | Q(report_number__in={word, word.zfill(2), word.lstrip("0")} - {""})
        | Q(evaluation__evaluator_name__icontains=word)
        | Q(evaluation__evaluator__name__icontains=word)
        | Exists(project_named)
    )


def _finding_conditions(filters: LibraryFilters) -> Q | None:
    """What one finding of a report must match: outcome, direction and rating together, so that
    "negative" with an outcome finds reports with a negative finding on that outcome."""
    conditions = []
    if filters.framework_outcome_ids or filters.outcome_texts:
        # A framework outcome also matches findings that name it in words without linking it.
        about = Q(framework_outcome_id__in=filters.framework_outcome_ids)
        for text in filters.outcome_texts:
            about |= Q(framework_outcome__isnull=True, outcome__iexact=text)
        conditions.append(about)
    if filters.direction is not None:
        conditions.append(Q(direction=filters.direction))
    if filters.rating is not None:
        scale_key, level_key = filters.rating
        conditions.append(Q(evidence_scale=scale_key, evidence_level=level_key))
    if not conditions:
        return None
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


# --- What a report shows --------------------------------------------------------------------


def report_date_label(report: EvaluationReport) -> str:
    """ "14 July 2016", "July 2016" where only the month is known, or "Not known"."""
    if report.published_on is None:
        return NOT_KNOWN
    if report.published_on_precision == EvaluationReport.DatePrecision.MONTH:
        return f"{report.published_on:%B %Y}"
    return format_date(report.published_on)


def design_label(key: str) -> str:
    if not key:
        return NOT_KNOWN
    try:
        return Design(key).label
    except ValueError:
        return key


def finding_rating(finding: Finding) -> str:
    """The rating with its scale's short name, "Maryland SMS: Level 3", or ""."""
    return rating_label(finding.evidence_scale, finding.evidence_level)


def full_rating(finding: Finding) -> tuple[str, str]:
    """The rating with its scale's full name, and what the level means; blank where unrated."""
    found = find_scale(finding.evidence_scale)
    level = found.level(finding.evidence_level) if found else None
    if level is None:
        return "", ""
    return f"{found.name}: {level.label}", level.explanation


def _number(value) -> str:
    """A decimal without trailing zeros: 0.3500 as "0.35", -2.0000 as "-2"."""
    return f"{value.normalize():f}"


def effect_size_text(finding: Finding) -> str:
    """ "0.35 (Cohen's d; 95% interval 0.10 to 0.60)", or "" where none is given."""
    if finding.effect_size is None:
        return ""
    details = []
    if finding.effect_size_measure:
        details.append(finding.effect_size_measure)
    if finding.interval_lower is not None and finding.interval_upper is not None:
        level = f"{finding.interval_level}% " if finding.interval_level else ""
        lower, upper = _number(finding.interval_lower), _number(finding.interval_upper)
        details.append(f"{level}interval {lower} to {upper}")
    text = _number(finding.effect_size)
    return f"{text} ({'; '.join(details)})" if details else text


def direction_counts(findings) -> list[dict]:
    """How many findings went each way, every direction listed (with 0 where none did)."""
    counts = Counter(finding.direction for finding in findings)
    return [{"direction": key, "label": label, "count": counts[key]} for key, label in DIRECTIONS]


@dataclass
class LibraryEntry:
    """One report as the library lists it."""

    report: EvaluationReport
    projects: list[Project]
    innovations: list[Innovation]
    date_label: str
    design_label: str
    ratings: list[str]
    finding_count: int
    direction_counts: list[dict] = field(default_factory=list)


def library_entry(report: EvaluationReport) -> LibraryEntry:
    projects = list(report.evaluation.projects.all())
    findings = list(report.findings.all())
    return LibraryEntry(
        report=report,
        projects=projects,
        innovations=_innovations_of(projects, findings),
        date_label=report_date_label(report),
        design_label=design_label(report.design),
        ratings=_distinct(finding_rating(finding) for finding in findings),
        finding_count=len(findings),
        direction_counts=[row for row in direction_counts(findings) if row["count"]],
    )


def _innovations_of(projects, findings) -> list[Innovation]:
    innovations = {}
    for project in projects:
        if project.innovation_id:
            innovations.setdefault(project.innovation_id, project.innovation)
    for finding in findings:
        if finding.innovation_id:
            innovations.setdefault(finding.innovation_id, finding.innovation)
    return sorted(innovations.values(), key=lambda innovation: innovation.name)


def _distinct(labels) -> list[str]:
    seen = []
    for label in labels:
        if label and label not in seen:
            seen.append(label)
    return seen


def report_for_page(slug: str) -> EvaluationReport | None:
    """One published report with everything its page shows, in a fixed number of queries."""
    return (
        EvaluationReport.objects.published()
        .select_related("evaluation", "evaluation__evaluator")
        .prefetch_related(
            Prefetch("evaluation__projects", queryset=_public_projects().order_by("name", "slug")),
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related(
                    "framework_outcome", "innovation", "project"
                ).prefetch_related("sources"),
            ),
            "documents",
            "sources",
        )
        .filter(slug=slug)
        .first()
    )


def report_page(slug: str) -> dict | None:
    report = report_for_page(slug)
    if report is None:
        return None
    entry = library_entry(report)
    findings = list(report.findings.all())
    for finding in findings:
        finding.rating_full, finding.level_explanation = full_rating(finding)
        finding.effect_text = effect_size_text(finding)
    return {
        "report": report,
        "entry": entry,
        "findings": findings,
        "all_direction_counts": direction_counts(findings),
        "costs_and_benefits": cost_benefit_for(report),
        "documents": list(report.documents.all()),
        "sources": list(report.sources.all()),
    }


# --- Reports and findings for project and innovation pages -----------------------------------


def _reports_listed_with_entries(reports: QuerySet[EvaluationReport]) -> list[LibraryEntry]:
    reports = (
        reports.select_related("evaluation", "evaluation__evaluator")
        .prefetch_related(
            Prefetch("evaluation__projects", queryset=_public_projects().order_by("name", "slug")),
            Prefetch("findings", queryset=Finding.objects.select_related("innovation")),
        )
        .order_by(*_ordering("newest"))
    )
    return [library_entry(report) for report in reports]


def _published_findings():
    return (
        Finding.objects.published()
        .select_related("project", "report", "innovation")
        .prefetch_related("sources")
    )


def project_evidence(project: Project) -> dict:
    """A published project's published reports, and the findings the public may see about it
    (none from a report until that report is published)."""
    reports = EvaluationReport.objects.published().filter(
        Exists(Project.objects.filter(evaluations=OuterRef("evaluation"), pk=project.pk))
    )
    findings = (
        _published_findings()
        .filter(Q(project=project) | Q(project__isnull=True, report__evaluation__projects=project))
        .distinct()
        .order_by("position", "id")
    )
    return {
        "evaluation_reports": _reports_listed_with_entries(reports),
        "published_findings": list(findings),
    }


def innovation_evidence(innovation: Innovation) -> dict:
    """Evidence from all an innovation's evaluations: the published reports of its published
    projects (and reports with findings about it), and every published finding about it, from
    those reports and loaded from sources."""
    its_projects = Project.objects.published().filter(innovation=innovation)
    reports = EvaluationReport.objects.published().filter(
        Exists(its_projects.filter(evaluations=OuterRef("evaluation")))
        | Exists(Finding.objects.filter(report=OuterRef("pk"), innovation=innovation))
    )
    entries = _reports_listed_with_entries(reports)
    report_ids = [entry.report.pk for entry in entries]
    findings = list(
        _published_findings()
        .filter(
            Q(innovation=innovation)
            | Q(report_id__in=report_ids)
            | Q(report__isnull=True, project__in=its_projects)
        )
        .distinct()
        .order_by("project_label", "position", "id")
    )
    return {
        "evidence_reports": entries,
        "evidence_findings": findings,
        "evidence_direction_counts": direction_counts(findings),
    }
