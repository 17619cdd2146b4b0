"""What a programme's money has become: for the programme, each round and each financial year,
its budget, what was awarded, and what is scheduled, approved, paid and still to pay; and for one
grant, its schedule against its payments and the spend its returns report against its profile.

Budget and awarded are read from `assessment.budget.programme_overview` (the very figures the
budget page shows); scheduled, approved and paid from `grants.money` (the figures every payment
page shows). Nothing is added up twice. Historic grants (recorded from published sources) have no
payment schedules: they count as awarded, never as scheduled or paid.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from innovation_fund.applications.models import CostHeading
from innovation_fund.assessment.budget import ProgrammeBudget, programme_overview
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.programmes.models import Programme

from .models import Grant, GrantYear, MonitoringReturn, ReturnSpend
from .money import Money, money_by_financial_year, money_by_round

# The figures a spend line has, in the order the tables and charts show them.
FIGURES = (
    ("budget", "Budget"),
    ("awarded", "Awarded and approved"),
    ("scheduled", "Scheduled"),
    ("approved", "Approved"),
    ("paid", "Paid"),
    ("forecast", "Forecast"),
)


@dataclass(frozen=True)
class SpendLine:
    """The money of the programme, one round or one financial year."""

    name: str
    budget_pence: int | None  # None: no budget set
    awarded_pence: int
    money: Money
    unknown_count: int = 0  # historic grants with no known amount

    def figure(self, key: str) -> int | None:
        if key == "budget":
            return self.budget_pence
        if key == "awarded":
            return self.awarded_pence
        if key == "forecast":
            return self.money.forecast_pence
        return getattr(self.money, f"{key}_pence")

    @property
    def figures(self) -> list[tuple[str, str, int | None]]:
        return [(key, label, self.figure(key)) for key, label in FIGURES]


@dataclass(frozen=True)
class ProgrammeSpend:
    programme: Programme
    total: SpendLine
    rounds: list[SpendLine]
    years: list[SpendLine]
    historic_grants: int  # recorded from published sources: no schedules


def grants_that_spend(programme: Programme) -> QuerySet[Grant]:
    """The programme's grants whose schedules and payments count: all but declined offers."""
    return Grant.objects.filter(round__programme_id=programme.pk).exclude(
        state=Grant.State.DECLINED
    )


def spend_in_total(overview: ProgrammeBudget, by_round: dict[int, Money]) -> SpendLine:
    return SpendLine(
        name=overview.programme.name,
        budget_pence=overview.limit_pence,
        awarded_pence=overview.awarded_pence,
        money=sum(by_round.values(), Money()),
        unknown_count=overview.unknown_count,
    )


def spend_by_round(overview: ProgrammeBudget, by_round: dict[int, Money]) -> list[SpendLine]:
    return [
        SpendLine(
            name=line.round.name,
            budget_pence=line.limit_pence,
            awarded_pence=line.awarded_pence,
            money=by_round.get(line.round.pk, Money()),
            unknown_count=line.unknown_count,
        )
        for line in overview.rounds
    ]


def spend_by_financial_year(
    overview: ProgrammeBudget, by_year: dict[int, Money]
) -> list[SpendLine]:
    """Every year with a budget, an award or an instalment, in order."""
    budgeted = {line.financial_year.start_year: line for line in overview.years}
    lines = []
    for start_year in sorted(set(budgeted) | set(by_year)):
        line = budgeted.get(start_year)
        lines.append(
            SpendLine(
                name=FinancialYear(start_year).label,
                budget_pence=line.limit_pence if line else None,
                awarded_pence=line.awarded_pence if line else 0,
                money=by_year.get(start_year, Money()),
            )
        )
    return lines


def programme_spend(programme: Programme) -> ProgrammeSpend:
    """The spend dashboard's figures. Ten queries whatever the programme holds."""
    overview = programme_overview(programme)
    grants = grants_that_spend(programme)
    by_round = money_by_round(grants)
    by_year = money_by_financial_year(grants)
    return ProgrammeSpend(
        programme=programme,
        total=spend_in_total(overview, by_round),
        rounds=spend_by_round(overview, by_round),
        years=spend_by_financial_year(overview, by_year),
        historic_grants=Grant.objects.historical().filter(round__programme_id=programme.pk).count(),
    )


# --- One grant --------------------------------------------------------------------------------

REPORTED_STATES = (MonitoringReturn.State.SUBMITTED, MonitoringReturn.State.ACCEPTED)


@dataclass(frozen=True)
class GrantSpendYear:
    financial_year: FinancialYear
    profile_pence: int  # 0 where the profile has nothing in the year
    money: Money
    reported_pence: int | None  # None: the return reports nothing known for the year
    reported_in_part: bool  # some cost headings "not known yet"

    @property
    def variance_pence(self) -> int | None:
        """Reported spend less the profile: positive is more spent than profiled."""
        if self.reported_pence is None:
            return None
        return self.reported_pence - self.profile_pence


@dataclass(frozen=True)
class ReportedHeading:
    financial_year: FinancialYear
    heading: str
    actual_pence: int | None


@dataclass(frozen=True)
class GrantSpend:
    years: list[GrantSpendYear]
    reported_in: MonitoringReturn | None  # the latest submitted or accepted return
    headings: list[ReportedHeading]

    @property
    def profile_pence(self) -> int:
        return sum(year.profile_pence for year in self.years)

    @property
    def money(self) -> Money:
        return sum((year.money for year in self.years), Money())

    @property
    def reported_pence(self) -> int | None:
        known = [year.reported_pence for year in self.years if year.reported_pence is not None]
        return sum(known) if known else None

    @property
    def variance_pence(self) -> int | None:
        reported = self.reported_pence
        return None if reported is None else reported - self.profile_pence


def grant_spend(grant: Grant) -> GrantSpend:
    """One grant's schedule and payments by financial year beside its profile and the spend its
    latest submitted or accepted return reports. Five queries."""
    profile = dict(
        GrantYear.objects.filter(grant=grant).values_list("financial_year", "amount_pence")
    )
    money = money_by_financial_year(Grant.objects.filter(pk=grant.pk))
    latest = (
        MonitoringReturn.objects.filter(grant=grant, state__in=REPORTED_STATES)
        .order_by("-period_ends_on", "-number")
        .first()
    )
    rows = list(ReturnSpend.objects.filter(monitoring_return=latest)) if latest else []
    reported: dict[int, int] = {}
    in_part: set[int] = set()
    for row in rows:
        if row.actual_pence is None:
            in_part.add(row.financial_year)
        else:
            reported[row.financial_year] = reported.get(row.financial_year, 0) + row.actual_pence
    years = [
        GrantSpendYear(
            financial_year=FinancialYear(start_year),
            profile_pence=profile.get(start_year, 0),
            money=money.get(start_year, Money()),
            reported_pence=reported.get(start_year),
            reported_in_part=start_year in in_part,
        )
        for start_year in sorted(set(profile) | set(money) | set(reported) | in_part)
    ]
    headings = [
        ReportedHeading(
            financial_year=FinancialYear(row.financial_year),
            heading=_heading_label(row.cost_heading),
            actual_pence=row.actual_pence,
        )
        for row in rows
    ]
    return GrantSpend(years=years, reported_in=latest, headings=headings)


def _heading_label(code: str) -> str:
    try:
        return CostHeading(code).label
    except ValueError:
        return code
