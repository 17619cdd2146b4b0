"""The pages and API lists a member of the public reads, with the records they show picked from
the database being measured (the busiest of each kind, so the measure is not flattered)."""

from django.db.models import Count

from innovation_fund.evidence.models import EvaluationReport
from innovation_fund.grants.models import Project
from innovation_fund.innovations.models import Innovation
from innovation_fund.insights.models import Insight
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority

LISTS = [
    ("Home", "/"),
    ("Projects", "/projects/"),
    ("Projects: words and a filter", "/projects/?q=family&round=round-2"),
    ("Innovations", "/innovations/"),
    ("Local authorities", "/local-authorities/"),
    ("Map", "/map/"),
    ("Coverage", "/coverage/"),
    ("Evidence", "/evidence/"),
    ("Evaluation library", "/evaluations/"),
    ("Evaluation library: filtered", "/evaluations/?direction=no_effect&sort=number"),
    ("Insights", "/insights/"),
    ("Atom feed", "/feed/"),
    ("Open data", "/open-data/"),
    ("API: projects", "/api/v1/projects"),
    ("API: grants", "/api/v1/grants"),
    ("API: local authorities", "/api/v1/local-authorities"),
    ("API: innovations", "/api/v1/innovations"),
    ("Search grants", "/search-grants/"),
    ("Search grants: words", "/search-grants/?q=family+support"),
    ("API: grants search, words", "/api/v1/grant-search?q=family+support"),
]


def _busiest(queryset, relation: str):
    """The record with the most `relation` rows (the slug breaks ties), or None."""
    return queryset.annotate(busyness=Count(relation)).order_by("-busyness", "slug").first()


def public_pages() -> list[tuple[str, str]]:
    """(name, path) of every page measured: the lists, then one busy page of each kind."""
    pages = list(LISTS)
    project = _busiest(Project.objects.published(), "areas")
    if project:
        pages.append(("A project", f"/projects/{project.slug}/"))
    innovation = _busiest(Innovation.objects.all(), "adoptions")
    if innovation:
        pages.append(("An innovation, with its spread map", f"/innovations/{innovation.slug}/"))
    authority = _busiest(LocalAuthority.objects.all(), "project_areas")
    if authority:
        pages.append(("A local authority", f"/local-authorities/{authority.slug}/"))
    report = EvaluationReport.objects.published().order_by("slug").first()
    if report:
        pages.append(("An evaluation report", f"/evaluations/{report.slug}/"))
    insight = Insight.objects.filter(state=Insight.State.PUBLISHED).order_by("slug").first()
    if insight:
        pages.append(("An insight", f"/insights/{insight.slug}/"))
    return pages


def other_funders_pages() -> list[tuple[str, str]]:
    """The pages that list other funders' grants: the authority named by most of them, and a
    council's organisation page (grants to its org-id)."""
    pages = []
    authority = _busiest(LocalAuthority.objects.all(), "other_funders_grant_locations")
    if authority:
        pages.append(
            (
                "A local authority with most other funders' grants",
                f"/local-authorities/{authority.slug}/",
            )
        )
        pages.append(
            (
                "Search grants: that authority, words and an amount",
                f"/search-grants/?local_authority={authority.slug}&q=family&amount_from=10000",
            )
        )
        pages.append(
            (
                "Search grants: that authority's CSV, words and an amount",
                f"/search-grants/results.csv?local_authority={authority.slug}&q=family"
                "&amount_from=10000",
            )
        )
    council = (
        Organisation.objects.filter(authority__isnull=False, org_id__gt="")
        # Only an organisation with a published project has a public page.
        .filter(pk__in=Project.objects.published().values("lead_organisation"))
        .order_by("authority__name", "slug")
        .first()
    )
    if council:
        pages.append(("A council's organisation page", f"/funded-organisations/{council.slug}/"))
    return pages
