"""Creating and changing programmes."""

import hashlib
import json

from django.db import transaction
from django.db.models import Sum

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.errors import DomainError
from innovation_fund.core.money import format_gbp
from innovation_fund.core.permissions import Refused

from ..commitments import committed_to
from ..models import Programme, ProgrammeRole, Round
from ..policies import may_create_programme
from ._shared import Problems, must_manage, unique_slug_among

PROGRAMME_FIELDS = [
    "name",
    "funder_name",
    "summary",
    "budget_pence",
    "starts_on",
    "ends_on",
    "has_single_manager",
]


class ProgrammeChanged(DomainError):
    """Someone saved the programme after this person opened it. Nothing of theirs was saved."""

    def __init__(self, current: Programme):
        super().__init__(
            "Someone else changed this programme while you were editing it. Your changes have "
            "not been saved. Check their changes, shown beside your own, then save again."
        )
        self.current = current


def programme_fingerprint(programme: Programme) -> str:
    """A short digest of the editable fields: an edit form carries it to notice a clash."""
    text = json.dumps(snapshot(programme, PROGRAMME_FIELDS), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def create_programme(user, data: dict) -> Programme:
    """A new programme; the person who creates it becomes its programme manager."""
    if not may_create_programme(user):
        raise Refused("Only people allowed to set up programmes may create one")
    values = {field: data.get(field, _programme_default(field)) for field in PROGRAMME_FIELDS}
    _check_programme(values, envelopes_pence=0)
    with transaction.atomic():
        taken = set(Programme.objects.values_list("slug", flat=True))
        programme = Programme.objects.create(
            slug=unique_slug_among(values["name"], taken), **values
        )
        ProgrammeRole.objects.create(
            programme=programme, user=user, role=ProgrammeRole.Role.PROGRAMME_MANAGER
        )
        record(
            actor=user,
            action="programme.created",
            target=programme,
            after={**snapshot(programme), "programme_manager": user.email},
        )
    return programme


def update_programme(
    user, programme: Programme, data: dict, expected_fingerprint: str | None = None
) -> Programme:
    """Change a programme's details. Its total budget may not fall below what is committed
    (approved or awarded) or below its rounds' envelopes.

    With `expected_fingerprint` (from the edit form), a change someone else saved in the
    meantime is refused with `ProgrammeChanged` rather than overwritten.
    """
    must_manage(user, programme)
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        # An empty fingerprint (a form that lost it) never matches: better a needless warning.
        if expected_fingerprint is not None and expected_fingerprint != programme_fingerprint(
            current
        ):
            raise ProgrammeChanged(current)
        before = snapshot(current, PROGRAMME_FIELDS)
        values = {key: data.get(key, getattr(current, key)) for key in PROGRAMME_FIELDS}
        _check_programme(
            values,
            envelopes_pence=envelopes(current),
            committed_pence=committed_to(current).total_pence,
        )
        for key, value in values.items():
            setattr(current, key, value)
        old, new = changed_fields(before, snapshot(current, PROGRAMME_FIELDS))
        if new:
            current.save(update_fields=list(new))
            record(actor=user, action="programme.updated", target=current, before=old, after=new)
    return current


def _programme_default(field: str):
    if field == "has_single_manager":
        return False
    return "" if field in {"name", "funder_name", "summary"} else None


def _check_programme(values: dict, *, envelopes_pence: int, committed_pence: int = 0) -> None:
    problems = Problems()
    if not (values["name"] or "").strip():
        problems.add("Enter the programme's name", "name")
    if not (values["funder_name"] or "").strip():
        problems.add("Enter the name of the funder", "funder_name")
    if not (values["summary"] or "").strip():
        problems.add("Enter a summary of the programme", "summary")
    budget = values["budget_pence"]
    if budget is None:
        problems.add("Enter the programme's total budget", "budget_pence")
    elif budget <= 0:
        problems.add("The total budget must be more than £0", "budget_pence")
    elif budget < committed_pence:
        problems.add(
            f"{format_gbp(committed_pence)} is already committed (approved or awarded), so the "
            f"total budget must be at least {format_gbp(committed_pence)}",
            "budget_pence",
        )
    elif budget < envelopes_pence:
        problems.add(
            f"The programme's rounds have budget envelopes of {format_gbp(envelopes_pence)} in "
            f"all, so its total budget must be at least {format_gbp(envelopes_pence)}",
            "budget_pence",
        )
    starts_on, ends_on = values["starts_on"], values["ends_on"]
    if starts_on and ends_on and ends_on <= starts_on:
        problems.add("The end date must be after the start date", "ends_on")
    problems.raise_any()


def envelopes(programme: Programme, excluding: Round | None = None) -> int:
    rounds = programme.rounds.all()
    if excluding is not None:
        rounds = rounds.exclude(pk=excluding.pk)
    return rounds.aggregate(total=Sum("budget_pence"))["total"] or 0
