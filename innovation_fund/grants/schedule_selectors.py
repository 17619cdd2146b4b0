"""A grant's payment schedule as the pages and the offer letter show it: each instalment with its
release conditions (met or not, and why), and each financial year's instalments beside its
profile. A fixed number of queries however many instalments and conditions there are."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from innovation_fund.core.dates import format_date, to_london
from innovation_fund.core.financial_years import FinancialYear

from .conditions import condition_is_met
from .models import Grant, GrantYear, Instalment, MonitoringReturn, ReleaseCondition
from .money import Money, money_by_instalment
from .policies.schedules import CONFIRMED_BY_A_PERSON, is_touched

Kind = ReleaseCondition.Kind


@dataclass(frozen=True)
class ConditionStatus:
    condition: ReleaseCondition
    met: bool
    says: str  # what the condition is, in words
    why: str  # why it is met, or what is still missing

    @property
    def may_be_confirmed(self) -> bool:
        return self.condition.kind in CONFIRMED_BY_A_PERSON and not self.met


@dataclass(frozen=True)
class InstalmentRow:
    instalment: Instalment
    conditions: list[ConditionStatus]
    money: Money | None = None  # None where the page does not show money per instalment

    @property
    def touched(self) -> bool:
        return self.money is not None and is_touched(self.money)

    @property
    def financial_year_label(self) -> str:
        return FinancialYear(self.instalment.financial_year).label

    @property
    def all_met(self) -> bool:
        return all(status.met for status in self.conditions)


@dataclass(frozen=True)
class YearRow:
    financial_year: int
    profile_pence: int
    scheduled_pence: int

    @property
    def label(self) -> str:
        return FinancialYear(self.financial_year).label

    @property
    def adds_up(self) -> bool:
        return self.profile_pence == self.scheduled_pence


@dataclass(frozen=True)
class Schedule:
    grant: Grant
    rows: list[InstalmentRow] = field(default_factory=list)
    years: list[YearRow] = field(default_factory=list)

    @property
    def scheduled_pence(self) -> int:
        return sum(row.instalment.amount_pence for row in self.rows)

    @property
    def profile_pence(self) -> int:
        return sum(year.profile_pence for year in self.years)

    @property
    def adds_up(self) -> bool:
        return all(year.adds_up for year in self.years) and (
            self.grant.amount_pence is None or self.scheduled_pence == self.grant.amount_pence
        )

    @property
    def open_rows(self) -> list[InstalmentRow]:
        """The instalments that may still change (no money against them)."""
        return [row for row in self.rows if not row.touched]


def status_of(condition: ReleaseCondition, grant: Grant) -> ConditionStatus:
    met = condition_is_met(condition, grant)
    if condition.kind == Kind.OFFER_ACCEPTED:
        says = "The offer is accepted"
        if met and grant.responded_at:
            why = f"Accepted on {format_date(to_london(grant.responded_at).date())}"
        else:
            why = "Met" if met else "The offer has not been accepted yet"
    elif condition.kind == Kind.RETURN_ACCEPTED:
        report = condition.monitoring_return
        says = (
            f"Monitoring return {report.number} ({format_date(report.period_starts_on)} to "
            f"{format_date(report.period_ends_on)}) is accepted"
        )
        why = "Accepted" if met else f"The return is {report.get_state_display().lower()}"
    else:
        if condition.kind == Kind.EVALUATION_PLAN:
            says = "The evaluation plan is agreed"
            if condition.description:
                says += f": {condition.description}"
        else:
            says = condition.description
        if met:
            who = condition.confirmed_by.email if condition.confirmed_by_id else "the team"
            when = format_date(to_london(condition.confirmed_at).date())
            why = f"Confirmed by {who} on {when}: {condition.evidence}"
        else:
            why = "Not yet confirmed by the programme team, with evidence"
    return ConditionStatus(condition=condition, met=met, says=says, why=why)


def _instalments(grant_ids) -> list[Instalment]:
    return list(
        Instalment.objects.filter(grant_id__in=grant_ids)
        .order_by("grant_id", "number")
        .prefetch_related(
            Prefetch(
                "conditions",
                queryset=ReleaseCondition.objects.select_related(
                    "monitoring_return", "confirmed_by"
                ).order_by("id"),
            )
        )
    )


def _schedule(grant: Grant, instalments, profile: dict[int, int], money=None) -> Schedule:
    rows = []
    scheduled: dict[int, int] = defaultdict(int)
    for instalment in instalments:
        instalment.grant = grant
        scheduled[instalment.financial_year] += instalment.amount_pence
        rows.append(
            InstalmentRow(
                instalment=instalment,
                conditions=[status_of(c, grant) for c in instalment.conditions.all()],
                money=None if money is None else money.get(instalment.pk, Money()),
            )
        )
    years = [
        YearRow(year, profile.get(year, 0), scheduled.get(year, 0))
        for year in sorted(set(profile) | set(scheduled))
    ]
    return Schedule(grant=grant, rows=rows, years=years)


def schedule_of(grant: Grant, *, with_money: bool = True) -> Schedule:
    """One grant's schedule. Five queries with the money against each instalment, three
    without."""
    profile = dict(
        GrantYear.objects.filter(grant=grant).values_list("financial_year", "amount_pence")
    )
    money = money_by_instalment(grant) if with_money else None
    return _schedule(grant, _instalments([grant.pk]), profile, money)


def schedules_of(grants: list[Grant]) -> dict[int, Schedule]:
    """Each grant's schedule (by grant id), without money per instalment. Three queries."""
    ids = [grant.pk for grant in grants]
    profiles: dict[int, dict[int, int]] = defaultdict(dict)
    for grant_id, year, amount in GrantYear.objects.filter(grant_id__in=ids).values_list(
        "grant_id", "financial_year", "amount_pence"
    ):
        profiles[grant_id][year] = amount
    by_grant: dict[int, list[Instalment]] = defaultdict(list)
    for instalment in _instalments(ids):
        by_grant[instalment.grant_id].append(instalment)
    return {grant.pk: _schedule(grant, by_grant[grant.pk], profiles[grant.pk]) for grant in grants}


def returns_for_conditions(grant: Grant) -> list[MonitoringReturn]:
    """The grant's monitoring returns, for choosing which one a condition waits for."""
    return list(MonitoringReturn.objects.filter(grant=grant).order_by("number"))
