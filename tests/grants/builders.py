"""A grant made the way the service makes one (a decision recorded by the decision service,
announced, made a grant by the grants service), and the people around it, for the tests of
everything after the award."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from innovation_fund.applications.models import BudgetLine, CostHeading
from innovation_fund.assessment.models import AwardBatch, BatchDecision, Decision
from innovation_fund.assessment.services.decisions import record_decision
from innovation_fund.grants.models import Grant
from innovation_fund.grants.services.awards import grant_from_decision
from innovation_fund.organisations.models import MemberRole
from innovation_fund.programmes.models import ProgrammeRole, Round
from tests.applications.builders import editor_of, officer_of
from tests.assessment.builders import assessed_round, eligible, person_with_role, submitted_bid
from tests.factories import MembershipFactory, OrganisationFactory

Role = ProgrammeRole.Role

# The award's profile: £60,000 in 2027-28 and £40,000 in 2028-29 (a round funding April 2027 to
# March 2029).
YEARS = {2027: 60_000_00, 2028: 40_000_00}
AWARD = sum(YEARS.values())


@dataclass
class GrantCast:
    grant: Grant
    round: Round
    manager: object
    second_manager: object
    finance_officer: object
    second_finance_officer: object
    officer: object  # the grantee's accountable officer
    member: object  # a grantee member who is not an accountable officer
    assessor: object  # in the programme, without a role over grants' money
    outsider: object  # an accountable officer of another organisation


def offered_grant(
    funding_round: Round | None = None, *, years: dict[int, int] | None = None, title="Project"
) -> GrantCast:
    """A grant offered (announced, not yet accepted), with its cast."""
    years = dict(years or YEARS)
    funding_round = funding_round or assessed_round(budget_pence=1_000_000_00, name="Round 2")
    manager = person_with_role(funding_round, Role.PROGRAMME_MANAGER)
    bid = submitted_bid(funding_round, amount_pence=sum(years.values()), title=title)
    BudgetLine.objects.filter(application=bid).delete()
    for year, amount in years.items():
        BudgetLine.objects.create(
            application=bid,
            financial_year=year,
            cost_heading=CostHeading.STAFF,
            amount_pence=amount,
        )
    eligible(bid, by=manager)
    decision = record_decision(
        manager,
        bid,
        outcome=Decision.Outcome.APPROVE,
        reasons="Strong evidence",
        award_pence=sum(years.values()),
        years=years,
    )
    with transaction.atomic():
        batch = AwardBatch.objects.create(
            round=funding_round,
            title="Spring awards",
            announced_on=date(2027, 3, 1),
            text="Announced.",
            announced_by=manager,
        )
        BatchDecision.objects.create(batch=batch, decision=decision)
        grant = grant_from_decision(decision, batch)
    return GrantCast(
        grant=grant,
        round=funding_round,
        manager=manager,
        second_manager=person_with_role(funding_round, Role.PROGRAMME_MANAGER),
        finance_officer=person_with_role(funding_round, Role.FINANCE_OFFICER),
        second_finance_officer=person_with_role(funding_round, Role.FINANCE_OFFICER),
        officer=officer_of(bid),
        member=editor_of(bid),
        assessor=person_with_role(funding_round, Role.ASSESSOR),
        outsider=MembershipFactory(
            organisation=OrganisationFactory(), role=MemberRole.ACCOUNTABLE_OFFICER
        ).user,
    )
