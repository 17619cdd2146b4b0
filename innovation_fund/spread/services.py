"""Managing innovations and recording where they spread.

One function per change: add or change an innovation; record, change or remove an adoption.
Each checks the policy, makes its change in one transaction and audits it there, with what the
record was before and after. An adoption through a scale-and-spread grant names the project;
one on its own names none. Every recorded adoption has its date and a source.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.dates import london_today
from innovation_fund.core.errors import DomainError
from innovation_fund.core.slugs import unique_slug_in
from innovation_fund.grants.models import Project
from innovation_fund.innovations.models import Adoption, Innovation
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority

from .policies import may_manage_innovations

INNOVATION_FIELDS = [
    "name",
    "slug",
    "summary",
    "description",
    "originator_id",
    "origin_authority_id",
    "origin_year",
    "origin_project_id",
]
ADOPTION_FIELDS = [
    "innovation_id",
    "authority_id",
    "project_id",
    "adopted_on",
    "year",
    "route",
    "source_url",
    "source_quote",
]


@dataclass(frozen=True)
class InnovationDetails:
    name: str
    summary: str = ""
    description: str = ""
    originator: Organisation | None = None
    origin_authority: LocalAuthority | None = None
    origin_year: int | None = None
    origin_project: Project | None = None


@dataclass(frozen=True)
class AdoptionDetails:
    authority: LocalAuthority
    adopted_on: date
    route: str
    project: Project | None
    source_url: str
    source_quote: str


def create_innovation(user, details: InnovationDetails) -> Innovation:
    may_manage_innovations(user).enforce()
    name = _name(details)
    with transaction.atomic():
        slug = unique_slug_in(Innovation.objects, name, fallback="innovation")
        innovation = Innovation(slug=slug)
        _apply_details(innovation, details, name)
        innovation.save()
        record(
            actor=user,
            action="innovation.created",
            target=innovation,
            after=snapshot(innovation, INNOVATION_FIELDS),
        )
    return innovation


def edit_innovation(user, innovation: Innovation, details: InnovationDetails) -> Innovation:
    """Change what is said about it. Its address (slug) stays, so links keep working."""
    may_manage_innovations(user).enforce()
    name = _name(details)
    with transaction.atomic():
        current = Innovation.objects.select_for_update().get(pk=innovation.pk)
        before = snapshot(current, INNOVATION_FIELDS)
        _apply_details(current, details, name)
        old, new = changed_fields(before, snapshot(current, INNOVATION_FIELDS))
        if new:
            current.save()
            record(actor=user, action="innovation.updated", target=current, before=old, after=new)
    return current


def record_adoption(user, innovation: Innovation, details: AdoptionDetails) -> Adoption:
    may_manage_innovations(user).enforce()
    project = _check_adoption(details)
    with transaction.atomic():
        Innovation.objects.select_for_update().get(pk=innovation.pk)
        _refuse_duplicate(innovation, details.authority, project, exclude=None)
        adoption = Adoption(innovation=innovation, recorded_by=user, recorded_at=timezone.now())
        _apply_adoption(adoption, details, project)
        adoption.save()
        record(
            actor=user,
            action="adoption.recorded",
            target=adoption,
            after=snapshot(adoption, ADOPTION_FIELDS),
        )
    return adoption


def change_adoption(user, adoption: Adoption, details: AdoptionDetails) -> Adoption:
    may_manage_innovations(user).enforce()
    project = _check_adoption(details)
    with transaction.atomic():
        current = Adoption.objects.select_for_update().get(pk=adoption.pk)
        _refuse_duplicate(current.innovation, details.authority, project, exclude=current.pk)
        before = snapshot(current, ADOPTION_FIELDS)
        _apply_adoption(current, details, project)
        old, new = changed_fields(before, snapshot(current, ADOPTION_FIELDS))
        if new:
            current.recorded_by, current.recorded_at = user, timezone.now()
            current.save()
            record(actor=user, action="adoption.changed", target=current, before=old, after=new)
    return current


def remove_adoption(user, adoption: Adoption) -> None:
    may_manage_innovations(user).enforce()
    with transaction.atomic():
        current = Adoption.objects.select_for_update().get(pk=adoption.pk)
        record(
            actor=user,
            action="adoption.removed",
            target=current,
            before=snapshot(current, ADOPTION_FIELDS),
        )
        current.delete()


def _name(details: InnovationDetails) -> str:
    name = (details.name or "").strip()
    if not name:
        raise DomainError("Enter the innovation's name", field="name")
    return name


def _apply_details(innovation: Innovation, details: InnovationDetails, name: str) -> None:
    innovation.name = name
    innovation.summary = details.summary.strip()
    innovation.description = details.description.strip()
    innovation.originator = details.originator
    innovation.origin_authority = details.origin_authority
    innovation.origin_year = details.origin_year
    innovation.origin_project = details.origin_project


def _check_adoption(details: AdoptionDetails) -> Project | None:
    if details.adopted_on > london_today():
        raise DomainError(
            "The date it was taken up must be today or in the past", field="adopted_on"
        )
    if not details.source_url.strip():
        raise DomainError("Enter the web address of the source", field="source_url")
    if not details.source_quote.strip():
        raise DomainError("Enter what the source says about it", field="source_quote")
    if details.route == Adoption.Route.GRANT:
        if details.project is None:
            raise DomainError(
                "Select the project whose scale-and-spread grant it came through", field="project"
            )
        return details.project
    if details.route != Adoption.Route.OWN:
        raise DomainError("Select how it was taken up", field="route")
    return None


def _refuse_duplicate(innovation, authority, project, *, exclude: int | None) -> None:
    same = Adoption.objects.filter(innovation=innovation, authority=authority, project=project)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        how = f"through {project.display_name}" if project else "on its own"
        raise DomainError(
            f"{authority.name} is already recorded as taking it up {how}: change that record",
            field="authority",
        )


def _apply_adoption(adoption: Adoption, details: AdoptionDetails, project) -> None:
    adoption.authority = details.authority
    adoption.adopted_on = details.adopted_on
    adoption.year = details.adopted_on.year
    adoption.route = details.route
    adoption.project = project
    adoption.source_url = details.source_url.strip()
    adoption.source_quote = details.source_quote.strip()
