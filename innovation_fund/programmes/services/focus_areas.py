"""A round's focus areas (or priorities, or policy areas)."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import ProtectedError

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.errors import DomainError

from ..models import FocusArea, Round
from ._shared import Problems, must_manage, unique_slug_among

FOCUS_AREA_FIELDS = ["kind", "name", "description"]


def add_focus_area(user, funding_round: Round, data: dict) -> FocusArea:
    """A focus area at the end of the round's list."""
    must_manage(user, funding_round.programme)
    values = _focus_area_values(data)
    with transaction.atomic():
        existing = list(funding_round.focus_areas.all())
        _check_focus_area(values, existing)
        focus_area = FocusArea.objects.create(
            round=funding_round,
            slug=unique_slug_among(values["name"], {area.slug for area in existing}),
            position=max((area.position for area in existing), default=-1) + 1,
            **values,
        )
        record(
            actor=user,
            action="focus_area.created",
            target=focus_area,
            after=snapshot(focus_area),
        )
    return focus_area


def edit_focus_area(user, focus_area: FocusArea, data: dict) -> FocusArea:
    """Change a focus area's words. Its slug stays, so links and bids keep pointing at it."""
    must_manage(user, focus_area.round.programme)
    values = _focus_area_values(data)
    with transaction.atomic():
        current = FocusArea.objects.select_for_update().get(pk=focus_area.pk)
        others = list(current.round.focus_areas.exclude(pk=current.pk))
        _check_focus_area(values, others)
        before = snapshot(current, FOCUS_AREA_FIELDS)
        for key, value in values.items():
            setattr(current, key, value)
        old, new = changed_fields(before, snapshot(current, FOCUS_AREA_FIELDS))
        if new:
            current.save(update_fields=list(new))
            record(actor=user, action="focus_area.updated", target=current, before=old, after=new)
    return current


def remove_focus_area(user, focus_area: FocusArea) -> None:
    """Take a focus area off a round, unless a bid has chosen it."""
    must_manage(user, focus_area.round.programme)
    with transaction.atomic():
        before = snapshot(focus_area)
        record(actor=user, action="focus_area.removed", target=focus_area, before=before)
        try:
            with transaction.atomic():
                focus_area.delete()
        except ProtectedError:
            raise DomainError(
                f"Bids have chosen ‘{focus_area.name}’, so it cannot be removed. Change its "
                "name or description instead."
            ) from None


def set_focus_areas(user, funding_round: Round, rows: Iterable[dict]) -> list[FocusArea]:
    """Make the round's focus areas exactly `rows`, in order, matched to existing ones by name."""
    must_manage(user, funding_round.programme)
    wanted = [_focus_area_values(row) for row in rows]
    problems = Problems()
    seen: set[str] = set()
    for number, values in enumerate(wanted, start=1):
        if not values["name"]:
            problems.add(f"Enter a name for focus area {number}")
        elif values["name"].casefold() in seen:
            problems.add(f"‘{values['name']}’ is in the list twice")
        seen.add(values["name"].casefold())
    problems.raise_any()
    with transaction.atomic():
        existing = {area.name.casefold(): area for area in funding_round.focus_areas.all()}
        before = [snapshot(area, ["slug", *FOCUS_AREA_FIELDS]) for area in existing.values()]
        taken = {area.slug for area in existing.values()}
        result = []
        for position, values in enumerate(wanted):
            area = existing.pop(values["name"].casefold(), None)
            if area is None:
                slug = unique_slug_among(values["name"], taken)
                taken.add(slug)
                area = FocusArea.objects.create(
                    round=funding_round, slug=slug, position=position, **values
                )
            else:
                for key, value in {**values, "position": position}.items():
                    setattr(area, key, value)
                area.save()
            result.append(area)
        for area in existing.values():
            try:
                with transaction.atomic():
                    area.delete()
            except ProtectedError:
                raise DomainError(
                    f"Bids have chosen ‘{area.name}’, so it cannot be removed"
                ) from None
        record(
            actor=user,
            action="round.focus_areas_set",
            target=funding_round,
            before={"focus_areas": before},
            after={"focus_areas": [snapshot(a, ["slug", *FOCUS_AREA_FIELDS]) for a in result]},
        )
    return result


def _focus_area_values(data: dict) -> dict:
    return {
        "kind": data.get("kind") or FocusArea.Kind.FOCUS_AREA,
        "name": (data.get("name") or "").strip(),
        "description": (data.get("description") or "").strip(),
    }


def _check_focus_area(values: dict, others: list[FocusArea]) -> None:
    problems = Problems()
    if not values["name"]:
        problems.add("Enter the focus area's name", "name")
    elif values["name"].casefold() in {area.name.casefold() for area in others}:
        problems.add(f"This round already has a focus area called ‘{values['name']}’", "name")
    if values["kind"] not in FocusArea.Kind.values:
        problems.add("Select what kind of area it is", "kind")
    problems.raise_any()
