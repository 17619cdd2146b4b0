"""6. Budget: a grid of money boxes by financial year and cost heading, checked against the
round's minimum and maximum bid, saved even when outside them so nothing typed is lost."""

from datetime import date

import pytest
from django.urls import reverse

from innovation_fund.applications import services
from innovation_fund.applications.models import BudgetLine
from innovation_fund.applications.sections import BY_SLUG, Status
from innovation_fund.applications.sections.budget import round_years
from tests.applications.sections.support import last_event, loaded, section_url
from tests.factories import OpenRoundFactory, aware
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

BUDGET = BY_SLUG["budget"]
# The factory's round: funding from April 2027 to March 2029, bids from £50,000 to £2,000,000.
MINIMUM = 50_000_00
MAXIMUM = 2_000_000_00


def url(bid):
    return section_url(bid, "budget")


def post(client, bid, amounts: dict[str, str], version=0):
    return client.post(url(bid), {"version": version, **amounts})


def lines(bid) -> dict[tuple[int, str], int]:
    return {
        (line.financial_year, line.cost_heading): line.amount_pence
        for line in BudgetLine.objects.filter(application=bid)
    }


# --- Which years -----------------------------------------------------------------------------


def test_the_years_are_those_the_round_funds():
    round = OpenRoundFactory(funding_starts_on=date(2027, 4, 1), funding_ends_on=date(2030, 3, 31))
    assert [year.label for year in round_years(round)] == ["2027-28", "2028-29", "2029-30"]


def test_a_funding_period_starting_mid_year_includes_that_year():
    round = OpenRoundFactory(funding_starts_on=date(2027, 1, 1), funding_ends_on=date(2027, 12, 31))
    assert [year.label for year in round_years(round)] == ["2026-27", "2027-28"]


@pytest.mark.parametrize(
    ("closes_at", "first"),
    [(aware(2027, 3, 31, 23, 0), "2026-27"), (aware(2027, 4, 1, 0, 30), "2027-28")],
)
def test_without_funding_dates_three_years_from_the_year_the_round_closes(closes_at, first):
    round = OpenRoundFactory(funding_starts_on=None, funding_ends_on=None, closes_at=closes_at)
    years = round_years(round)
    assert len(years) == 3
    assert years[0].label == first
    assert years[1] == years[0].next()


# --- The page --------------------------------------------------------------------------------


def test_the_page_has_a_labelled_pound_box_for_every_heading_in_every_year(client, bid, editor):
    sign_in(client, editor)
    response = client.get(url(bid))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label class="govuk-label govuk-visually-hidden" for="id_amount_2027_staff">' in html
    assert "Staff, 2027-28</label>" in html
    assert "Overheads, 2028-29</label>" in html
    assert 'name="amount_2028_other"' in html
    assert "2029-30" not in html and "2026-27" not in html
    assert html.count('<div class="govuk-input__prefix" aria-hidden="true">£</div>') == 16
    assert "It must be between £50,000 and £2,000,000" in html


def test_saving_stores_pence_for_the_boxes_filled_in_and_nothing_for_blanks(client, bid, editor):
    sign_in(client, editor)
    response = post(
        client,
        bid,
        {
            "amount_2027_staff": "£100,000.50",
            "amount_2028_staff": "150000",
            "amount_2027_evaluation": " 20,000 ",
            "amount_2028_other": "",
            "amount_2028_premises": "0",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:task_list", args=[bid.reference])
    assert lines(bid) == {
        (2027, "staff"): 100_000_50,
        (2028, "staff"): 150_000_00,
        (2027, "evaluation"): 20_000_00,
    }
    bid.refresh_from_db()
    assert bid.task_versions["budget"] == 1
    event = last_event("application.budget_saved")
    assert event.before == {"lines": {}, "total_pence": 0}
    assert event.after == {
        "lines": {
            "2027-28 evaluation": 20_000_00,
            "2027-28 staff": 100_000_50,
            "2028-29 staff": 150_000_00,
        },
        "total_pence": 270_000_50,
    }


def test_saving_again_changes_removes_and_adds_lines(client, bid, editor):
    sign_in(client, editor)
    post(client, bid, {"amount_2027_staff": "100000", "amount_2028_staff": "100000"})
    post(
        client,
        bid,
        {"amount_2027_staff": "120000", "amount_2028_staff": "", "amount_2028_training": "5000"},
        version=1,
    )
    assert lines(bid) == {(2027, "staff"): 120_000_00, (2028, "training"): 5_000_00}
    event = last_event("application.budget_saved")
    assert event.before["total_pence"] == 200_000_00
    assert event.after["total_pence"] == 125_000_00


def test_saved_amounts_are_shown_back_as_pounds_with_totals(client, bid, editor):
    sign_in(client, editor)
    post(client, bid, {"amount_2027_staff": "100000.5", "amount_2028_staff": "60000"})
    html = client.get(url(bid)).content.decode()
    assert 'value="100,000.50"' in html
    assert 'value="60,000"' in html
    assert "£100,000.50</td>" in html  # 2027-28 total
    assert "£60,000</td>" in html  # 2028-29 total
    assert "<strong>£160,000.50</strong>" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,00,0", "Staff, 2027-28 can only use commas to separate thousands"),
        ("-5", "Staff, 2027-28 cannot be negative"),
        ("1e6", "Enter Staff, 2027-28 as an amount in pounds and pence, like 1,250 or 1,250.50"),
        ("12.345", "Staff, 2027-28 can have no more than 2 decimal places"),
        ("lots", "Enter Staff, 2027-28 as an amount in pounds and pence"),
    ],
)
def test_a_bad_amount_is_refused_at_its_box_and_everything_typed_is_kept(
    client, bid, editor, typed, message
):
    sign_in(client, editor)
    response = post(client, bid, {"amount_2027_staff": typed, "amount_2028_training": "12,500.25"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert f'<a href="#id_amount_2027_staff">{message}' in html
    assert 'id="id_amount_2027_staff-error"' in html
    assert f'value="{typed}"' in html
    assert 'value="12,500.25"' in html
    assert lines(bid) == {}
    assert "<title>Error: " in html


def test_every_bad_box_is_listed_in_the_summary(client, bid, editor):
    sign_in(client, editor)
    html = post(
        client, bid, {"amount_2027_staff": "-1", "amount_2028_overheads": "1,00"}
    ).content.decode()
    assert '<a href="#id_amount_2027_staff">Staff, 2027-28 cannot be negative</a>' in html
    assert '<a href="#id_amount_2028_overheads">Overheads, 2028-29 can only use commas' in html


# --- Limits ----------------------------------------------------------------------------------


@pytest.mark.parametrize("total", [MINIMUM, MAXIMUM, 1_000_000_00])
def test_a_total_within_the_limits_including_exactly_at_them_is_complete(
    client, bid, editor, total
):
    sign_in(client, editor)
    first = total // 2
    response = post(
        client,
        bid,
        {
            "amount_2027_staff": format_pence(first),
            "amount_2028_staff": format_pence(total - first),
        },
    )
    assert response["Location"] == reverse("applications:task_list", args=[bid.reference])
    application = loaded(bid, editor)
    assert BUDGET.problems(application) == []
    assert BUDGET.status(application) == Status.COMPLETED


def test_a_total_over_the_maximum_is_saved_but_incomplete_and_says_so(client, bid, editor):
    sign_in(client, editor)
    response = post(
        client, bid, {"amount_2027_staff": "1,000,000", "amount_2028_staff": "1,000,000.01"}
    )
    problem = (
        "The total, £2,000,000.01, is more than the round’s maximum bid of £2,000,000. "
        "Reduce the amounts"
    )
    # Saved, so nothing is lost, and back on the budget page, which says what is wrong.
    assert lines(bid) == {(2027, "staff"): 1_000_000_00, (2028, "staff"): 1_000_000_01}
    assert response["Location"] == url(bid)
    html = client.get(url(bid)).content.decode()
    assert "Budget: your answers have been saved." in html
    assert problem in html
    application = loaded(bid, editor)
    assert BUDGET.problems(application) == [problem]
    assert BUDGET.status(application) == Status.INCOMPLETE
    task_list = client.get(reverse("applications:task_list", args=[bid.reference]))
    assert "Incomplete" in task_list.content.decode()
    check = client.get(reverse("applications:check_answers", args=[bid.reference]))
    assert problem in check.content.decode()
    assert ("Budget", [problem]) in services.unfinished_sections(application)


def test_a_total_under_the_minimum_is_saved_but_incomplete(client, bid, editor):
    sign_in(client, editor)
    post(client, bid, {"amount_2027_staff": "49,999.99"})
    assert lines(bid) == {(2027, "staff"): 49_999_99}
    assert BUDGET.problems(loaded(bid, editor)) == [
        "The total, £49,999.99, is less than the round’s minimum bid of £50,000. "
        "Increase the amounts"
    ]


def test_a_round_without_limits_takes_any_total_above_zero(client, editor, bid):
    bid.round.minimum_bid_pence = None
    bid.round.maximum_bid_pence = None
    bid.round.save()
    sign_in(client, editor)
    post(client, bid, {"amount_2027_staff": "0.01"})
    assert BUDGET.problems(loaded(bid, editor)) == []


def test_an_empty_budget_saved_is_started_but_asks_for_amounts(client, bid, editor):
    application = loaded(bid, editor)
    assert BUDGET.status(application) == Status.NOT_STARTED
    sign_in(client, editor)
    post(client, bid, {})
    application = loaded(bid, editor)
    assert BUDGET.status(application) == Status.INCOMPLETE
    assert BUDGET.problems(application) == [
        "Enter the amounts the bid asks for, by financial year and cost heading"
    ]


def test_spend_saved_in_a_year_the_round_no_longer_funds_is_shown_and_flagged(bid, editor):
    BudgetLine.objects.create(
        application=bid, financial_year=2026, cost_heading="staff", amount_pence=60_000_00
    )
    application = loaded(bid, editor)
    assert BUDGET.problems(application) == [
        "The round funds spending from 2027-28 to 2028-29: move the amounts in 2026-27 into "
        "those years"
    ]
    assert [row.key for row in BUDGET.summary_rows(application)][0] == "2026-27"


# --- Answers, totals and queries ---------------------------------------------------------------


def test_summary_rows_give_each_years_lines_and_totals(client, bid, editor):
    sign_in(client, editor)
    post(
        client,
        bid,
        {
            "amount_2027_staff": "50,000",
            "amount_2027_evaluation": "10,000.50",
            "amount_2028_staff": "40,000",
        },
    )
    rows = BUDGET.summary_rows(loaded(bid, editor))
    assert [(row.key, row.value) for row in rows] == [
        (
            "2027-28",
            ["Staff: £50,000", "Evaluation: £10,000.50", "Total for 2027-28: £60,000.50"],
        ),
        ("2028-29", ["Staff: £40,000", "Total for 2028-29: £40,000"]),
        ("Total amount requested", "£100,000.50"),
    ]
    assert rows[1].change_fragment == "id_amount_2028_staff"
    html = client.get(reverse("applications:check_answers", args=[bid.reference])).content
    assert "Total for 2027-28: £60,000.50" in html.decode()


def test_an_unanswered_budget_says_so(bid, editor):
    rows = BUDGET.summary_rows(loaded(bid, editor))
    assert [(row.key, row.value) for row in rows] == [("Amounts", "Not answered")]


def test_status_problems_and_answers_read_only_prefetched_rows(
    bid, editor, django_assert_num_queries
):
    for year in (2027, 2028):
        for heading in ("staff", "training", "other"):
            BudgetLine.objects.create(
                application=bid, financial_year=year, cost_heading=heading, amount_pence=10_000_00
            )
    application = loaded(bid, editor)
    with django_assert_num_queries(0):
        BUDGET.status(application)
        BUDGET.problems(application)
        BUDGET.summary_rows(application)


# --- Two people at once, and an ended session -------------------------------------------------


def test_the_second_of_two_editors_is_told_and_sees_both_budgets(client, bid, editor, other_editor):
    sign_in(client, other_editor)
    post(client, bid, {"amount_2027_staff": "70,000"})
    sign_in(client, editor)
    response = post(client, bid, {"amount_2027_staff": "90,000"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved this page" in html
    assert "Staff: £70,000" in html  # theirs, in the banner
    assert 'value="90,000"' in html  # mine, still in the box
    assert lines(bid) == {(2027, "staff"): 70_000_00}
    assert 'name="version" value="1"' in html
    post(client, bid, {"amount_2027_staff": "90,000"}, version=1)
    assert lines(bid) == {(2027, "staff"): 90_000_00}


def test_amounts_posted_after_the_session_ended_come_back_after_signing_in(client, bid, editor):
    response = post(client, bid, {"amount_2027_staff": "1,234.56"})
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(client, editor)
    assert 'value="1,234.56"' in client.get(url(bid)).content.decode()
    assert lines(bid) == {}


def format_pence(pence: int) -> str:
    pounds, pennies = divmod(pence, 100)
    return f"{pounds}.{pennies:02d}"
