"""A programme's outcome framework: add an outcome, mend its words, change what it measures
(only until a bid uses it), retire and reinstate it, delete it (only if no bid ever used it).

Each change is checked through the outcome policy, made in one transaction and audited there
with what it was before and after.
"""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.permissions import Refused

from ..models import Outcome, Programme
from ..outcome_selectors import is_used
from ..policies import (
    may_change_framework,
    may_change_outcome_meaning,
    may_delete_outcome,
    may_reinstate_outcome,
    may_retire_outcome,
)
from ._shared import Problems, unique_slug_among

WORDING = ["name", "definition"]
MEANING = ["measure", "unit", "direction"]
AUDITED = ["name", "slug", "definition", "measure", "unit", "direction", "added_at", "retired_at"]


def add_outcome(user, programme: Programme, data: dict) -> Outcome:
    """A new outcome at the end of the framework, in it from now on."""
    may_change_framework(user, programme).enforce()
    values = _values(data, WORDING + MEANING)
    with transaction.atomic():
        existing = list(Outcome.objects.select_for_update().filter(programme=programme))
        _check(values, existing, required=set(values))
        outcome = Outcome.objects.create(
            programme=programme,
            slug=unique_slug_among(values["name"], {outcome.slug for outcome in existing}),
            position=max((outcome.position for outcome in existing), default=-1) + 1,
            added_at=timezone.now(),
            **values,
        )
        record(
            actor=user,
            action="outcome.added",
            target=outcome,
            after=snapshot(outcome, AUDITED),
        )
    return outcome


def edit_outcome(user, outcome: Outcome, data: dict) -> Outcome:
    """Mend the name and definition (always allowed), and change the measure, unit and
    direction where `data` gives them (only while no bid has used the outcome). The slug stays,
    so links and bids keep pointing at it."""
    may_change_framework(user, outcome.programme).enforce()
    with transaction.atomic():
        current = Outcome.objects.select_for_update().select_related("programme").get(pk=outcome.pk)
        given = [name for name in MEANING if name in data]
        values = _values(data, WORDING + given)
        others = list(Outcome.objects.filter(programme=current.programme).exclude(pk=current.pk))
        # What has words now must keep some: mending a typo never blanks a field.
        _check(values, others, required={"name", *(n for n in values if getattr(current, n))})
        meaning_changes = [name for name in given if values[name] != getattr(current, name)]
        if meaning_changes:
            permission = may_change_outcome_meaning(user, current, used=is_used(current))
            if not permission:
                raise Refused(permission.reason, field=meaning_changes[0])
        before = snapshot(current, AUDITED)
        for name, value in values.items():
            setattr(current, name, value)
        old, new = changed_fields(before, snapshot(current, AUDITED))
        if new:
            current.save(update_fields=list(new))
            record(actor=user, action="outcome.updated", target=current, before=old, after=new)
    return current


def retire_outcome(user, outcome: Outcome) -> Outcome:
    """Take an outcome out of the framework from now on. Rounds that opened while it was in
    the framework still offer it, and bids that chose it keep it."""
    with transaction.atomic():
        current = Outcome.objects.select_for_update().select_related("programme").get(pk=outcome.pk)
        may_retire_outcome(user, current).enforce()
        current.retired_at = timezone.now()
        current.save(update_fields=["retired_at"])
        record(
            actor=user,
            action="outcome.retired",
            target=current,
            before={"retired_at": None},
            after=snapshot(current, ["retired_at"]),
        )
    return current


def reinstate_outcome(user, outcome: Outcome) -> Outcome:
    """Undo a retirement made by mistake, while no round has opened without the outcome."""
    with transaction.atomic():
        current = Outcome.objects.select_for_update().select_related("programme").get(pk=outcome.pk)
        may_reinstate_outcome(user, current).enforce()
        before = snapshot(current, ["retired_at"])
        current.retired_at = None
        current.save(update_fields=["retired_at"])
        record(
            actor=user,
            action="outcome.reinstated",
            target=current,
            before=before,
            after={"retired_at": None},
        )
    return current


def delete_outcome(user, outcome: Outcome) -> None:
    """Delete an outcome no bid ever used (one added by mistake). A used one is retired instead."""
    with transaction.atomic():
        current = Outcome.objects.select_for_update().select_related("programme").get(pk=outcome.pk)
        may_delete_outcome(user, current, used=is_used(current)).enforce()
        record(
            actor=user,
            action="outcome.deleted",
            target=current,
            before=snapshot(current, AUDITED),
        )
        try:
            with transaction.atomic():
                current.delete()
        except ProtectedError:  # a bid chose it a moment ago
            raise Refused(may_delete_outcome(user, current, used=True).reason) from None


def _values(data: dict, names: list[str]) -> dict:
    return {name: (data.get(name) or "").strip() for name in names}


MISSING = {
    "name": "Enter the outcome's name",
    "definition": "Enter what the outcome means",
    "measure": "Enter how the outcome is measured",
    "unit": "Enter the unit it is counted in",
    "direction": "Select which direction is better",
}
OPTIONAL = {"unit"}


def _check(values: dict, others: list[Outcome], *, required: set[str]) -> None:
    problems = Problems()
    for name in values:
        if name in required - OPTIONAL and not values[name]:
            problems.add(MISSING[name], name)
    taken = {other.name.casefold() for other in others}
    if values["name"] and values["name"].casefold() in taken:
        problems.add(f"The framework already has an outcome called ‘{values['name']}’", "name")
    if values.get("direction") and values["direction"] not in Outcome.Direction.values:
        problems.add(MISSING["direction"], "direction")
    problems.raise_any()
