"""The panel's decision on a bid: approve (with an award within budget), reject or defer.

A decision is never changed: a new one supersedes the one that stands, until the decision has
been announced (changes to an announced grant are variations, a later part of the service).

Approvals can race: two programme managers approving different bids at the same moment could
each see enough money left and together go over the line. So every decision in a programme
first locks the programme's row; decisions in one programme then happen one after another, and
each sees the sums as the one before it left them.
"""

from django.db import transaction

from innovation_fund.applications.lifecycle import WITH_THE_PROGRAMME
from innovation_fund.applications.models import Application, BudgetLine
from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.money import format_gbp
from innovation_fund.core.permissions import Refused
from innovation_fund.programmes.models import Programme

from .. import policies
from ..bid_states import move_bid
from ..budget import BudgetExceeded, check_award_fits
from ..models import Decision, DecisionYear, EligibilityCheck

__all__ = ["BudgetExceeded", "record_decision", "year_field"]

Outcome = Decision.Outcome

ANNOUNCED = (
    "This bid's decision has been announced, so it cannot be superseded: changes to an "
    "announced grant are variations, which are not built yet."
)


def year_field(start_year: int) -> str:
    """The form field for the award's spending in one financial year ("year_2027")."""
    return f"year_{start_year}"


@transaction.atomic
def record_decision(
    user,
    application: Application,
    *,
    outcome: str,
    reasons: str,
    award_pence: int | None = None,
    years: dict[int, int] | None = None,
    conditions: str = "",
) -> Decision:
    """Record the panel's decision on an eligible submitted bid, superseding the one that stands.

    For an approval, `award_pence` is at most the amount asked and `years` (financial year start
    → pence, within the bid's own budget years) adds up to it exactly; the award must fit the
    round's envelope, the programme's total and each financial year's budget where one is set.
    Errors name the form field they concern: "outcome", "award", "reasons", or year_field(year).
    """
    if not policies.may_manage_assessment(user, application.round):
        raise Refused("Only the programme's managers can record decisions on its bids.")
    # Lock order: programme, then bid. Every decision in the programme waits here for the one
    # before it to commit, so the sums below include it.
    programme = Programme.objects.select_for_update().get(pk=application.round.programme_id)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=application.pk)
    )
    funding_round = application.round

    if application.state not in WITH_THE_PROGRAMME:
        raise DomainError("Only a submitted bid can be decided.", field="outcome")
    if not EligibilityCheck.objects.filter(application=application, is_eligible=True).exists():
        raise DomainError(
            "Only a bid checked as eligible can be decided: check its eligibility first.",
            field="outcome",
        )
    if outcome not in Outcome.values:
        raise DomainError("Select whether to approve, reject or defer the bid", field="outcome")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError("Enter the reasons for the decision", field="reasons")

    current = (
        Decision.objects.current()
        .filter(application=application)
        .select_related("announcement")
        .first()
    )
    if current is not None and hasattr(current, "announcement"):
        raise DomainError(ANNOUNCED, field="outcome")

    permission = policies.may_move_bid(user, application, outcome)
    if not permission:
        raise DomainError(permission.reason, field="outcome")

    profile: dict[int, int] = {}
    if outcome == Outcome.APPROVE:
        profile = _checked_award(application, award_pence, years or {})
        check_award_fits(
            programme,
            funding_round,
            award_pence,
            profile,
            excluding_application_id=application.pk,
        )
        conditions = (conditions or "").strip()
    else:
        if award_pence is not None or years:
            raise DomainError("Only an approval has an award amount", field="award")
        award_pence = None
        conditions = ""

    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        award_pence=award_pence,
        conditions=conditions,
        reasons=reasons,
        decided_by=user,
        supersedes=current,
    )
    move_bid(user, application, outcome, decision=decision.pk)  # checked above, by the table
    DecisionYear.objects.bulk_create(
        DecisionYear(decision=decision, financial_year=start_year, amount_pence=amount)
        for start_year, amount in sorted(profile.items())
        if amount > 0
    )
    record(
        actor=user,
        action="assessment.decided",
        target=decision,
        before=_summary(current) if current else None,
        after={
            "application": application.reference,
            "outcome": outcome,
            "award_pence": award_pence,
            "years": {str(start_year): amount for start_year, amount in sorted(profile.items())},
            "conditions": conditions,
            "reasons": reasons,
            "supersedes": current.pk if current else None,
        },
    )
    return decision


def asked_profile(application: Application) -> dict[int, int]:
    """What the bid asks for in each financial year (start year → pence), in order."""
    asked: dict[int, int] = {}
    for start_year, amount in BudgetLine.objects.filter(application=application).values_list(
        "financial_year", "amount_pence"
    ):
        asked[start_year] = asked.get(start_year, 0) + amount
    return dict(sorted(asked.items()))


def _checked_award(application: Application, award_pence, years: dict[int, int]) -> dict:
    if award_pence is None:
        raise DomainError("Enter the amount to award", field="award")
    if award_pence <= 0:
        raise DomainError("The amount to award must be more than £0", field="award")
    asked = asked_profile(application)
    asked_total = sum(asked.values())
    if award_pence > asked_total:
        raise DomainError(
            f"The award can be at most the amount asked, {format_gbp(asked_total)}",
            field="award",
        )
    first_field = year_field(next(iter(asked))) if asked else "award"
    for start_year, amount in years.items():
        label = FinancialYear(start_year).label
        if start_year not in asked:
            raise DomainError(
                f"The bid asks for nothing in {label}: the award can only be spent in the "
                "bid's own financial years",
                field=first_field,
            )
        if amount is None or amount < 0:
            raise DomainError(
                f"The award for {label} cannot be negative", field=year_field(start_year)
            )
    profiled = sum(years.values())
    if profiled != award_pence:
        raise DomainError(
            f"The amounts for each financial year add up to {format_gbp(profiled)}, but the "
            f"award is {format_gbp(award_pence)}: they must be the same",
            field=first_field,
        )
    return dict(years)


def _summary(decision: Decision) -> dict:
    return {
        "decision": decision.pk,
        "outcome": decision.outcome,
        "award_pence": decision.award_pence,
        "reasons": decision.reasons,
    }
