"""Reads of published projects that the public pages need, with their joins done once.

Words are found through the database's own full-text index over `ProjectWords` (every word a
project is searched by, in one row; migration 0007): PostgreSQL's `to_tsvector('simple', …)`,
kept in a generated column with a GIN index, or SQLite's FTS5. Each word is matched as the
beginning of a word ("hack" finds "Hackney", "safeguard" finds "Safeguarding"), nothing is
stemmed, and every word must match.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import OrderBy, RawSQL

from innovation_fund.core.fulltext import fts5_phrases, searchable
from innovation_fund.grants.models import Project, ProjectArea, ProjectPartner, ProjectWords

# Conditions on ProjectWords, in a subquery of its own, so they name no other table's alias.
POSTGRESQL_MATCH = "\"words_vector\" @@ to_tsquery('simple'::regconfig, %s)"
SQLITE_MATCH = (
    '"project_id" IN (SELECT rowid FROM "grants_projectwords_fts" '
    'WHERE "grants_projectwords_fts" MATCH %s)'
)


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
    words = searchable(filters.words)
    if words:
        projects = projects.filter(_has_words(words))
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


def _has_words(words: tuple[str, ...]) -> Q:
    if connection.vendor == "postgresql":
        return Q(pk__in=_words_matching(POSTGRESQL_MATCH, _tsquery_prefixes(words)))
    if connection.vendor == "sqlite":
        return Q(pk__in=_words_matching(SQLITE_MATCH, fts5_phrases(words, prefix=True)))
    return Q(*(_matches_word(word) for word in words))


def _words_matching(condition: str, query: str) -> QuerySet[ProjectWords]:
    return ProjectWords.objects.filter(
        RawSQL(  # noqa: S611 - only constants go into the SQL; the words are a parameter
            condition, [query], output_field=BooleanField()
        )
    ).values("project_id")


def _tsquery_prefixes(words: tuple[str, ...]) -> str:
    """Each word a quoted tsquery lexeme marked as a prefix ('hack':*), all joined by &.

    Inside the quotes only a quote and a backslash mean anything, so both are escaped; the
    text search parser then splits the word as it split the project's words ("co-op" becomes
    'co-op':* <-> 'co':* <-> 'op':*).
    """
    return " & ".join("'" + word.replace("\\", "\\\\").replace("'", "''") + "':*" for word in words)


def _matches_word(word: str) -> Q:
    """Any other database: the word anywhere in any of the texts ProjectWords holds."""
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
