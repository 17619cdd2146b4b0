"""Innovations from innovations.csv, and where each was adopted, through which project and when."""

from innovation_fund.innovations.models import Adoption, Innovation
from innovation_fund.organisations.models import Organisation

from .places import Authorities
from .projects import LoadedProject
from .report import LoadReport
from .sources import SourceBook
from .sync import UNCHANGED, sync_many, upsert


def load_innovations(
    rows: list[dict],
    organisations: dict[str, Organisation],
    authorities: Authorities,
    report: LoadReport,
) -> tuple[dict[str, Innovation], bool]:
    innovations = {}
    changed = False
    for row in rows:
        origin = (
            authorities.get(row["origin_gss"], f"origin of {row['slug']}")
            if row["origin_gss"]
            else None
        )
        innovation, status = upsert(
            Innovation,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "summary": row["summary"],
                "originator_id": organisations[row["originator"]].pk if row["originator"] else None,
                "origin_authority_id": origin.pk if origin else None,
                "origin_year": int(row["origin_year"]) if row["origin_year"] else None,
            },
            report,
            "innovation",
        )
        changed |= status != UNCHANGED
        innovations[row["slug"]] = innovation
    return innovations, changed


def load_adoptions(
    rows: list[dict],
    innovations: dict[str, Innovation],
    projects: dict[str, LoadedProject],
    sources: SourceBook,
    report: LoadReport,
) -> bool:
    """Every authority involved in a project that used an innovation adopted it that year.

    The origin is the adoption through the project where it began; where it began before any
    project here (such as a pilot), the origin is an adoption with no project.
    """
    origins = {row["slug"]: row["origin_project"] for row in rows}
    changed = False
    for slug, innovation in innovations.items():
        using = [item for item in projects.values() if innovation in item.innovations]
        project_sources = [source for item in using for source in item.project.sources.all()]
        changed |= sync_many(innovation.sources, project_sources)
        origin = next((i.project for i in using if i.project.slug == origins[slug]), None)
        if innovation.origin_project_id != (origin.pk if origin else None):
            innovation.origin_project = origin
            innovation.save(update_fields=["origin_project"])
            changed = True
        wanted = _wanted_adoptions(innovation, origins[slug], using)
        changed |= _sync_adoptions(innovation, wanted, projects, project_sources, report)
    return changed


def _wanted_adoptions(innovation: Innovation, origin_project: str, using: list[LoadedProject]):
    wanted = {}
    for item in using:
        project = item.project
        for authority in item.authorities:
            is_origin = (
                project.slug == origin_project and authority.pk == innovation.origin_authority_id
            )
            wanted[(authority.pk, project.pk)] = (project.award_year, is_origin)
    if innovation.origin_authority_id:
        # The origin counts even where the project's lead is not the authority itself (a trust).
        project = next((i.project for i in using if i.project.slug == origin_project), None)
        key = (innovation.origin_authority_id, project.pk if project else None)
        wanted[key] = (innovation.origin_year, True)
    return wanted


def _sync_adoptions(innovation, wanted, projects, project_sources, report) -> bool:
    changed = False
    loaded_ids = {item.project.pk for item in projects.values()}
    for adoption in innovation.adoptions.all():
        key = (adoption.authority_id, adoption.project_id)
        # Only adoptions this loader made are ours to remove.
        if key not in wanted and (adoption.project_id is None or adoption.project_id in loaded_ids):
            adoption.delete()
            report.deleted["adoption"] += 1
            changed = True
    for (authority_id, project_id), (year, is_origin) in wanted.items():
        adoption, status = upsert(
            Adoption,
            {"innovation": innovation, "authority_id": authority_id, "project_id": project_id},
            {
                "year": year,
                "is_origin": is_origin,
                # Loaded rows know only the year; one naming a project came through its grant.
                "route": Adoption.Route.GRANT if project_id else Adoption.Route.OWN,
            },
            report,
            "adoption",
        )
        changed |= status != UNCHANGED
        supporting = (
            [
                source
                for item in projects.values()
                if item.project.pk == project_id
                for source in item.project.sources.all()
            ]
            if project_id
            else project_sources
        )
        changed |= sync_many(adoption.sources, supporting)
    return changed
