"""The round pages pass axe-core's WCAG 2.2 AA rules, and a programme manager sets up a round
in the browser with JavaScript off, correcting a mistake on the way."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from innovation_fund.programmes.models import Round
from tests.browser.axe import assert_accessible, assert_usable_at_400_percent_zoom
from tests.factories import (
    CriterionFactory,
    FocusAreaFactory,
    OpenRoundFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    RoundFactory,
)
from tests.helpers import signed_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def setting_up(transactional_db):
    programme = ProgrammeFactory(budget_pence=20_000_000_00, slug="family-help", name="Family Help")
    manager = ProgrammeRoleFactory(programme=programme).user
    open_round = OpenRoundFactory(
        programme=programme,
        name="Round Four",
        slug="round-four",
        number=4,
        closes_at=timezone.now() + timedelta(days=5),
        guidance_markdown="## Before you apply\n\n- Read this\n- [Ask us](mailto:a@example.org)",
        is_demonstration=True,
    )
    FocusAreaFactory(round=open_round, name="Kinship care", description="Family and friends")
    CriterionFactory(round=open_round, name="Impact", weight=60)
    CriterionFactory(round=open_round, name="Value for money", weight=40)
    RoundFactory(programme=programme, number=1, slug="round-1", first_year=2014, last_year=2016)
    return programme, manager, open_round


def test_the_public_round_pages_are_accessible(page: Page, live_server, setting_up):
    programme, _, open_round = setting_up
    page.goto(live_server.url + "/funding-rounds/")
    expect(page.locator("h1")).to_have_text("Funding rounds")
    assert_accessible(page)
    assert_usable_at_400_percent_zoom(page)
    page.get_by_role("link", name="Round Four").click()
    expect(page.locator("h1")).to_have_text("Round Four")
    expect(page.get_by_text("Demonstration – not a real funding round")).to_be_visible()
    expect(page.get_by_role("button", name="Start a bid").first).to_be_visible()
    assert_accessible(page)
    assert_usable_at_400_percent_zoom(page)
    page.goto(live_server.url + "/funding-rounds/family-help/round-1/")
    expect(page.get_by_text("Ran from 2014 to 2016")).to_be_visible()
    assert_accessible(page)


def test_the_managers_pages_are_accessible(page: Page, live_server, setting_up):
    programme, manager, open_round = setting_up
    signed_in(page, live_server, manager)
    area = open_round.focus_areas.get()
    paths = [
        "/manage/programmes/",
        f"/manage/programmes/{programme.pk}/",
        f"/manage/programmes/{programme.pk}/edit/",
        f"/manage/programmes/{programme.pk}/rounds/new/",
        f"/manage/rounds/{open_round.pk}/",
        f"/manage/rounds/{open_round.pk}/edit/",
        f"/manage/rounds/{open_round.pk}/criteria/",
        f"/manage/rounds/{open_round.pk}/focus-areas/new/",
        f"/manage/rounds/{open_round.pk}/focus-areas/{area.pk}/edit/",
        f"/manage/rounds/{open_round.pk}/focus-areas/{area.pk}/remove/",
        f"/manage/programmes/{programme.pk}/year-budgets/",
        f"/manage/rounds/{open_round.pk}/scoring-scale/",
        f"/manage/programmes/{programme.pk}/budget/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(page)

    # Pages showing errors (axe needs JavaScript, so these are checked here).
    page.goto(live_server.url + f"/manage/programmes/{programme.pk}/rounds/new/")
    page.get_by_role("button", name="Create round").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the round")
    assert_accessible(page)
    page.goto(live_server.url + f"/manage/rounds/{open_round.pk}/criteria/")
    page.locator("#id_criteria-1-weight").fill("50")
    page.get_by_role("button", name="Save criteria").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The weights add up to 90%")
    assert_accessible(page)


def test_a_manager_sets_up_a_round_with_javascript_off(
    page_without_js: Page, live_server, setting_up
):
    programme, manager, _ = setting_up
    page = signed_in(page_without_js, live_server, manager)
    page.goto(live_server.url + f"/manage/programmes/{programme.pk}/")
    page.get_by_role("link", name="Create a round").click()
    page.get_by_label("Name").fill("Round Five")
    page.get_by_label("Scale and spread").check()
    opens = page.get_by_role("group", name="Opens")
    opens.get_by_label("Day").fill("1")
    opens.get_by_label("Month").fill("6")
    opens.get_by_label("Year").fill("2027")
    opens.get_by_label("Time").fill("9am")
    closes = page.get_by_role("group", name="Closes")
    closes.get_by_label("Day").fill("31")
    closes.get_by_label("Month").fill("7")
    closes.get_by_label("Year").fill("2027")
    closes.get_by_label("Time").fill("5pm")
    page.get_by_label("Budget envelope").fill("5,000,000")
    page.get_by_label("Minimum bid").fill("50,000")
    page.get_by_label("Maximum bid").fill("1,00,000")  # a slip
    page.get_by_label("Local authority").check()
    page.get_by_role("button", name="Create round").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The maximum bid can only use commas to separate thousands"
    )
    expect(page.get_by_label("Name")).to_have_value("Round Five")
    expect(page.get_by_role("group", name="Closes").get_by_label("Time")).to_have_value("5pm")
    page.get_by_role(
        "link", name="The maximum bid can only use commas to separate thousands"
    ).click()
    page.get_by_label("Maximum bid").fill("1,000,000")
    page.get_by_role("button", name="Create round").click()

    expect(page.locator("h1")).to_have_text("Round Five")
    expect(page.get_by_text("You created Round Five")).to_be_visible()
    created = Round.objects.get(name="Round Five")
    assert created.closes_at.isoformat() == "2027-07-31T16:00:00+00:00"  # 5pm BST
    assert created.maximum_bid_pence == 1_000_000_00
