"""The spend figures: budget and awarded are the budget page's, scheduled, approved, paid and
forecast are grants.money's; a grant's schedule and payments beside its profile and the spend its
returns report."""

import re

import pytest

from innovation_fund.assessment.budget import programme_overview
from innovation_fund.grants.charts import BAR_MAX, bar_length, render_grouped_bar_chart
from innovation_fund.grants.models import Grant, MonitoringReturn, Payment, ReturnSpend
from innovation_fund.grants.money import Money, money_by_financial_year, money_by_round
from innovation_fund.grants.spend import grant_spend, grants_that_spend, programme_spend
from innovation_fund.programmes.models import YearBudget
from tests.factories import OrganisationFactory
from tests.grants.builders import offered_grant
from tests.grants.outcome_builders import a_return, paid, pbr_grant

pytestmark = pytest.mark.django_db


def with_payments():
    """Two grants in one round, one of them paid in part, and a historic grant."""
    cast = pbr_grant()
    second = pbr_grant(funding_round=cast.round, title="Second")
    first_instalment, second_instalment, _ = cast.grant.instalments.all()
    paid(cast, first_instalment, 60_000_00)
    paid(cast, second_instalment, 15_000_00, state=Payment.State.APPROVED)
    paid(second, second.grant.instalments.first(), 10_000_00, state=Payment.State.REQUESTED)
    Grant.objects.create(
        round=cast.round,
        recipient=OrganisationFactory(),
        amount_pence=5_000_00,
        state=Grant.State.RECORDED,
    )
    return cast


def test_awarded_is_the_budget_pages_figure_and_money_is_the_money_selectors():
    cast = with_payments()
    programme = cast.round.programme
    YearBudget.objects.create(programme=programme, financial_year=2027, budget_pence=900_000_00)

    spend = programme_spend(programme)
    overview = programme_overview(programme)
    grants = grants_that_spend(programme)

    assert spend.total.awarded_pence == overview.awarded_pence == 205_000_00
    assert spend.total.budget_pence == overview.limit_pence
    for line, budget in zip(spend.rounds, overview.rounds, strict=True):
        assert line.awarded_pence == budget.awarded_pence
        assert line.budget_pence == budget.limit_pence
        assert line.money == money_by_round(grants).get(budget.round.pk, Money())
    by_year = money_by_financial_year(grants)
    assert [line.name for line in spend.years] == ["2027-28", "2028-29"]
    assert spend.years[0].money == by_year[2027]
    assert spend.years[1].money == by_year[2028]
    assert spend.years[0].awarded_pence == overview.year(2027).awarded_pence == 120_000_00
    assert spend.years[0].budget_pence == 900_000_00
    assert spend.years[1].budget_pence is None


def test_scheduled_approved_paid_and_forecast_after_payments():
    cast = with_payments()

    total = programme_spend(cast.round.programme).total

    assert total.figure("scheduled") == 200_000_00
    assert total.figure("approved") == 75_000_00
    assert total.figure("paid") == 60_000_00
    assert total.figure("forecast") == 140_000_00
    assert total.money.requested_pence == 10_000_00
    assert all(type(value) is int for _, _, value in total.figures if value is not None)


def test_historic_grants_count_as_awarded_never_as_scheduled():
    cast = with_payments()

    spend = programme_spend(cast.round.programme)

    assert spend.historic_grants == 1
    assert spend.rounds[0].awarded_pence == 205_000_00
    assert spend.rounds[0].figure("scheduled") == 200_000_00


def test_a_declined_offers_schedule_counts_for_nothing():
    cast = with_payments()
    declined = pbr_grant(funding_round=cast.round, title="Declined")
    Grant.objects.filter(pk=declined.grant.pk).update(state=Grant.State.DECLINED)

    spend = programme_spend(cast.round.programme)

    assert spend.total.figure("scheduled") == 200_000_00
    assert spend.total.awarded_pence == 205_000_00


# --- One grant -------------------------------------------------------------------------------


def reported(monitoring_return, rows):
    for year, heading, actual in rows:
        ReturnSpend.objects.create(
            monitoring_return=monitoring_return,
            financial_year=year,
            cost_heading=heading,
            actual_pence=actual,
        )


def test_a_grants_spend_against_its_profile_from_its_latest_return_sent_in():
    cast = pbr_grant()
    paid(cast, cast.grant.instalments.first(), 60_000_00)
    older = a_return(cast, 1, state=MonitoringReturn.State.ACCEPTED)
    reported(older, [(2027, "staff", 1_00)])
    latest = a_return(cast, 2, state=MonitoringReturn.State.SUBMITTED)
    latest.period_ends_on = latest.period_ends_on.replace(month=9, day=30)
    latest.save()
    reported(
        latest,
        [(2027, "staff", 50_000_00), (2027, "training", 12_500_00), (2028, "staff", None)],
    )
    draft = a_return(cast, 3, state=MonitoringReturn.State.IN_PROGRESS)
    draft.period_ends_on = draft.period_ends_on.replace(month=12, day=31)
    draft.save()
    reported(draft, [(2027, "staff", 99_999_00)])

    spend = grant_spend(cast.grant)

    assert spend.reported_in == latest
    first, second = spend.years
    assert (first.profile_pence, first.money.scheduled_pence, first.money.paid_pence) == (
        60_000_00,
        60_000_00,
        60_000_00,
    )
    assert first.reported_pence == 62_500_00
    assert first.variance_pence == 2_500_00
    assert second.reported_pence is None and second.reported_in_part
    assert second.variance_pence is None
    assert spend.variance_pence == 62_500_00 - 100_000_00
    assert [row.heading for row in spend.headings] == [
        "Staff",
        "Training and development",
        "Staff",
    ]


def test_a_grant_with_no_returns_reports_nothing():
    cast = offered_grant()

    spend = grant_spend(cast.grant)

    assert spend.reported_in is None
    assert [year.reported_pence for year in spend.years] == [None, None]
    assert spend.profile_pence == 100_000_00


# --- Charts ----------------------------------------------------------------------------------


def test_bar_lengths_are_whole_pixels_in_proportion():
    assert bar_length(50, 100) == BAR_MAX // 2
    assert bar_length(100, 100) == BAR_MAX
    assert bar_length(0, 100) == 0
    assert bar_length(None, 100) == 0
    assert bar_length(1, 10**15) == 1  # a tiny amount still shows
    assert type(bar_length(10**15 - 1, 10**15)) is int


def test_a_chart_is_one_image_with_a_title_a_description_and_a_label_on_every_bar():
    svg = render_grouped_bar_chart(
        groups=[
            ("2027-28", [("budget", "Budget", None), ("paid", "Paid", 1_234_56)]),
            ("<2028-29>", [("budget", "Budget", 5_000_00), ("paid", "Paid", 0)]),
        ],
        title="Money & years",
        description="Budget and paid money.",
        id_prefix="test",
    )

    assert re.match(r'<svg [^>]*role="img" aria-labelledby="test-title test-desc"', svg)
    assert '<title id="test-title">Money &amp; years</title>' in svg
    assert '<desc id="test-desc">Budget and paid money. Bars for budget and paid' in svg
    assert "&lt;2028-29&gt;" in svg and "<2028-29>" not in svg
    for text in ("not set", "£1,234.56", "£5,000", "£0"):
        assert f">{text}</text>" in svg
    assert svg.count(">Budget</text>") == 3  # two bars and the key
    assert svg.count(">Paid</text>") == 3


def test_a_chart_refuses_a_figure_it_has_no_style_for():
    with pytest.raises(ValueError, match="No chart style"):
        render_grouped_bar_chart(
            groups=[("2027-28", [("other", "Other", 1)])], title="t", description="d", id_prefix="x"
        )
