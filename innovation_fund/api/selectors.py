"""What the API may show, each list in a fixed number of queries whatever the data size.

Only published records: a project must be published, and so must its round, which must not be
a demonstration round (its bids are not real, and the open data file leaves them out too).
Everything else follows from the projects: a grant is shown when its project is, an
organisation when it leads or partners in a shown project, an adoption when it has no project
or a shown one.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet

from innovation_fund.grants.models import (
    Grant,
    Project,
    ProjectArea,
    ProjectPartner,
    public_round,
    published_project,
)
from innovation_fund.grants.selectors import ProjectFilters, search_projects
from innovation_fund.innovations.models import Adoption, Innovation
from innovation_fund.organisations.models import Organisation
from innovation_fund.places import selectors as places
from innovation_fund.places.models import LocalAuthority, Measure, Succession
from innovation_fund.programmes.models import FocusArea, Round


def _published_slugs() -> QuerySet[Project]:
    return Project.objects.published().order_by("slug")


# --- Projects -------------------------------------------------------------------------------


def projects(filters: ProjectFilters | None = None) -> QuerySet[Project]:
    return (
        search_projects(filters or ProjectFilters())
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
            Prefetch("scales", queryset=_published_slugs()),
            Prefetch("scaled_by", queryset=_published_slugs()),
        )
    )


# --- Grants ---------------------------------------------------------------------------------


def grants() -> QuerySet[Grant]:
    return Grant.objects.filter(
        published_project("project__"), public_round("round__")
    ).select_related(
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
    leads = Project.objects.published().filter(lead_organisation=OuterRef("pk"))
    partners = ProjectPartner.objects.filter(
        published_project("project__"), organisation=OuterRef("pk")
    )
    return Organisation.objects.filter(Exists(leads) | Exists(partners)).prefetch_related(
        Prefetch("led_projects", queryset=_published_slugs()),
        Prefetch(
            "partnerships_in_projects",
            queryset=ProjectPartner.objects.filter(published_project("project__"))
            .select_related("project")
            .only("pk", "organisation_id", "project__slug")
            .order_by("project__slug"),
        ),
    )


# --- Innovations ----------------------------------------------------------------------------


def innovations() -> QuerySet[Innovation]:
    return Innovation.objects.select_related("originator", "origin_authority").prefetch_related(
        Prefetch("projects", queryset=_published_slugs()),
        Prefetch(
            "adoptions",
            queryset=Adoption.objects.published()
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


def authority_statistics(authority: LocalAuthority) -> list[StatisticsYear]:
    """The rates the authority's page shows (its own and England's, by year) with the counts
    behind them, as the page's table has them: small counts of children suppressed."""
    return [
        StatisticsYear(
            year=row.year,
            published_as=row.published_as.gss_code if row.published_as else None,
            rates=_figures(row.area),
            counts=_figures(row.counts),
            england_rates=_figures(row.england),
        )
        for row in places.statistics_table(authority)
    ]


def _figures(figures: dict[str, places.Figure]) -> list[Figure]:
    return [Figure(measure, figure.value, figure.status) for measure, figure in figures.items()]


def authority_projects(authority: LocalAuthority) -> list[dict]:
    """Each shown project the authority led, partnered or hosted, with its roles."""
    areas = (
        ProjectArea.objects.filter(published_project("project__"), authority=authority)
        .select_related("project")
        .order_by("project__slug", "involvement")
    )
    roles: dict[str, list[str]] = {}
    for area in areas:
        roles.setdefault(area.project.slug, []).append(area.involvement)
    return [{"slug": slug, "involvements": involvements} for slug, involvements in roles.items()]
