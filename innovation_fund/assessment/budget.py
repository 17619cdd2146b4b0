"""How much of a programme's money is committed, and how much is left, computed from the records.

The money committed in a round is what its current approvals award (announced or not) plus
what its historic grants (loaded from published sources, with no decision of ours behind them)
are known to have awarded. A historic grant whose amount no source gives is counted as unknown,
never as zero: the overview says how many there are, and a remaining amount is then only an
upper bound.

Once an approval is announced it is a grant, and the grant's current amount and years count
instead of the decision's (`Decision.grant`, read through the relation grants declares): an
approved variation changes them, a declined offer commits nothing, and a grant handed back
commits only what was paid.

Each financial year's committed money is the sum of the current approvals' profiles for that
year (`DecisionYear`, or the grant's `GrantYear`s once it is made); historic grants have no
profile here, so they count only against rounds and the programme.

`programme_overview` makes the same five queries whatever the programme holds. An award
(`record_decision`) and a variation of a grant are checked against the very same sums by
`check_award_fits`, so the budget page and the checks cannot disagree.
"""

from dataclasses import dataclass, field

from django.db.models import BigIntegerField, Case, Count, F, Q, Sum, Value, When

from innovation_fund.core.errors import DomainError
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.money import format_gbp
from innovation_fund.programmes.commitments import Commitments
from innovation_fund.programmes.models import Programme, Round, YearBudget

from .models import Decision, DecisionYear


class BudgetExceeded(DomainError):
    """An award would take a round, the programme or a financial year over its limit."""

    def __init__(self, message: str, *, left_pence: int, field: str | None = "award"):
        super().__init__(message, field=field)
        self.left_pence = left_pence


@dataclass
class Committed:
    """Money a round, a programme or a year has against it, and the limit it must stay within."""

    limit_pence: int | None
    awarded_pence: int = 0  # known amounts: current approvals and historic grants
    approved_not_announced_pence: int = 0
    unknown_count: int = 0  # historic grants whose amount no source gives

    @property
    def remaining_pence(self) -> int | None:
        """What is left below the limit (None when no limit is set). Negative if over it.

        When some amounts are unknown this is the most that can be left.
        """
        if self.limit_pence is None:
            return None
        return self.limit_pence - self.awarded_pence

    @property
    def remaining_is_upper_bound(self) -> bool:
        return self.unknown_count > 0 and self.limit_pence is not None

    @property
    def is_over(self) -> bool:
        return self.remaining_pence is not None and self.remaining_pence < 0


@dataclass
class RoundBudget(Committed):
    round: Round | None = None


@dataclass
class YearBudgetLine(Committed):
    financial_year: FinancialYear | None = None


@dataclass
class ProgrammeBudget(Committed):
    programme: Programme | None = None
    rounds: list[RoundBudget] = field(default_factory=list)
    years: list[YearBudgetLine] = field(default_factory=list)

    def round(self, round_id: int) -> RoundBudget:
        return next(line for line in self.rounds if line.round.pk == round_id)

    def year(self, start_year: int) -> YearBudgetLine | None:
        return next(
            (line for line in self.years if line.financial_year.start_year == start_year), None
        )


def current_approvals(programme_id: int, *, excluding_application_id: int | None = None):
    """The approvals that stand in a programme, without those of one bid if asked (the bid whose
    decision is about to be superseded)."""
    approvals = Decision.objects.current().filter(
        outcome=Decision.Outcome.APPROVE, application__round__programme_id=programme_id
    )
    if excluding_application_id is not None:
        approvals = approvals.exclude(application_id=excluding_application_id)
    return approvals


def commitments_of(programme: Programme) -> Commitments:
    """The programme's committed money, as `programmes.commitments` asks for it: the very sums
    the budget page shows as awarded (approved, announced or not, plus historic grants)."""
    overview = programme_overview(programme)
    return Commitments(
        total_pence=overview.awarded_pence,
        by_round={line.round.pk: line.awarded_pence for line in overview.rounds},
        by_year={line.financial_year.start_year: line.awarded_pence for line in overview.years},
    )


def awarded_by_year(programme: Programme) -> dict[int, int]:
    """What the programme's standing approvals award in each financial year (start year →
    pence), in two queries (approvals not yet grants, and grants): the years' awarded sums of
    `programme_overview`, without the rest."""
    return {
        start_year: row["awarded"]
        for start_year, row in _approved_by_year(current_approvals(programme.pk)).items()
    }


# The one state of a grant (grants.Grant.State.DECLINED) in which it commits no money.
DECLINED = "declined"

# What an approval commits: its grant's current amount once it has one, else its award.
_current_award = Case(
    When(grant__state=DECLINED, then=Value(0)),
    When(grant__isnull=False, then=F("grant__amount_pence")),
    default=F("award_pence"),
    output_field=BigIntegerField(),
)


def _approved_by_year(approvals) -> dict[int, dict]:
    """Start year → awarded and not-yet-announced pence: the profiles of approvals without a
    grant, and the current years of their grants for the others."""
    rows: dict[int, dict] = {}
    for row in (
        DecisionYear.objects.filter(decision__in=approvals.filter(grant__isnull=True))
        .values("financial_year")
        .annotate(
            awarded=Sum("amount_pence"),
            not_announced=Sum("amount_pence", filter=Q(decision__announcement__isnull=True)),
        )
    ):
        rows[row["financial_year"]] = row
    for row in (
        approvals.filter(grant__isnull=False)
        .exclude(grant__state=DECLINED)
        .filter(grant__years__isnull=False)
        .values(financial_year=F("grant__years__financial_year"))
        .annotate(awarded=Sum("grant__years__amount_pence"))
        .order_by()
    ):
        line = rows.setdefault(row["financial_year"], {"awarded": 0, "not_announced": 0})
        line["awarded"] = (line["awarded"] or 0) + (row["awarded"] or 0)
    return rows


def programme_overview(
    programme: Programme, *, excluding_application_id: int | None = None
) -> ProgrammeBudget:
    """The programme's money: in total, per round (in order) and per financial year.

    Financial years listed are those with a budget set or with approved spending.
    """
    # Historic grants are read through the relation grants declares on a round ("grants"):
    # assessment sits below grants in the layers and may not import it.
    historic = Q(grants__decision__isnull=True)
    rounds = list(
        Round.objects.filter(programme_id=programme.pk)
        .annotate(
            historic_known=Sum("grants__amount_pence", filter=historic),
            historic_unknown=Count(
                "grants", filter=historic & Q(grants__amount_pence__isnull=True)
            ),
        )
        .order_by("number")
    )
    approvals = current_approvals(programme.pk, excluding_application_id=excluding_application_id)
    approved_by_round = {
        row["application__round_id"]: row
        for row in approvals.values("application__round_id").annotate(
            awarded=Sum(_current_award),
            not_announced=Sum("award_pence", filter=Q(announcement__isnull=True)),
        )
    }
    approved_by_year = _approved_by_year(approvals)
    year_limits = dict(
        YearBudget.objects.filter(programme_id=programme.pk).values_list(
            "financial_year", "budget_pence"
        )
    )

    overview = ProgrammeBudget(limit_pence=programme.budget_pence, programme=programme)
    for funding_round in rounds:
        approved = approved_by_round.get(funding_round.pk, {})
        line = RoundBudget(
            limit_pence=funding_round.budget_pence,
            awarded_pence=(approved.get("awarded") or 0) + (funding_round.historic_known or 0),
            approved_not_announced_pence=approved.get("not_announced") or 0,
            unknown_count=funding_round.historic_unknown,
            round=funding_round,
        )
        overview.rounds.append(line)
        overview.awarded_pence += line.awarded_pence
        overview.approved_not_announced_pence += line.approved_not_announced_pence
        overview.unknown_count += line.unknown_count
    for start_year in sorted(set(year_limits) | set(approved_by_year)):
        approved = approved_by_year.get(start_year, {})
        overview.years.append(
            YearBudgetLine(
                limit_pence=year_limits.get(start_year),
                awarded_pence=approved.get("awarded") or 0,
                approved_not_announced_pence=approved.get("not_announced") or 0,
                financial_year=FinancialYear(start_year),
            )
        )
    return overview


def check_award_fits(
    programme: Programme,
    funding_round: Round,
    amount_pence: int,
    profile: dict[int, int],
    *,
    excluding_application_id: int | None,
) -> None:
    """Refuse money that would take the round, the programme or a financial year over its
    limit: a new award, or a grant's new amount and years after a variation.

    The sums leave out what the bid named by `excluding_application_id` commits now (its
    standing decision, or its grant), since the new amount replaces it. The caller holds the
    programme's row lock (taken first, before any bid or grant), so two of these racing each
    other see each other's money.
    """
    if funding_round.budget_pence is None:
        raise DomainError(
            f"Set {funding_round.name}'s envelope before approving awards", field="award"
        )
    overview = programme_overview(programme, excluding_application_id=excluding_application_id)
    award = format_gbp(amount_pence)
    _refuse_if_over(
        overview.round(funding_round.pk),
        amount_pence,
        f"This award of {award} would take {funding_round.name} over its envelope of",
    )
    if programme.budget_pence is not None:
        _refuse_if_over(
            overview,
            amount_pence,
            f"This award of {award} would take {programme.name} over its total budget of",
        )
    for start_year, amount in sorted(profile.items()):
        line = overview.year(start_year)
        if line is None or line.limit_pence is None:
            continue
        label = FinancialYear(start_year).label
        _refuse_if_over(
            line,
            amount,
            f"This award's {format_gbp(amount)} in {label} would take the programme over its "
            f"budget for {label} of",
        )


def _refuse_if_over(committed: Committed, amount_pence: int, opening: str) -> None:
    left = max(committed.remaining_pence, 0)
    if amount_pence > left:
        raise BudgetExceeded(
            f"{opening} {format_gbp(committed.limit_pence)}: {format_gbp(left)} is left.",
            left_pence=left,
        )
