"""Which monitoring returns each live grant owes: the round's return schedule (every N months,
due so many days after each period ends) laid over the grant's planned dates.

`ensure_returns(grant)` is called when an offer is accepted and when a round's schedule is set;
it is idempotent. Returns already being filled in, submitted or accepted never change; returns
not started move with the schedule.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.permissions import Refused
from innovation_fund.programmes.models import ProgrammeRole, Round

from ..models import Grant, MonitoringReturn, ReturnSchedule

PERIOD_MONTHS = (1, 3, 6, 12)
MOST_DUE_DAYS = 90


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def periods(starts_on: date, ends_on: date, every_months: int) -> list[tuple[date, date]]:
    """Reporting periods from the start to the end, each `every_months` long (the last may be
    shorter), aligned to the start date."""
    found, start = [], starts_on
    while start <= ends_on:
        following = add_months(starts_on, every_months * (len(found) + 1))
        found.append((start, min(following - timedelta(days=1), ends_on)))
        start = following
    return found


@transaction.atomic
def set_return_schedule(
    user, funding_round: Round, *, every_months: int | None, due_days_after_period: int | None
) -> ReturnSchedule:
    if not ProgrammeRole.objects.filter(
        user=user,
        programme_id=funding_round.programme_id,
        role=ProgrammeRole.Role.PROGRAMME_MANAGER,
    ).exists():
        raise Refused("Only the programme's managers can set the return schedule.")
    errors = []
    if every_months not in PERIOD_MONTHS:
        errors.append(DomainError("Choose how often grants report", field="every_months"))
    if due_days_after_period is None or not 1 <= due_days_after_period <= MOST_DUE_DAYS:
        errors.append(
            DomainError(
                f"Enter how many days after each period a return is due, from 1 to {MOST_DUE_DAYS}",
                field="due_days_after_period",
            )
        )
    if errors:
        raise DomainErrors(errors)
    Round.objects.select_for_update().get(pk=funding_round.pk)
    schedule, created = ReturnSchedule.objects.update_or_create(
        round=funding_round,
        defaults={
            "every_months": every_months,
            "due_days_after_period": due_days_after_period,
            "updated_by": user,
            "updated_at": timezone.now(),
        },
    )
    record(
        actor=user,
        action="grants.return_schedule_set",
        target=funding_round,
        after={"every_months": every_months, "due_days_after_period": due_days_after_period},
    )
    for grant in Grant.objects.filter(round=funding_round, state=Grant.State.ACCEPTED):
        ensure_returns(grant)
    return schedule


@transaction.atomic
def ensure_returns(grant: Grant) -> list[MonitoringReturn]:
    """The grant's returns as its round's schedule says (none without a schedule, dates or an
    accepted offer). Safe to call again: it changes only returns not yet started.

    Returns up to the last one being filled in, submitted or accepted stay as they are; the
    schedule carries on from the day after it (the first period trimmed to start there), so a
    change of schedule leaves no months unreported and none reported twice."""
    schedule = ReturnSchedule.objects.filter(round_id=grant.round_id).first()
    if schedule is None or grant.state != Grant.State.ACCEPTED:
        return []
    if grant.starts_on is None or grant.ends_on is None:
        return []
    grant = Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
    existing = {r.number: r for r in MonitoringReturn.objects.filter(grant=grant)}
    started = [r for r in existing.values() if r.state != MonitoringReturn.State.NOT_STARTED]
    kept_up_to = max((r.number for r in started), default=0)
    covered_until = max(
        (r.period_ends_on for r in existing.values() if r.number <= kept_up_to), default=None
    )
    wanted = periods_after(
        periods(grant.starts_on, grant.ends_on, schedule.every_months), covered_until
    )
    changed = []
    for number, (start, end) in enumerate(wanted, start=kept_up_to + 1):
        due = end + timedelta(days=schedule.due_days_after_period)
        found = existing.pop(number, None)
        if found is None:
            changed.append(
                MonitoringReturn.objects.create(
                    grant=grant,
                    number=number,
                    period_starts_on=start,
                    period_ends_on=end,
                    due_on=due,
                )
            )
        elif (found.period_starts_on, found.period_ends_on, found.due_on) != (start, end, due):
            found.period_starts_on, found.period_ends_on, found.due_on = start, end, due
            found.save(update_fields=["period_starts_on", "period_ends_on", "due_on"])
            changed.append(found)
    for leftover in existing.values():
        if leftover.number > kept_up_to:
            leftover.delete()  # not started: a later period the schedule no longer has
    if changed:
        record(
            actor=None,
            actor_label="return schedule",
            action="grants.returns_scheduled",
            target=grant,
            after={
                "returns": [{"number": r.number, "due_on": r.due_on.isoformat()} for r in changed]
            },
        )
    return list(MonitoringReturn.objects.filter(grant=grant).order_by("number"))


def periods_after(
    wanted: list[tuple[date, date]], covered_until: date | None
) -> list[tuple[date, date]]:
    """The periods still to report once returns already started cover up to `covered_until`:
    later periods whole, the one it falls in from the day after."""
    if covered_until is None:
        return wanted
    return [
        (max(start, covered_until + timedelta(days=1)), end)
        for start, end in wanted
        if end > covered_until
    ]
