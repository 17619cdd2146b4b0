"""The programme's budget computed from the records: unknown amounts stay unknown."""

import pytest

from innovation_fund.assessment.budget import awarded_by_year, programme_overview
from innovation_fund.assessment.models import AwardBatch, BatchDecision, Decision
from innovation_fund.assessment.services.decisions import record_decision
from innovation_fund.grants.models import Grant
from innovation_fund.programmes.models import YearBudget
from tests.assessment.builders import assessed_round, eligible, manager_of, submitted_bid
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

FIRST_YEAR = 2027


def historic_grant(funding_round, amount_pence):
    return Grant.objects.create(
        round=funding_round, recipient=OrganisationFactory(), amount_pence=amount_pence
    )


def approved(funding_round, manager, award_pence, years=None):
    bid = submitted_bid(funding_round, amount_pence=award_pence)
    eligible(bid, by=manager)
    return record_decision(
        manager,
        bid,
        outcome=Decision.Outcome.APPROVE,
        reasons="Strong",
        award_pence=award_pence,
        years=years or {FIRST_YEAR: award_pence},
    )


def announce(decision, by):
    batch = AwardBatch.objects.create(
        round=decision.application.round,
        title="Awards",
        announced_on="2027-03-01",
        text="Announced",
        announced_by=by,
    )
    BatchDecision.objects.create(batch=batch, decision=decision)


def test_the_overview_counts_unknown_amounts_as_unknown_not_zero():
    historic = assessed_round(budget_pence=None, number=1, name="Round 1")
    historic_grant(historic, 200_000_00)
    historic_grant(historic, None)
    historic_grant(historic, None)
    programme = historic.programme
    programme.budget_pence = 2_000_000_00
    programme.save()
    current = assessed_round(programme=programme, budget_pence=1_000_000_00, number=2)
    manager = manager_of(current)
    announced = approved(current, manager, 300_000_00)
    announce(announced, manager)
    approved(current, manager, 100_000_00)
    rejected_bid = submitted_bid(current)
    eligible(rejected_bid, by=manager)
    record_decision(manager, rejected_bid, outcome=Decision.Outcome.REJECT, reasons="Weak")
    # A superseded approval no longer counts.
    replaced = approved(current, manager, 50_000_00)
    record_decision(
        manager, replaced.application, outcome=Decision.Outcome.DEFER, reasons="Wait and see"
    )
    YearBudget.objects.create(
        programme=programme, financial_year=FIRST_YEAR, budget_pence=500_000_00
    )
    YearBudget.objects.create(
        programme=programme, financial_year=FIRST_YEAR + 1, budget_pence=100_000_00
    )

    overview = programme_overview(programme)

    assert overview.limit_pence == 2_000_000_00
    assert overview.awarded_pence == 600_000_00
    assert overview.unknown_count == 2
    assert overview.remaining_pence == 1_400_000_00
    assert overview.remaining_is_upper_bound
    assert overview.approved_not_announced_pence == 100_000_00

    first, second = overview.rounds
    assert (first.round, first.limit_pence, first.awarded_pence) == (historic, None, 200_000_00)
    assert first.unknown_count == 2
    assert first.remaining_pence is None
    assert (second.round, second.limit_pence, second.awarded_pence) == (
        current,
        1_000_000_00,
        400_000_00,
    )
    assert second.unknown_count == 0
    assert second.remaining_pence == 600_000_00
    assert not second.remaining_is_upper_bound
    assert second.approved_not_announced_pence == 100_000_00

    years = [
        (line.financial_year.label, line.limit_pence, line.awarded_pence, line.remaining_pence)
        for line in overview.years
    ]
    assert years == [
        ("2027-28", 500_000_00, 400_000_00, 100_000_00),
        ("2028-29", 100_000_00, 0, 100_000_00),
    ]


def test_awarded_by_year_is_the_overviews_yearly_awards_in_two_queries(django_assert_num_queries):
    funding_round = assessed_round(budget_pence=1_000_000_00)
    manager = manager_of(funding_round)
    programme = funding_round.programme
    announce(approved(funding_round, manager, 300_000_00), manager)
    approved(funding_round, manager, 50_000_00)
    replaced = approved(funding_round, manager, 70_000_00)
    record_decision(manager, replaced.application, outcome=Decision.Outcome.DEFER, reasons="Wait")
    YearBudget.objects.create(programme=programme, financial_year=FIRST_YEAR + 1, budget_pence=1)

    with django_assert_num_queries(2):
        awarded = awarded_by_year(programme)

    assert awarded == {FIRST_YEAR: 350_000_00}
    overview = programme_overview(programme)
    assert awarded == {
        line.financial_year.start_year: line.awarded_pence
        for line in overview.years
        if line.awarded_pence
    }


def test_a_programme_with_no_total_has_nothing_known_left():
    funding_round = assessed_round()
    funding_round.programme.budget_pence = None
    funding_round.programme.save()
    overview = programme_overview(funding_round.programme)
    assert overview.remaining_pence is None
    assert overview.years == []


def test_the_overview_makes_the_same_queries_whatever_the_programme_holds(
    django_assert_num_queries,
):
    funding_round = assessed_round(budget_pence=100_000_000_00)
    manager = manager_of(funding_round)
    programme = funding_round.programme
    counts = []
    for size in (1, 6):
        for index in range(size):
            extra = assessed_round(programme=programme, budget_pence=1_000_000_00)
            historic_grant(extra, None if index % 2 else 10_000_00)
            approved(funding_round, manager, 1_000_00, years={FIRST_YEAR: 1_000_00})
            YearBudget.objects.get_or_create(
                programme=programme,
                financial_year=FIRST_YEAR + index,
                defaults={"budget_pence": 1_000_000_00},
            )
        with django_assert_num_queries(5) as captured:
            programme_overview(programme)
        counts.append(len(captured))
    assert counts == [5, 5]
