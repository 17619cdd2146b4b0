"""Once a decision is a grant, the budget counts the grant as it stands now: its current amount
and years, nothing for a declined offer."""

import pytest

from innovation_fund.assessment import budget
from innovation_fund.assessment.budget import awarded_by_year, programme_overview
from innovation_fund.grants.models import Grant, GrantYear
from tests.grants.builders import AWARD, YEARS, offered_grant

pytestmark = pytest.mark.django_db


def test_the_budget_names_the_grant_state_that_commits_nothing():
    assert budget.DECLINED == Grant.State.DECLINED


def test_an_offered_grant_counts_its_award_in_its_round_and_years():
    cast = offered_grant()
    overview = programme_overview(cast.round.programme)

    assert overview.round(cast.round.pk).awarded_pence == AWARD
    assert awarded_by_year(cast.round.programme) == YEARS


def test_the_grant_current_amount_and_years_count_not_the_decision():
    cast = offered_grant()
    Grant.objects.filter(pk=cast.grant.pk).update(amount_pence=AWARD + 5_000_00)
    GrantYear.objects.filter(grant=cast.grant, financial_year=2028).update(
        amount_pence=YEARS[2028] + 5_000_00
    )

    overview = programme_overview(cast.round.programme)

    assert overview.round(cast.round.pk).awarded_pence == AWARD + 5_000_00
    assert overview.year(2028).awarded_pence == YEARS[2028] + 5_000_00
    assert overview.year(2027).awarded_pence == YEARS[2027]


def test_a_declined_offer_returns_its_money_to_the_headroom():
    cast = offered_grant()
    before = programme_overview(cast.round.programme).round(cast.round.pk).remaining_pence
    Grant.objects.filter(pk=cast.grant.pk).update(state=Grant.State.DECLINED)

    overview = programme_overview(cast.round.programme)

    assert overview.round(cast.round.pk).awarded_pence == 0
    assert overview.round(cast.round.pk).remaining_pence == before + AWARD
    assert awarded_by_year(cast.round.programme) == {}
