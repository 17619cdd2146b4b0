"""What the API may show, each list in a fixed number of queries whatever the data size.

Only published records: a project must be published, and so must its round, which must not be
a demonstration round (its bids are not real, and the open data file leaves them out too).
Everything else follows from the projects: a grant is shown when its project is, an
organisation when it leads or partners in a shown project, an adoption when it has no project
or a shown one.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from innovation_fund.grants.models import (
    Grant,
    Project,
    ProjectArea,
    ProjectPartner,
    published_project,
)
from innovation_fund.grants.selectors import ProjectFilters, search_projects
from innovation_fund.innovations.models import Adoption, Innovation
from innovation_fund.organisations.models import Organisation
from innovation_fund.places import selectors as places
from innovation_fund.places.models import LocalAuthority, Measure, StatisticValue, Succession
from innovation_fund.places.suppression import COUNTS_OF_CHILDREN, publishable
from innovation_fund.programmes.models import FocusArea, Round


def public_round(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_published": True, f"{prefix}is_demonstration": False})


def shown_project(prefix: str = "") -> Q:
    """A published project in no round or in a public round (the site's own rule)."""
    return published_project(prefix)


def _shown_slugs() -> QuerySet[Project]:
    return Project.objects.filter(shown_project()).order_by("slug")


# --- Projects -------------------------------------------------------------------------------


def projects(filters: ProjectFilters | None = None) -> QuerySet[Project]:
    return (
        search_projects(filters or ProjectFilters())
        .filter(shown_project())
        .select_related("focus_area__round")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("organisation").order_by(
                    "position", "pk"
                ),
            ),
            Prefetch(
                "areas",
                queryset=ProjectArea.objects.select_related("authority").order_by(
                    "involvement", "authority__name", "authority__gss_code"
                ),
            ),
            Prefetch("scales", queryset=_shown_slugs()),
            Prefetch("scaled_by", queryset=_shown_slugs()),
        )
    )


# --- Grants ---------------------------------------------------------------------------------


def grants() -> QuerySet[Grant]:
    return Grant.objects.filter(shown_project("project__"), public_round("round__")).select_related(
        "project", "project__lead_organisation", "project__round", "round", "recipient"
    )


# --- Rounds ---------------------------------------------------------------------------------


def rounds() -> QuerySet[Round]:
    return (
        Round.objects.filter(public_round())
        .select_related("programme")
        .annotate(
            project_count=Count("projects", filter=published_project("projects__"), distinct=True)
        )
        .prefetch_related(
            Prefetch(
                "focus_areas",
                queryset=FocusArea.objects.select_related("round").order_by("position", "name"),
            )
        )
    )


# --- Organisations --------------------------------------------------------------------------


def organisations() -> QuerySet[Organisation]:
    leads = Project.objects.filter(shown_project(), lead_organisation=OuterRef("pk"))
    partners = ProjectPartner.objects.filter(
        shown_project("project__"), organisation=OuterRef("pk")
    )
    return Organisation.objects.filter(Exists(leads) | Exists(partners)).prefetch_related(
        Prefetch("led_projects", queryset=_shown_slugs()),
        Prefetch(
            "partnerships_in_projects",
            queryset=ProjectPartner.objects.filter(shown_project("project__"))
            .select_related("project")
            .only("pk", "organisation_id", "project__slug")
            .order_by("project__slug"),
        ),
    )


# --- Innovations ----------------------------------------------------------------------------


def innovations() -> QuerySet[Innovation]:
    return Innovation.objects.select_related("originator", "origin_authority").prefetch_related(
        Prefetch("projects", queryset=_shown_slugs()),
        Prefetch(
            "adoptions",
            queryset=Adoption.objects.filter(Q(project__isnull=True) | shown_project("project__"))
            .select_related("authority", "project")
            .order_by(
                F("year").asc(nulls_last=True), "authority__name", "authority__gss_code", "pk"
            ),
        ),
    )


# --- Local authorities ----------------------------------------------------------------------


def authorities() -> QuerySet[LocalAuthority]:
    return LocalAuthority.objects.select_related("region").prefetch_related(
        Prefetch(
            "successions",
            queryset=Succession.objects.select_related("successor").order_by("position"),
        ),
        Prefetch("predecessors", queryset=LocalAuthority.objects.order_by("gss_code")),
    )


@dataclass(frozen=True)
class Figure:
    measure: str
    value: Decimal | None
    status: str

    @property
    def label(self) -> str:
        return Measure(self.measure).label


@dataclass(frozen=True)
class StatisticsYear:
    year: int
    published_as: str | None
    rates: list[Figure]
    counts: list[Figure]
    england_rates: list[Figure]


COUNT_MEASURES = [measure.value for measure in Measure if measure.value in COUNTS_OF_CHILDREN]


def authority_statistics(authority: LocalAuthority) -> list[StatisticsYear]:
    """The rates the authority's page shows (its own and England's, by year) with the counts
    behind them, small counts of children suppressed. Four queries."""
    rows = places.statistics_table(authority)
    # The same series as the page: the authority and predecessors that shared its DfE number.
    lineage = {
        authority.pk: authority.gss_code,
        **dict(
            LocalAuthority.objects.filter(
                successions__successor=authority, dfe_code=authority.dfe_code
            ).values_list("pk", "gss_code")
        ),
    }
    counts: dict[int, dict[str, tuple[Decimal | None, str]]] = defaultdict(dict)
    published_as: dict[int, str] = {}
    for authority_id, year, measure, value, status in StatisticValue.objects.filter(
        authority_id__in=lineage, measure__in=COUNT_MEASURES
    ).values_list("authority_id", "year", "measure", "value", "status"):
        counts[year][measure] = (value, status)
        published_as.setdefault(year, lineage[authority_id])
    for row in rows:
        if row.published_as is not None:
            published_as[row.year] = row.published_as.gss_code
    area_rates = {row.year: row.area for row in rows}
    england_rates = {row.year: row.england for row in rows}
    missing = (None, StatisticValue.Status.NOT_AVAILABLE)
    result = []
    for year in sorted(set(area_rates) | set(counts)):
        held_counts = {measure: value for measure, (value, _) in counts[year].items()}
        year_counts = [
            Figure(measure, *publishable(measure, *counts[year].get(measure, missing)))
            for measure in COUNT_MEASURES
        ]
        year_rates = [
            Figure(
                measure,
                *publishable(measure, figure.value, figure.status, counts=held_counts),
            )
            for measure, figure in area_rates.get(year, {}).items()
        ]
        england = [
            Figure(measure, figure.value, figure.status)
            for measure, figure in england_rates.get(year, {}).items()
        ]
        result.append(
            StatisticsYear(
                year=year,
                published_as=published_as.get(year),
                rates=year_rates or [Figure(m, *missing) for m in places.TABLE_MEASURES],
                counts=year_counts,
                england_rates=england or [Figure(m, *missing) for m in places.TABLE_MEASURES],
            )
        )
    return result


def authority_projects(authority: LocalAuthority) -> list[dict]:
    """Each shown project the authority led, partnered or hosted, with its roles."""
    areas = (
        ProjectArea.objects.filter(shown_project("project__"), authority=authority)
        .select_related("project")
        .order_by("project__slug", "involvement")
    )
    roles: dict[str, list[str]] = {}
    for area in areas:
        roles.setdefault(area.project.slug, []).append(area.involvement)
    return [{"slug": slug, "involvements": involvements} for slug, involvements in roles.items()]
