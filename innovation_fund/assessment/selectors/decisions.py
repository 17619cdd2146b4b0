"""Reads for the decision page and the budget overview, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from innovation_fund.applications.models import Application
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.programmes.models import Programme, ProgrammeRole

from .. import policies
from ..budget import ProgrammeBudget, RoundBudget, programme_overview
from ..models import Decision, DecisionYear, EligibilityCheck
from ..services.decisions import asked_profile
from .moderation import BidScores, bid_scores

Role = ProgrammeRole.Role
BUDGET_ROLES = (Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER)


def bid_to_decide(user, reference: str) -> Application:
    """A submitted bid in a round this person manages (Application.DoesNotExist otherwise)."""
    return (
        policies.bids_managed_by(user)
        .select_related("round__programme", "lead_organisation")
        .get(reference=reference)
    )


@dataclass
class DecisionPage:
    application: Application
    eligibility: EligibilityCheck | None
    asked: list[tuple[FinancialYear, int]]
    asked_total_pence: int
    decisions: list[Decision]  # oldest first
    current: Decision | None
    round_budget: RoundBudget
    programme_budget: ProgrammeBudget
    scores: BidScores | None  # None for a bid not found eligible (it is never scored)

    @property
    def is_eligible(self) -> bool:
        return self.eligibility is not None and self.eligibility.is_eligible

    @property
    def is_announced(self) -> bool:
        return self.current is not None and hasattr(self.current, "announcement")


def decision_page(application: Application) -> DecisionPage:
    eligibility = EligibilityCheck.objects.filter(application=application).first()
    asked = asked_profile(application)
    decisions = list(
        Decision.objects.filter(application=application)
        .select_related("decided_by", "superseded_by", "announcement__batch")
        .prefetch_related(
            Prefetch("years", queryset=DecisionYear.objects.order_by("financial_year"))
        )
        .order_by("decided_at", "id")
    )
    for made in decisions:
        made.profile = [(FinancialYear(y.financial_year), y.amount_pence) for y in made.years.all()]
    current = next((d for d in decisions if not _is_superseded(d)), None)
    programme_budget = programme_overview(application.round.programme)
    return DecisionPage(
        application=application,
        eligibility=eligibility,
        asked=[(FinancialYear(year), amount) for year, amount in asked.items()],
        asked_total_pence=sum(asked.values()),
        decisions=decisions,
        current=current,
        round_budget=programme_budget.round(application.round_id),
        programme_budget=programme_budget,
        scores=bid_scores(application) if eligibility and eligibility.is_eligible else None,
    )


def _is_superseded(decision: Decision) -> bool:
    try:
        decision.superseded_by  # noqa: B018 - a reverse one-to-one raises when there is none
    except Decision.DoesNotExist:
        return False
    return True


def programmes_with_budget_for(user) -> QuerySet[Programme]:
    """Programmes whose budget this person may see: their managers and finance officers."""
    if not user.is_authenticated:
        return Programme.objects.none()
    ids = Programme.objects.filter(roles__user=user, roles__role__in=BUDGET_ROLES)
    return Programme.objects.filter(id__in=ids.values("id"))
