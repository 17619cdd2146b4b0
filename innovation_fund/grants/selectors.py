"""Reads of published projects that the public pages need, with their joins done once."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import OrderBy

from innovation_fund.grants.models import Project, ProjectArea, ProjectPartner


@dataclass(frozen=True)
class ProjectFilters:
    """What a person asked the directory for. Every value is already validated."""

    words: tuple[str, ...] = ()
    round_slug: str | None = None
    focus_area_id: int | None = None
    region_code: str | None = None
    authority_id: int | None = None
    organisation_type: str | None = None
    innovation_id: int | None = None
    sort: str = "name"


SORT_ORDERS = {
    "name": ("Name (A to Z)", ["name", "slug"]),
    "amount": ("Amount (highest first)", ["-amount_pence", "name", "slug"]),
    "newest": ("Year (newest first)", ["-award_year", "name", "slug"]),
    "round": ("Round", ["round__number", "name", "slug"]),
}


def search_projects(filters: ProjectFilters) -> QuerySet[Project]:
    """Published projects matching every filter, each once, ready to list without more queries."""
    projects = Project.objects.published().select_related(
        "lead_organisation", "round", "focus_area", "innovation"
    )
    for word in filters.words:
        projects = projects.filter(_matches_word(word))
    if filters.round_slug is not None:
        projects = projects.filter(round__slug=filters.round_slug)
    if filters.focus_area_id is not None:
        projects = projects.filter(focus_area_id=filters.focus_area_id)
    if filters.organisation_type:
        projects = projects.filter(lead_organisation__organisation_type=filters.organisation_type)
    if filters.innovation_id is not None:
        projects = projects.filter(innovation_id=filters.innovation_id)
    if filters.authority_id is not None:
        projects = projects.filter(
            Exists(
                ProjectArea.objects.filter(
                    project=OuterRef("pk"), authority_id=filters.authority_id
                )
            )
        )
    if filters.region_code:
        projects = projects.filter(
            Exists(
                ProjectArea.objects.filter(
                    project=OuterRef("pk"), authority__region__code=filters.region_code
                )
            )
        )
    ordering = SORT_ORDERS.get(filters.sort, SORT_ORDERS["name"])[1]
    return projects.order_by(*[_nulls_last(field) for field in ordering])


def _nulls_last(field: str) -> OrderBy:
    """Projects with no amount or year go to the end whichever way a list is sorted."""
    if field.startswith("-"):
        return F(field[1:]).desc(nulls_last=True)
    return F(field).asc(nulls_last=True)


def _matches_word(word: str) -> Q:
    partner_named = ProjectPartner.objects.filter(project=OuterRef("pk")).filter(
        Q(organisation__name__icontains=word) | Q(description__icontains=word)
    )
    area_named = ProjectArea.objects.filter(project=OuterRef("pk"), authority__name__icontains=word)
    return (
        Q(name__icontains=word)
        | Q(summary__icontains=word)
        | Q(practice_description__icontains=word)
        | Q(lead_organisation__name__icontains=word)
        | Q(innovation__name__icontains=word)
        | Q(focus_area__name__icontains=word)
        | Exists(partner_named)
        | Exists(area_named)
    )


def project_for_page(slug: str) -> Project:
    """One published project with everything its page shows, in a fixed number of queries."""
    return (
        Project.objects.published()
        .select_related(
            "lead_organisation",
            "lead_organisation__authority",
            "round",
            "round__programme",
            "focus_area",
            "innovation",
            "imported_from",
            "grant",
        )
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("organisation"),
            ),
            Prefetch(
                "areas",
                queryset=ProjectArea.objects.select_related("authority", "authority__region"),
            ),
            Prefetch(
                "scales",
                queryset=Project.objects.published().select_related("lead_organisation", "round"),
            ),
            Prefetch(
                "scaled_by",
                queryset=Project.objects.published().select_related("lead_organisation", "round"),
            ),
            "findings",
            "findings__sources",
            "sources",
            "announcements",
        )
        .get(slug=slug)
    )
