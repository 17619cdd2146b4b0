"""What each public page shows, gathered in a fixed number of queries whatever the data size."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from innovation_fund.core.dates import london_today
from innovation_fund.core.models import DataImport, Source
from innovation_fund.evidence.models import Finding, UnitCost
from innovation_fund.grants.models import Project, ProjectArea, published_project
from innovation_fund.innovations.models import Adoption, Innovation
from innovation_fund.organisations.models import Organisation
from innovation_fund.otherfunders import selectors as other_funders
from innovation_fund.places import selectors as places
from innovation_fund.places.maps import render_authority_map
from innovation_fund.places.models import BoundarySet, LocalAuthority, Region, Succession
from innovation_fund.programmes.models import Announcement, Programme, Round
from innovation_fund.programmes.totals import RoundLine, programme_totals
from innovation_fund.public.library_selectors import innovation_evidence
from innovation_fund.public.project_facts import sourced_facts
from innovation_fund.spread.coverage import ADOPTED, LED, adopted_by, coverage_on
from innovation_fund.spread.selectors import adopters_over_time

INVOLVEMENT_LABELS = {
    "lead": "Led a project",
    "partner": "Partner, or where a project's work happened",
    # Drawn in the lighter "area" shade, so it stands apart from partners on the map.
    "area": "Took up an innovation (no role in a project)",
    "none": "Not involved",
}
SPREAD_LABELS = {
    "origin": "Where it began",
    "adopted": "Took it up",
    "none": "Not known to have taken it up",
}
_INVOLVEMENT_RANK = {"lead": 3, "partner": 2, "area": 1}

AUTHORITY_PROJECTS_SHOWN = 50  # beyond this, the page links to the directory's full list


def map_day(year: int) -> date:
    """Maps show authorities as they were on 30 June of the year asked for."""
    return date(year, 6, 30)


def home_page() -> dict:
    """The programme in numbers and its rounds table, both from `programme_totals` (the figures
    the map and the budget page show); the local authorities involved from `spread.coverage`
    (what the map and the coverage page show), as of today and as of the programme's last year."""
    today = london_today()
    programme = Programme.objects.prefetch_related("sources").first()
    totals = programme_totals(on=today, coverage=False)
    end_of_programme = map_day(programme.last_year) if programme and programme.last_year else None
    return {
        "programme": programme,
        "totals": totals,
        "coverage_now": coverage_on(today),
        "coverage_then": coverage_on(end_of_programme) if end_of_programme else None,
        "announcements": Announcement.objects.prefetch_related("sources").order_by("announced_on"),
    }


def project_page(project: Project) -> dict:
    areas_by_involvement = defaultdict(list)
    for area in project.areas.all():
        areas_by_involvement[area.involvement].append(area.authority)
    return {
        "project": project,
        "lead_areas": areas_by_involvement[ProjectArea.Involvement.LEAD],
        "partner_areas": areas_by_involvement[ProjectArea.Involvement.PARTNER],
        "delivery_areas": areas_by_involvement[ProjectArea.Involvement.AREA],
        "sourced_facts": sourced_facts(project),
    }


def innovation_list_page() -> dict:
    innovations = Innovation.objects.select_related("originator", "origin_authority").annotate(
        project_count=Count("projects", filter=published_project("projects__"), distinct=True),
        area_count=Count(
            "adoptions__authority",
            filter=Q(adoptions__project__isnull=True) | published_project("adoptions__project__"),
            distinct=True,
        ),
    )
    return {"innovations": innovations}


def innovation_page(slug: str, *, year: int) -> dict | None:
    innovation = (
        Innovation.objects.select_related("originator", "origin_authority")
        .prefetch_related(
            Prefetch(
                "projects",
                queryset=Project.objects.published()
                .select_related("lead_organisation", "round")
                .order_by("award_year", "name"),
            ),
            Prefetch(
                "adoptions",
                queryset=Adoption.objects.published()
                .select_related("authority", "project", "project__round")
                .order_by("year", "authority__name"),
            ),
            "sources",
        )
        .filter(slug=slug)
        .first()
    )
    if innovation is None:
        return None
    day = map_day(year)
    categories = {}
    for adoption in innovation.adoptions.all():
        if not adopted_by(adoption, day):  # by its date, else its year; undated ones not shown
            continue
        category = "origin" if adoption.is_origin else "adopted"
        categories[adoption.authority_id] = max(
            categories.get(adoption.authority_id, category), category, key=_spread_rank
        )
    shaded = _shaded_map(
        categories,
        day,
        labels=SPREAD_LABELS,
        rank=_spread_rank,
        title=f"Where {innovation.name} had been taken up by {year}",
        id_prefix="spread",
    )
    undated = sum(1 for adoption in innovation.adoptions.all() if adoption.year is None)
    return {
        "innovation": innovation,
        "year": year,
        "undated_adoptions": undated,
        "adopters_over_time": adopters_over_time(innovation.adoptions.all()),
        **shaded,
        **innovation_evidence(innovation),
    }


def authority_list_page() -> dict:
    today = london_today()
    authorities = (
        LocalAuthority.objects.select_related("region")
        .annotate(
            led=Count(
                "project_areas__project",
                filter=Q(project_areas__involvement="lead")
                & published_project("project_areas__project__"),
                distinct=True,
            ),
            involved=Count(
                "project_areas__project",
                filter=published_project("project_areas__project__"),
                distinct=True,
            ),
        )
        .order_by("region__name", "name", "valid_from")
    )
    by_region = defaultdict(list)
    for authority in authorities:
        authority.is_current = authority.is_valid_on(today)
        by_region[authority.region].append(authority)
    return {"regions": dict(by_region), "today": today}


def authority_page(slug: str) -> dict | None:
    authority = (
        LocalAuthority.objects.select_related("region")
        .prefetch_related(
            Prefetch(
                "successions",
                queryset=Succession.objects.select_related("successor").order_by("position"),
            ),
            "predecessors",
        )
        .filter(slug=slug)
        .first()
    )
    if authority is None:
        return None
    in_authority = ProjectArea.objects.filter(published_project("project__"), authority=authority)
    order = ("project__round__number", "project__name", "project_id")
    shown_ids = list(
        in_authority.order_by(*order)
        .values_list("project_id", flat=True)
        .distinct()[:AUTHORITY_PROJECTS_SHOWN]
    )
    involvements = (
        in_authority.filter(project_id__in=shown_ids)
        .select_related(
            "project", "project__lead_organisation", "project__round", "project__innovation"
        )
        .order_by(*order)
    )
    projects = {}
    for area in involvements:
        entry = projects.setdefault(area.project_id, {"project": area.project, "roles": []})
        entry["roles"].append(area.get_involvement_display())
    adoptions = (
        Adoption.objects.published()
        .filter(authority=authority)
        .select_related("innovation", "project")
    )
    statistics = places.statistics_table(authority)
    return {
        "authority": authority,
        "projects": list(projects.values()),
        # Every project, even when only the first ones are listed (a synthetic national-scale
        # authority has thousands); the directory lists them all.
        "project_count": in_authority.values("project_id").distinct().count()
        if len(shown_ids) == AUTHORITY_PROJECTS_SHOWN
        else len(shown_ids),
        "adoptions": adoptions,
        "statistics": statistics,
        "charts": places.statistics_charts(authority, statistics),
        "other": other_funders.authority_summary(authority),
    }


def organisation_page(slug: str) -> dict | None:
    """An organisation that led or partnered a published project: those projects, and other
    funders' grants to it. Any other organisation has no public page."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return None
    projects = list(
        Project.objects.published()
        .filter(Q(lead_organisation=organisation) | Q(partners__organisation=organisation))
        .select_related("round", "lead_organisation")
        .distinct()
        .order_by("round__number", "name")
    )
    if not projects:
        return None
    return {
        "organisation": organisation,
        "projects": [
            {"project": project, "roles": [_role_of(organisation, project)]} for project in projects
        ],
        "other": other_funders.summary(other_funders.grants_to_organisation(organisation)),
    }


def _role_of(organisation: Organisation, project: Project) -> str:
    return "Lead" if project.lead_organisation_id == organisation.pk else "Partner"


def involvement_map_page(*, year: int, round_slug: str | None) -> dict:
    day = map_day(year)
    # Who was involved and how, from `spread.coverage` (what the home page and the coverage page
    # count): each authority of the day shaded by its strongest kind of involvement.
    coverage = coverage_on(day, round_slug=round_slug)
    categories = {
        authority_id: _map_category(kinds)
        for authority_id, kinds in coverage.kinds_by_authority.items()
    }
    chosen_round = (
        Round.objects.filter(slug=round_slug).values("pk", "name").first() if round_slug else None
    )
    round_name = chosen_round["name"] if chosen_round else None
    # The rounds table and the projects with no year are the programme's totals as of the day
    # (what the home page and the budget page show), for the round chosen if one is.
    totals = programme_totals(on=day)
    figures = (totals.round_line(chosen_round["pk"]) or RoundLine(None)) if chosen_round else None
    scope = f"in {round_name}" if round_name else "in any round"
    shaded = _shaded_map(
        categories,
        day,
        labels=INVOLVEMENT_LABELS,
        rank=_involvement_rank,
        title=f"Local authorities involved in a project {scope}, by {year}",
        id_prefix="involvement",
    )
    shading = shaded["shading"]
    rows = [
        {"authority": authority, "label": INVOLVEMENT_LABELS[shading.get(authority.pk, "none")]}
        for authority, _ in shaded["boundaries"]
    ]
    return {
        "year": year,
        "day": day,
        "round_name": round_name,
        "rows": rows,
        "totals": totals,
        "coverage": coverage,
        "involved": coverage.involved,
        "total": coverage.total,
        "undated_project_count": (
            figures.projects_without_year if figures else totals.projects_without_year
        ),
        **shaded,
    }


def evidence_page() -> dict:
    findings = (
        Finding.objects.published()
        .select_related("project", "innovation")
        .prefetch_related("sources")
    )
    return {
        "findings": findings,
        "unit_costs": UnitCost.objects.prefetch_related("sources"),
    }


def about_data_page() -> dict:
    latest_imports = {}
    for data_import in DataImport.objects.order_by("dataset", "-imported_at"):
        latest_imports.setdefault(data_import.dataset, data_import)
    return {
        "imports": list(latest_imports.values()),
        "boundary_sets": BoundarySet.objects.all(),
        "source_count": Source.objects.count(),
        "region_count": Region.objects.count(),
        "other_funders_files": other_funders.imported_files(),
    }


def _involvement_rank(category: str) -> int:
    return _INVOLVEMENT_RANK.get(category, 0)


def _map_category(kinds) -> str:
    """The involvement map's category for an authority's kinds of involvement (coverage's)."""
    if LED in kinds:
        return "lead"
    return "area" if kinds == {ADOPTED} else "partner"


def _spread_rank(category: str) -> int:
    return {"origin": 2, "adopted": 1}.get(category, 0)


def _resolve_to_day(categories: dict[int, str], day: date, *, rank) -> dict[int, str]:
    """Carry each authority's category to the authorities that covered its area on `day`.

    Northamptonshire's involvement shows on North and West Northamptonshire after 2021; BCP's
    shows on Bournemouth, Poole and Dorset before 2019.
    """
    resolved = {}
    for authority_id, targets in places.counterparts_on(day, categories).items():
        for target in targets:
            category = categories[authority_id]
            resolved[target] = max(resolved.get(target, category), category, key=rank)
    return resolved


def _authority_url(authority: LocalAuthority) -> str:
    return reverse("public:authority_detail", args=[authority.slug])


def _shaded_map(
    categories: dict[int, str], day: date, *, labels: dict, rank, title: str, id_prefix: str
) -> dict:
    """A map of the authorities on `day`, each shaded by the category carried to it, with the
    key's counts, the boundaries drawn and the boundary set they came from."""
    shading = _resolve_to_day(categories, day, rank=rank)
    boundary_set = places.boundary_set_for(day)
    boundaries = places.boundaries_for(day, boundary_set)
    counts = defaultdict(int)
    for authority, _ in boundaries:
        counts[shading.get(authority.pk, "none")] += 1
    key = [
        {"category": name, "label": label, "count": counts[name]} for name, label in labels.items()
    ]
    description = (
        "Map of England's local authorities: "
        + "; ".join(f"{item['count']} {item['label'].lower()}" for item in key)
        + ". The table below lists every area."
    )
    svg = render_authority_map(
        boundaries=boundaries,
        categories=shading,
        labels=labels,
        link_for=_authority_url,
        title=title,
        description=description,
        id_prefix=id_prefix,
    )
    return {
        "map_svg": svg,
        "map_key": key,
        "shading": shading,
        "boundaries": boundaries,
        "boundary_set": boundary_set,
    }
