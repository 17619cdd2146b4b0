"""Writing `ProjectWords`: every word the project directory searches a project by.

A project is found by its name, summary and practice description, and by the names of its lead
organisation, innovation and focus area, of its partners (an organisation's name or a partner's
description) and of the authorities it is in. Those words are copied into one row per project,
which the database's full-text index reads (`selectors.search_projects`).

The receivers below keep the rows in step whenever one of those records is saved or deleted
through the ORM. Bulk writes send no signals: code that bulk-creates partners or areas, or
bulk-updates names, calls `refresh_project_words` itself afterwards (the awards, the variations
that set partners, the programme's loader). `refresh_project_words()` with no ids rebuilds
every row.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from innovation_fund.core.batches import batched
from innovation_fund.innovations.models import Innovation
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import FocusArea

from .models import Project, ProjectArea, ProjectPartner, ProjectWords

ID_CHUNK = 500  # projects refreshed per round of queries, below SQLite's oldest parameter limit
# The project's own fields whose change changes its words (by name and by attname).
PROJECT_FIELDS = frozenset(
    {
        "name",
        "summary",
        "practice_description",
        "lead_organisation",
        "lead_organisation_id",
        "innovation",
        "innovation_id",
        "focus_area",
        "focus_area_id",
    }
)


def refresh_project_words(project_ids: Iterable[int] | None = None) -> None:
    """Compute again the words of these projects (every project when None).

    Each chunk of projects costs four queries (the projects with their lead, innovation and
    focus area; their partners; their areas; writing the rows), and one more to remove the rows
    of projects no longer there, if any.
    """
    if project_ids is None:
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        with transaction.atomic():
            ProjectWords.objects.exclude(project_id__in=Project.objects.all()).delete()
            for chunk in batched(ids, ID_CHUNK):
                _refresh(chunk)
        return
    for chunk in batched(sorted(set(project_ids)), ID_CHUNK):
        _refresh(chunk)


def words_of(project: Project) -> str:
    """A project's searchable text, joined by spaces (its partners and areas prefetched)."""
    parts = [
        project.name,
        project.summary,
        project.practice_description,
        project.lead_organisation.name,
        project.innovation.name if project.innovation_id else "",
        project.focus_area.name if project.focus_area_id else "",
    ]
    for partner in project.partners.all():
        if partner.organisation_id:
            parts.append(partner.organisation.name)
        parts.append(partner.description)
    parts.extend(area.authority.name for area in project.areas.all())
    return " ".join(part for part in parts if part)


def _refresh(ids: list[int]) -> None:
    projects = (
        Project.objects.filter(pk__in=ids)
        .select_related("lead_organisation", "innovation", "focus_area")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("organisation").order_by(
                    "position", "pk"
                ),
            ),
            Prefetch(
                "areas",
                queryset=ProjectArea.objects.select_related("authority").order_by("pk"),
            ),
        )
        .order_by("pk")
    )
    rows = [ProjectWords(project_id=project.pk, words=words_of(project)) for project in projects]
    with transaction.atomic():
        # Written over in place rather than deleted and added again, so two requests refreshing
        # the same project at once cannot both add its row.
        ProjectWords.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["project"], update_fields=["words"]
        )
        found = {row.project_id for row in rows}
        gone = [pk for pk in ids if pk not in found]
        if gone:
            ProjectWords.objects.filter(project_id__in=gone).delete()


# --- Receivers (connected in apps.py) ---------------------------------------------------------


def project_saved(sender, instance: Project, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and not PROJECT_FIELDS & set(update_fields)):
        return
    refresh_project_words([instance.pk])


def part_of_project_changed(sender, instance, raw=False, origin=None, **kwargs) -> None:
    """A partner or area saved or deleted. When the project itself is being deleted, its row
    goes with it (CASCADE), so it is not written again part way through."""
    if raw or _deleting_projects(origin):
        return
    refresh_project_words([instance.project_id])


def named_record_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """An organisation, innovation, focus area or authority saved: the projects naming it."""
    if raw or created or (update_fields is not None and "name" not in update_fields):
        return
    ids = _projects_naming(instance)
    if ids:
        refresh_project_words(ids)


def named_record_deleting(sender, instance, **kwargs) -> None:
    """An innovation or focus area about to be deleted: its projects lose it (SET_NULL) without
    a signal, so they are found now and refreshed once it is gone."""
    instance._projects_to_refresh = _projects_naming(instance)


def named_record_deleted(sender, instance, **kwargs) -> None:
    ids = getattr(instance, "_projects_to_refresh", None)
    if ids:
        refresh_project_words(ids)


def _projects_naming(instance) -> set[int]:
    if isinstance(instance, Organisation):
        led = Project.objects.filter(lead_organisation=instance).values_list("pk", flat=True)
        partnered = ProjectPartner.objects.filter(organisation=instance).values_list(
            "project_id", flat=True
        )
        return set(led) | set(partnered)
    if isinstance(instance, Innovation):
        return set(Project.objects.filter(innovation=instance).values_list("pk", flat=True))
    if isinstance(instance, FocusArea):
        return set(Project.objects.filter(focus_area=instance).values_list("pk", flat=True))
    if isinstance(instance, LocalAuthority):
        return set(
            ProjectArea.objects.filter(authority=instance).values_list("project_id", flat=True)
        )
    return set()


def _deleting_projects(origin) -> bool:
    if isinstance(origin, Project):
        return True
    return isinstance(origin, QuerySet) and issubclass(origin.model, Project)
