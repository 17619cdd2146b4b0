"""A grant's payment schedule and its release conditions, as the programme's managers build and
change them.

The schedule always adds up exactly to the grant's profile, year by year, and so to the award
(invariant 3). Instalments with money requested, approved or paid against them ("touched",
`policies.schedules.is_touched`) never change; everything else may be rebuilt from a pattern
(`rebuild_schedule`, keeping payment-by-results instalments, which are the grant's outcome
budget) or adjusted row by row (`adjust_instalments`).

Numbers: an adjustment never renumbers (the number is how people name an instalment). A rebuild
numbers its new instalments in due-date order after the highest number it keeps, from 1 when it
keeps none.
"""

import hashlib
from collections import defaultdict
from datetime import date

from django.db import transaction

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.money import format_gbp

from ..models import Grant, GrantYear, Instalment, Payment, ReleaseCondition
from ..money import money_by_instalment
from ..policies.schedules import is_touched, may_change_schedule
from ..schedules import EQUAL, MOST_A_YEAR, PATTERNS, QUARTERLY, PlannedInstalment, plan_instalments

Kind = Instalment.Kind


def due_field(number: int) -> str:
    return f"due_on_{number}"


def amount_field(number: int) -> str:
    return f"amount_{number}"


def kind_field(number: int) -> str:
    return f"kind_{number}"


def schedule_fingerprint(instalments) -> str:
    """A short digest of the instalments as they are: a form carries it, so an adjustment made
    from a page that is out of date is refused instead of overwriting a change made since."""
    text = "|".join(
        f"{i.pk}:{i.number}:{i.due_on.isoformat()}:{i.financial_year}:{i.amount_pence}:{i.kind}"
        for i in sorted(instalments, key=lambda i: i.pk)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def picture(instalments) -> list[dict]:
    """The instalments as an audit event keeps them."""
    return [
        {
            "number": i.number,
            "due_on": i.due_on.isoformat(),
            "financial_year": i.financial_year,
            "amount_pence": i.amount_pence,
            "kind": i.kind,
        }
        for i in sorted(instalments, key=lambda i: i.number)
    ]


def _locked_grant(pk: int) -> Grant:
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related("round__programme", "recipient")
        .get(pk=pk)
    )


def _profile(grant: Grant) -> dict[int, int]:
    return dict(GrantYear.objects.filter(grant=grant).values_list("financial_year", "amount_pence"))


def _make(grant: Grant, planned: list[PlannedInstalment], first_number: int) -> list[Instalment]:
    Instalment.objects.bulk_create(
        Instalment(
            grant=grant,
            number=first_number + position,
            due_on=slot.due_on,
            financial_year=slot.financial_year,
            amount_pence=slot.amount_pence,
        )
        for position, slot in enumerate(planned)
    )
    made = list(Instalment.objects.filter(grant=grant, number__gte=first_number))
    ReleaseCondition.objects.bulk_create(
        ReleaseCondition(instalment=instalment, kind=ReleaseCondition.Kind.OFFER_ACCEPTED)
        for instalment in made
    )
    return made


# --- At the award -----------------------------------------------------------------------------


def schedule_at_award(grant: Grant, *, actor) -> list[Instalment]:
    """The default schedule of a grant just made: quarterly from its profile, from its start,
    each instalment released once the offer is accepted. The caller holds the transaction."""
    planned = plan_instalments(_profile(grant), pattern=QUARTERLY, starts_on=grant.starts_on)
    made = _make(grant, planned, first_number=1)
    record(
        actor=actor,
        action="grants.schedule_built",
        target=grant,
        after={"pattern": QUARTERLY, "instalments": picture(made)},
    )
    return made


# --- Rebuilding from a pattern ----------------------------------------------------------------


def _check_pattern(pattern: str, count) -> int | None:
    if pattern not in PATTERNS:
        raise DomainError("Choose how to spread the payments", field="pattern")
    if pattern != EQUAL:
        return None
    if isinstance(count, bool) or not isinstance(count, int):
        raise DomainError("Enter how many instalments each year, like 2", field="count")
    if not 1 <= count <= MOST_A_YEAR:
        raise DomainError(
            f"Instalments each year must be between 1 and {MOST_A_YEAR}", field="count"
        )
    return count


@transaction.atomic
def rebuild_schedule(user, grant: Grant, *, pattern: str, count: int | None = None):
    """Replace every instalment that can still change with instalments planned by `pattern`
    ("quarterly", "equal" with `count` a year, or "yearly") from what is left of each year's
    profile. Touched instalments and payment-by-results instalments are kept as they are."""
    grant = _locked_grant(grant.pk)
    may_change_schedule(user, grant).enforce()
    count = _check_pattern(pattern, count)
    profile = _profile(grant)
    if not profile:
        raise DomainError(
            "The grant has no profile by financial year to build a schedule from", field="pattern"
        )
    instalments = list(Instalment.objects.filter(grant=grant).order_by("number"))
    money = money_by_instalment(grant)
    kept = [i for i in instalments if is_touched(money[i.pk]) or i.kind == Kind.OUTCOMES]
    replaced = [i for i in instalments if i not in kept]
    kept_by_year: dict[int, int] = defaultdict(int)
    for instalment in kept:
        kept_by_year[instalment.financial_year] += instalment.amount_pence
    to_plan = {}
    for year in sorted(set(profile) | set(kept_by_year)):
        left = profile.get(year, 0) - kept_by_year.get(year, 0)
        if left < 0:
            label = FinancialYear(year).label
            raise DomainError(
                f"The instalments kept in {label} come to {format_gbp(kept_by_year[year])}, more "
                f"than its {format_gbp(profile.get(year, 0))} in the profile: change them first",
                field="pattern",
            )
        to_plan[year] = left
    planned = plan_instalments(to_plan, pattern=pattern, count=count, starts_on=grant.starts_on)
    before = picture(instalments)
    _replace(grant, replaced, planned, kept)
    after = list(Instalment.objects.filter(grant=grant).order_by("number"))
    record(
        actor=user,
        action="grants.schedule_built",
        target=grant,
        before={"instalments": before},
        after={"pattern": pattern, "count": count, "instalments": picture(after)},
    )
    return after


def _replace(grant: Grant, replaced, planned, kept) -> None:
    """An instalment a refused or withdrawn payment request points at stays (the ledger keeps
    every request): it takes a planned slot of its own year, or the first one, instead."""
    with_requests = set(
        Payment.objects.filter(instalment__in=replaced).values_list("instalment_id", flat=True)
    )
    planned = list(planned)
    reused = []
    for instalment in [i for i in replaced if i.pk in with_requests]:
        slot = next((p for p in planned if p.financial_year == instalment.financial_year), None)
        slot = slot or (planned[0] if planned else None)
        if slot is None:
            raise DomainError(
                f"Instalment {instalment.number} has a refused or withdrawn payment request on "
                "record, so it cannot be removed: keep some money in its year",
                field="pattern",
            )
        planned.remove(slot)
        instalment.due_on = slot.due_on
        instalment.financial_year = slot.financial_year
        instalment.amount_pence = slot.amount_pence
        instalment.kind = Kind.FIXED
        instalment.save(update_fields=["due_on", "financial_year", "amount_pence", "kind"])
        instalment.conditions.exclude(kind=ReleaseCondition.Kind.OFFER_ACCEPTED).delete()
        reused.append(instalment)
    Instalment.objects.filter(pk__in=[i.pk for i in replaced if i not in reused]).delete()
    numbers = [i.number for i in (*kept, *reused)]
    _make(grant, planned, first_number=max(numbers, default=0) + 1)


# --- Adjusting row by row ---------------------------------------------------------------------


@transaction.atomic
def adjust_instalments(user, grant: Grant, rows: list[dict], *, seen: str | None = None):
    """Change the due dates, amounts (and kinds) of every instalment that can still change, all
    at once. `rows` has one dict per such instalment: number, due_on, amount_pence and optionally
    kind. Each error names its row's field; nothing is saved unless the whole schedule still adds
    up to each year's profile. `seen` is the `schedule_fingerprint` the form was drawn from."""
    grant = _locked_grant(grant.pk)
    may_change_schedule(user, grant).enforce()
    instalments = list(Instalment.objects.filter(grant=grant).order_by("number"))
    if seen is not None and seen != schedule_fingerprint(instalments):
        raise DomainError(
            "Someone changed this schedule while you were editing it. Check the instalments as "
            "they are now and make your changes again."
        )
    money = money_by_instalment(grant)
    open_ = {i.number: i for i in instalments if not is_touched(money[i.pk])}
    given = {row["number"]: row for row in rows}
    errors = [
        DomainError(f"Instalment {number} can no longer change: it has money against it")
        for number in sorted(set(given) - set(open_))
    ]
    errors += [
        DomainError(f"Give the due date and amount of instalment {number}")
        for number in sorted(set(open_) - set(given))
    ]
    if errors:
        raise DomainErrors(errors)
    changes = {number: _checked_row(open_[number], given[number], errors) for number in open_}
    if errors:
        raise DomainErrors(errors)
    _check_sums(grant, instalments, open_, changes)
    before, after = [], []
    for number, (due_on, amount, kind) in sorted(changes.items()):
        instalment = open_[number]
        if (instalment.due_on, instalment.amount_pence, instalment.kind) == (due_on, amount, kind):
            continue
        before += picture([instalment])
        instalment.due_on, instalment.amount_pence, instalment.kind = due_on, amount, kind
        instalment.save(update_fields=["due_on", "amount_pence", "kind"])
        after += picture([instalment])
    if after:
        record(
            actor=user,
            action="grants.instalments_changed",
            target=grant,
            before={"instalments": before},
            after={"instalments": after},
        )
    return instalments


def _checked_row(instalment: Instalment, row: dict, errors: list) -> tuple:
    number = instalment.number
    due_on, amount, kind = row.get("due_on"), row.get("amount_pence"), row.get("kind")
    kind = instalment.kind if kind is None else kind
    year = FinancialYear(instalment.financial_year)
    if not isinstance(due_on, date):
        errors.append(
            DomainError(f"Enter the due date of instalment {number}", field=due_field(number))
        )
    elif due_on not in year:
        errors.append(
            DomainError(
                f"Instalment {number} is paid from {year.label}: its due date must be between "
                f"1 April {year.start_year} and 31 March {year.start_year + 1}",
                field=due_field(number),
            )
        )
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors.append(
            DomainError(f"Enter the amount of instalment {number}", field=amount_field(number))
        )
    elif amount <= 0:
        errors.append(
            DomainError(
                f"The amount of instalment {number} must be more than £0",
                field=amount_field(number),
            )
        )
    if kind not in Kind.values:
        errors.append(DomainError(f"Choose what instalment {number} is", field=kind_field(number)))
    return due_on, amount, kind


def _check_sums(grant: Grant, instalments, open_, changes) -> None:
    profile = _profile(grant)
    totals: dict[int, int] = defaultdict(int)
    first_of_year: dict[int, int] = {}
    for instalment in instalments:
        amount = instalment.amount_pence
        if instalment.number in changes:
            amount = changes[instalment.number][1]
            first_of_year.setdefault(instalment.financial_year, instalment.number)
        totals[instalment.financial_year] += amount
    errors = []
    for year in sorted(set(totals) | set(profile)):
        wanted, got = profile.get(year, 0), totals.get(year, 0)
        if wanted == got:
            continue
        difference = format_gbp(abs(got - wanted))
        label = FinancialYear(year).label
        errors.append(
            DomainError(
                f"The instalments in {label} must add up to {format_gbp(wanted)}, its amount in "
                f"the grant’s profile: they add up to {format_gbp(got)}, "
                f"{difference} {'too much' if got > wanted else 'short'}",
                field=amount_field(first_of_year[year]) if year in first_of_year else None,
            )
        )
    if not errors and grant.amount_pence is not None and sum(totals.values()) != grant.amount_pence:
        errors.append(
            DomainError(
                f"The grant’s profile does not add up to its award of "
                f"{format_gbp(grant.amount_pence)}: the programme team must correct it first"
            )
        )
    if errors:
        raise DomainErrors(errors)
