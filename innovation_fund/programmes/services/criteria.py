"""A round's assessment criteria and their weights."""

from collections.abc import Iterable

from django.db import transaction

from innovation_fund.core.audit import record, snapshot
from innovation_fund.core.errors import DomainError

from ..models import Criterion, Round
from ._shared import Problems, must_manage

MAX_CRITERIA = 10
TOTAL_WEIGHT = 100


def set_criteria(user, funding_round: Round, rows: Iterable[dict]) -> list[Criterion]:
    """Make the round's criteria exactly `rows`, in order. Weights are whole per cents, each
    more than 0, adding up to exactly 100.

    Each row is {"name", "description", "weight"}, with "id" for a criterion kept from before
    (so scores recorded against it stay with it) and "row" (its row on the page) to say which
    row an error is about.
    """
    must_manage(user, funding_round.programme)
    # Any bid sent to the programme: every state of the bid lifecycle after sign-off.
    if funding_round.applications.exclude(state__in=["draft", "awaiting_sign_off"]).exists():
        # Applicants wrote to these criteria and assessors score against them.
        raise DomainError(
            "Bids have been submitted to this round, so its criteria can no longer change"
        )
    rows = list(rows)
    problems = Problems()
    if not rows:
        problems.add("Add at least one criterion", "criteria-1-name")
    if len(rows) > MAX_CRITERIA:
        problems.add(f"A round can have at most {MAX_CRITERIA} criteria")
    names: set[str] = set()
    total = 0
    for number, row in enumerate(rows, start=1):
        at = row.get("row", number)
        name = (row.get("name") or "").strip()
        weight = row.get("weight")
        if not name:
            problems.add(f"Enter a name for criterion {at}", f"criteria-{at}-name")
        elif name.casefold() in names:
            problems.add(f"‘{name}’ is in the list twice", f"criteria-{at}-name")
        names.add(name.casefold())
        if isinstance(weight, bool) or not isinstance(weight, int):
            problems.add(
                f"Enter the weight of criterion {at} as a whole number, like 25",
                f"criteria-{at}-weight",
            )
        elif weight <= 0:
            problems.add(
                f"The weight of criterion {at} must be more than 0", f"criteria-{at}-weight"
            )
        else:
            total += weight
    if not problems.errors and total != TOTAL_WEIGHT:
        problems.add(f"The weights add up to {total}%. They must add up to exactly {TOTAL_WEIGHT}%")
    problems.raise_any()

    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=funding_round.pk).first()
        existing = {criterion.pk: criterion for criterion in funding_round.criteria.all()}
        before = [_criterion_snapshot(c) for c in existing.values()]
        kept = []
        for position, row in enumerate(rows):
            values = {
                "name": row["name"].strip(),
                "description": (row.get("description") or "").strip(),
                "weight": row["weight"],
                "position": position,
            }
            criterion = existing.pop(row.get("id"), None)
            if criterion is None:
                criterion = Criterion.objects.create(round=funding_round, **values)
            else:
                for key, value in values.items():
                    setattr(criterion, key, value)
                criterion.save()
            kept.append(criterion)
        Criterion.objects.filter(pk__in=list(existing)).delete()
        record(
            actor=user,
            action="round.criteria_set",
            target=funding_round,
            before={"criteria": before},
            after={"criteria": [_criterion_snapshot(c) for c in kept]},
        )
    return kept


def _criterion_snapshot(criterion: Criterion) -> dict:
    return {"id": criterion.pk, **snapshot(criterion, ["name", "description", "weight"])}
