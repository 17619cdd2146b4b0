"""Every change to programmes, rounds, focus areas and criteria: checked, in one transaction,
with its audit event.

A service refuses bad input with `DomainError`s that say what to change, at the field they
concern. Where several things are wrong at once they come together in `DomainErrors`, so a
page can show them all. Money is integer pence; times are aware datetimes.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, Sum

from innovation_fund.assessment import scoring
from innovation_fund.assessment.budget import awarded_by_year
from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.money import format_gbp
from innovation_fund.core.slugs import unique_slug
from innovation_fund.opendata.tasks import publish_open_data_after_commit
from innovation_fund.organisations.models import OrganisationType

from .models import (
    Criterion,
    FocusArea,
    Programme,
    ProgrammeRole,
    Round,
    YearBudget,
    default_score_descriptors,
)
from .policies import may_create_programme, may_manage_programme

PROGRAMME_FIELDS = ["name", "funder_name", "summary", "budget_pence", "starts_on", "ends_on"]
ROUND_FIELDS = [
    "name",
    "round_type",
    "summary",
    "opens_at",
    "closes_at",
    "budget_pence",
    "minimum_bid_pence",
    "maximum_bid_pence",
    "eligible_organisation_types",
    "guidance_markdown",
    "funding_starts_on",
    "funding_ends_on",
    "is_published",
    "assessors_per_bid",
    "disagreement_threshold",
]
MOST_ASSESSORS_PER_BID = 5
FOCUS_AREA_FIELDS = ["kind", "name", "description"]
MAX_CRITERIA = 10
TOTAL_WEIGHT = 100


class RoundChanged(DomainError):
    """Someone saved the round after this person opened it. Nothing of theirs was saved."""

    def __init__(self, current: Round):
        super().__init__(
            "Someone else changed this round while you were editing it. Your changes have not "
            "been saved. Check their changes, shown beside your own, then save again."
        )
        self.current = current


class ProgrammeChanged(DomainError):
    """Someone saved the programme after this person opened it. Nothing of theirs was saved."""

    def __init__(self, current: Programme):
        super().__init__(
            "Someone else changed this programme while you were editing it. Your changes have "
            "not been saved. Check their changes, shown beside your own, then save again."
        )
        self.current = current


class _Problems:
    """Collects every problem before refusing, so a page can show them all."""

    def __init__(self):
        self.errors: list[DomainError] = []

    def add(self, message: str, field: str | None = None) -> None:
        self.errors.append(DomainError(message, field=field))

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)


# --- Programmes ------------------------------------------------------------------------------


def programme_fingerprint(programme: Programme) -> str:
    """A short digest of the editable fields: an edit form carries it to notice a clash."""
    text = json.dumps(snapshot(programme, PROGRAMME_FIELDS), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def create_programme(user, data: dict) -> Programme:
    """A new programme; the person who creates it becomes its programme manager."""
    if not may_create_programme(user):
        raise PermissionDenied("Only people allowed to set up programmes may create one")
    values = {field: data.get(field, _programme_default(field)) for field in PROGRAMME_FIELDS}
    _check_programme(values, envelopes_pence=0)
    with transaction.atomic():
        taken = set(Programme.objects.values_list("slug", flat=True))
        programme = Programme.objects.create(slug=_unique_slug(values["name"], taken), **values)
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
    """Change a programme's details. Its total budget may not fall below its rounds' envelopes.

    With `expected_fingerprint` (from the edit form), a change someone else saved in the
    meantime is refused with `ProgrammeChanged` rather than overwritten.
    """
    _must_manage(user, programme)
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        # An empty fingerprint (a form that lost it) never matches: better a needless warning.
        if expected_fingerprint is not None and expected_fingerprint != programme_fingerprint(
            current
        ):
            raise ProgrammeChanged(current)
        before = snapshot(current, PROGRAMME_FIELDS)
        values = {key: data.get(key, getattr(current, key)) for key in PROGRAMME_FIELDS}
        _check_programme(values, envelopes_pence=_envelopes(current))
        for key, value in values.items():
            setattr(current, key, value)
        old, new = changed_fields(before, snapshot(current, PROGRAMME_FIELDS))
        if new:
            current.save(update_fields=list(new))
            record(actor=user, action="programme.updated", target=current, before=old, after=new)
    return current


def _programme_default(field: str):
    return "" if field in {"name", "funder_name", "summary"} else None


def _check_programme(values: dict, *, envelopes_pence: int) -> None:
    problems = _Problems()
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


def _envelopes(programme: Programme, excluding: Round | None = None) -> int:
    rounds = programme.rounds.all()
    if excluding is not None:
        rounds = rounds.exclude(pk=excluding.pk)
    return rounds.aggregate(total=Sum("budget_pence"))["total"] or 0


# --- Rounds ----------------------------------------------------------------------------------


def create_round(user, programme: Programme, data: dict) -> Round:
    """A new round in a programme, numbered after its last one. Unpublished unless asked."""
    _must_manage(user, programme)
    values = _in_utc({field: data.get(field, _round_default(field)) for field in ROUND_FIELDS})
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        _check_round(
            locked,
            values,
            other_envelopes_pence=_envelopes(locked),
            highest_score=scoring.highest_score(default_score_descriptors()),
        )
        numbers = list(locked.rounds.values_list("number", flat=True))
        slugs = set(locked.rounds.values_list("slug", flat=True))
        funding_round = Round.objects.create(
            programme=locked,
            number=max(numbers, default=0) + 1,
            slug=_unique_slug(values["name"], slugs),
            **values,
        )
        record(
            actor=user, action="round.created", target=funding_round, after=snapshot(funding_round)
        )
    return funding_round


def update_round(user, funding_round: Round, data: dict, expected_version: int) -> Round:
    """Change a round. If someone saved it since `expected_version`, refuse with
    `RoundChanged` (carrying what they saved) rather than overwrite their change."""
    _must_manage(user, funding_round.programme)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=funding_round.programme_id)
        current = Round.objects.select_for_update().get(pk=funding_round.pk)
        if current.version != expected_version:
            raise RoundChanged(current)
        before = snapshot(current, ROUND_FIELDS)
        values = _in_utc({key: data.get(key, getattr(current, key)) for key in ROUND_FIELDS})
        _check_round(
            programme,
            values,
            other_envelopes_pence=_envelopes(programme, excluding=current),
            highest_score=scoring.highest_score(current.score_descriptors),
        )
        for key, value in values.items():
            setattr(current, key, value)
        old, new = changed_fields(before, snapshot(current, ROUND_FIELDS))
        if new:
            current.version += 1
            current.save(update_fields=[*new, "version"])
            record(actor=user, action="round.updated", target=current, before=old, after=new)
            if "is_published" in new:
                publish_open_data_after_commit()  # its grants join or leave the open data
    return current


def _in_utc(values: dict) -> dict:
    """Times as UTC, so one moment given in London time is not taken for a change."""
    return {
        key: value.astimezone(UTC) if isinstance(value, datetime) else value
        for key, value in values.items()
    }


def _round_default(field: str):
    if field in {"name", "summary", "guidance_markdown", "round_type"}:
        return ""
    if field == "eligible_organisation_types":
        return []
    if field == "is_published":
        return False
    if field in {"assessors_per_bid", "disagreement_threshold"}:
        return Round._meta.get_field(field).default
    return None


def _check_round(
    programme: Programme, values: dict, *, other_envelopes_pence: int, highest_score: int
) -> None:
    """Every rule a round must keep, all reported at once. `highest_score` is the top of the
    round's scoring scale."""
    problems = _Problems()
    if not (values["name"] or "").strip():
        problems.add("Enter the round's name", "name")
    if values["round_type"] not in Round.RoundType.values:
        problems.add("Select the type of round", "round_type")

    opens_at, closes_at = values["opens_at"], values["closes_at"]
    if opens_at is None:
        problems.add("Enter the date and time the round opens", "opens_at")
    if closes_at is None:
        problems.add("Enter the date and time the round closes", "closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        problems.add(
            "The closing date and time must be after the opening date and time", "closes_at"
        )

    envelope = values["budget_pence"]
    minimum, maximum = values["minimum_bid_pence"], values["maximum_bid_pence"]
    if envelope is None:
        problems.add("Enter the round's budget envelope", "budget_pence")
    elif envelope <= 0:
        problems.add("The budget envelope must be more than £0", "budget_pence")
    elif programme.budget_pence is None:
        problems.add(
            "Give the programme a total budget before setting a round's budget envelope",
            "budget_pence",
        )
    elif other_envelopes_pence + envelope > programme.budget_pence:
        room = max(programme.budget_pence - other_envelopes_pence, 0)
        problems.add(
            f"The budget envelope must be {format_gbp(room)} or less: the programme's total "
            f"budget is {format_gbp(programme.budget_pence)} and its other rounds have "
            f"{format_gbp(other_envelopes_pence)}",
            "budget_pence",
        )
    if minimum is None:
        problems.add("Enter the minimum bid", "minimum_bid_pence")
    if maximum is None:
        problems.add("Enter the maximum bid", "maximum_bid_pence")
    elif maximum <= 0:
        problems.add("The maximum bid must be more than £0", "maximum_bid_pence")
    if minimum is not None and maximum is not None and minimum > maximum:
        problems.add(
            f"The minimum bid must be no more than the maximum bid ({format_gbp(maximum)})",
            "minimum_bid_pence",
        )
    if maximum is not None and envelope is not None and 0 < envelope < maximum:
        problems.add(
            f"The maximum bid must be no more than the budget envelope ({format_gbp(envelope)})",
            "maximum_bid_pence",
        )

    types = values["eligible_organisation_types"] or []
    if not types:
        problems.add(
            "Select at least one type of organisation that may bid", "eligible_organisation_types"
        )
    elif set(types) - set(OrganisationType.values):
        problems.add("Select types of organisation from the list", "eligible_organisation_types")

    starts_on, ends_on = values["funding_starts_on"], values["funding_ends_on"]
    if starts_on and ends_on and ends_on <= starts_on:
        problems.add(
            "The date funded work must finish by must be after the date it may start",
            "funding_ends_on",
        )

    assessors = values["assessors_per_bid"]
    if assessors is None:
        problems.add("Enter how many assessors score each bid", "assessors_per_bid")
    elif not _whole_number(assessors) or not 1 <= assessors <= MOST_ASSESSORS_PER_BID:
        problems.add(
            f"The number of assessors for each bid must be between 1 and {MOST_ASSESSORS_PER_BID}",
            "assessors_per_bid",
        )
    threshold = values["disagreement_threshold"]
    if threshold is None:
        problems.add(
            "Enter the difference in scores at which a bid is flagged", "disagreement_threshold"
        )
    elif not _whole_number(threshold) or not 0 <= threshold <= highest_score:
        problems.add(
            f"The difference in scores must be between 0 and {highest_score}, the highest score "
            "on the round's scale",
            "disagreement_threshold",
        )
    problems.raise_any()


def _whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- Focus areas -----------------------------------------------------------------------------


def add_focus_area(user, funding_round: Round, data: dict) -> FocusArea:
    """A focus area at the end of the round's list."""
    _must_manage(user, funding_round.programme)
    values = _focus_area_values(data)
    with transaction.atomic():
        existing = list(funding_round.focus_areas.all())
        _check_focus_area(values, existing)
        focus_area = FocusArea.objects.create(
            round=funding_round,
            slug=_unique_slug(values["name"], {area.slug for area in existing}),
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
    _must_manage(user, focus_area.round.programme)
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
    _must_manage(user, focus_area.round.programme)
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
    _must_manage(user, funding_round.programme)
    wanted = [_focus_area_values(row) for row in rows]
    problems = _Problems()
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
                slug = _unique_slug(values["name"], taken)
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
    problems = _Problems()
    if not values["name"]:
        problems.add("Enter the focus area's name", "name")
    elif values["name"].casefold() in {area.name.casefold() for area in others}:
        problems.add(f"This round already has a focus area called ‘{values['name']}’", "name")
    if values["kind"] not in FocusArea.Kind.values:
        problems.add("Select what kind of area it is", "kind")
    problems.raise_any()


# --- Assessment criteria ---------------------------------------------------------------------


def set_criteria(user, funding_round: Round, rows: Iterable[dict]) -> list[Criterion]:
    """Make the round's criteria exactly `rows`, in order. Weights are whole per cents, each
    more than 0, adding up to exactly 100.

    Each row is {"name", "description", "weight"}, with "id" for a criterion kept from before
    (so scores recorded against it stay with it) and "row" (its row on the page) to say which
    row an error is about.
    """
    _must_manage(user, funding_round.programme)
    if funding_round.applications.filter(state="submitted").exists():
        # Applicants wrote to these criteria and assessors score against them.
        raise DomainError(
            "Bids have been submitted to this round, so its criteria can no longer change"
        )
    rows = list(rows)
    problems = _Problems()
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


# --- Budgets by financial year ---------------------------------------------------------------


def year_budget_field(start_year: int) -> str:
    """The form field for one financial year's budget ("year_2027")."""
    return f"year_{start_year}"


def set_year_budgets(user, programme: Programme, budgets: dict[int, int | None]) -> None:
    """Set the programme's budget for each financial year in `budgets` (start year → pence);
    None means no budget for that year. Years not in `budgets` are left as they are.

    A year's budget may not be negative, more than the programme's total budget, or less than
    what is already awarded for that year. The programme row is locked so that an approval
    being recorded at the same moment is checked against one budget or the other, never both.
    """
    _must_manage(user, programme)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        existing = {budget.financial_year: budget for budget in locked.year_budgets.all()}
        already_awarded = awarded_by_year(locked)
        problems = _Problems()
        for start_year, amount in sorted(budgets.items()):
            if amount is None:
                continue
            label = FinancialYear(start_year).label
            field = year_budget_field(start_year)
            awarded = already_awarded.get(start_year, 0)
            if not _whole_number(amount):
                problems.add(f"Enter the budget for {label} as an amount in pounds", field)
            elif amount < 0:
                problems.add(f"The budget for {label} cannot be negative", field)
            elif locked.budget_pence is not None and amount > locked.budget_pence:
                problems.add(
                    f"The budget for {label} must be no more than the programme's total budget "
                    f"of {format_gbp(locked.budget_pence)}",
                    field,
                )
            elif amount < awarded:
                problems.add(
                    f"{format_gbp(awarded)} is already awarded for {label}, so its budget must "
                    f"be at least {format_gbp(awarded)}",
                    field,
                )
        problems.raise_any()

        before = _year_budgets_snapshot(existing.values())
        for start_year, amount in budgets.items():
            budget = existing.get(start_year)
            if amount is None:
                if budget is not None:
                    budget.delete()
                    del existing[start_year]
            elif budget is None:
                existing[start_year] = YearBudget.objects.create(
                    programme=locked, financial_year=start_year, budget_pence=amount
                )
            elif budget.budget_pence != amount:
                budget.budget_pence = amount
                budget.save(update_fields=["budget_pence"])
        after = _year_budgets_snapshot(existing.values())
        if after != before:
            record(
                actor=user,
                action="programme.year_budgets_set",
                target=locked,
                before={"year_budgets": before},
                after={"year_budgets": after},
            )


def _year_budgets_snapshot(budgets: Iterable[YearBudget]) -> dict[str, int]:
    ordered = sorted(budgets, key=lambda budget: budget.financial_year)
    return {FinancialYear(b.financial_year).label: b.budget_pence for b in ordered}


# --- Shared ----------------------------------------------------------------------------------


def _must_manage(user, programme: Programme) -> None:
    if not may_manage_programme(user, programme):
        raise PermissionDenied("Only the programme's managers may change it")


def _unique_slug(name: str, taken: set[str]) -> str:
    return unique_slug(name, taken, fallback="item", max_length=90)


# --- Scoring scale ---------------------------------------------------------------------------

FEWEST_SCALE_POINTS = 2
MOST_SCALE_POINTS = 11  # 0 to 10
DESCRIPTOR_MAX = 200


def set_score_scale(user, funding_round: Round, descriptors: Iterable[str]) -> Round:
    """Declare the round's scoring scale: what each score means, from 0 upwards.

    Refused once any assessor has started scoring the round's bids, since their scores are on
    the old scale. The disagreement threshold must still fit within the new scale.
    """
    _must_manage(user, funding_round.programme)
    descriptors = [text.strip() for text in descriptors if text.strip()]
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=funding_round.pk)
        if locked.applications.filter(assignments__assessment__isnull=False).exists():
            raise DomainError(
                "Assessors have started scoring this round's bids, so its scale can no longer "
                "change",
                field="descriptors",
            )
        if not FEWEST_SCALE_POINTS <= len(descriptors) <= MOST_SCALE_POINTS:
            raise DomainError(
                f"Enter between {FEWEST_SCALE_POINTS} and {MOST_SCALE_POINTS} scores, one on "
                "each line, starting with what 0 means",
                field="descriptors",
            )
        too_long = [number for number, text in enumerate(descriptors) if len(text) > DESCRIPTOR_MAX]
        if too_long:
            raise DomainError(
                f"What score {too_long[0]} means must be {DESCRIPTOR_MAX} characters or fewer",
                field="descriptors",
            )
        highest = scoring.highest_score(descriptors)
        if locked.disagreement_threshold > highest:
            raise DomainError(
                f"The round flags bids whose scores differ by more than "
                f"{locked.disagreement_threshold}, which needs a scale up to at least "
                f"{locked.disagreement_threshold}: add scores or lower that threshold first",
                field="descriptors",
            )
        before = {"score_descriptors": locked.score_descriptors}
        locked.score_descriptors = descriptors
        locked.version += 1
        locked.save(update_fields=["score_descriptors", "version"])
        record(
            actor=user,
            action="round.score_scale_set",
            target=locked,
            before=before,
            after={"score_descriptors": descriptors},
        )
    return locked
