"""A whole programme run from the screens alone, on a fresh database holding only reference data
(one local authority) and the manager the bootstrap command makes.

The manager signs in by email link, creates a programme, its outcome framework and its budget by
year, and invites a second manager, two assessors, a moderator (who also assesses) and a finance
officer, who each accept by their email link. The manager creates a round, is told why it cannot
be published yet, gives it a focus area and criteria, and publishes it. While the round is open,
an applicant registers an organisation, bids (correcting a mistake), signs off and submits; the
moderator declares a conflict of interest with the applicant's organisation. After it closes,
the manager checks the bid eligible and assigns two assessors (the conflicted one is refused);
the assessors score on their own, seeing nothing of each other's until they have submitted; the
moderator moderates and sees the ranked list; the manager approves an award (a spending profile
that does not add up is refused) and prepares the announcement, which the second manager
approves; the round's status says its decisions are announced. The finance officer sees the
award counted against the budget, the applicant gets the offer letter by email and downloads it,
and the public sees the project. The clock moves with `time_machine` (the live server shares
the test's process). Axe-core runs on every page visited.
"""

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from innovation_fund.applications.models import Application
from tests.factories import LocalAuthorityFactory

from .assessment_steps import (
    assessors_score_on_their_own,
    check_eligibility_and_assign,
    decide_and_prepare_announcement,
    finance_sees_the_award,
    history_shows_what_was_done,
    moderate,
    second_manager_approves,
    the_applicant_gets_the_letter,
    the_public_sees_the_project,
)
from .axe import assert_accessible
from .journey_cast import (
    AFTER_IT_CLOSES,
    APPLICANT,
    BEFORE_THE_ROUND_OPENS,
    FINANCE_OFFICER,
    FOCUS_AREA,
    LEAD,
    MANAGER,
    MODERATOR,
    OUTCOME,
    ROUND,
    SECOND_MANAGER,
    TITLE,
    WHILE_IT_IS_OPEN,
    Clock,
    People,
    heading,
    success,
)
from .setup_steps import (
    add_outcomes,
    create_and_publish_round,
    create_programme,
    everyone_accepts,
    invite_the_team,
    set_year_budgets,
    team_is_in_place,
)
from .steps import (
    fill_in_a_bid,
    follow_sign_in_link,
    latest_email,
    sign_off_and_submit,
)


@pytest.fixture
def clock() -> Iterator[Clock]:
    clock = Clock()
    yield clock
    clock.stop()


@pytest.fixture
def people(browser: Browser, live_server) -> Iterator[People]:
    people = People(browser, live_server.url)
    yield people
    people.sign_everyone_out()


@pytest.fixture
def fresh_installation(transactional_db, clock):
    """Only reference data (the one local authority the bid needs) and the bootstrap manager."""
    clock.move_to(BEFORE_THE_ROUND_OPENS)
    LocalAuthorityFactory(name="Leeds", slug="leeds")
    email, name = MANAGER
    call_command("create_programme_manager", email=email, name=name, stdout=io.StringIO())


# --- Bidding --------------------------------------------------------------------------------


def register_organisation(page: Page) -> None:
    page.get_by_role("link", name="Register an organisation").click()
    heading(page, "Register an organisation")
    page.get_by_label("Organisation name").fill(LEAD)
    page.get_by_label("Charity", exact=True).check()
    page.get_by_label("Charity number").fill("1000147")
    page.get_by_label("Address line 1").fill("1 High Street")
    page.get_by_label("Town or city").fill("Leeds")
    page.get_by_label("Postcode").fill("LS1 1AA")
    page.get_by_role("button", name="Register organisation").click()
    success(page, f"You registered {LEAD}")


def bid_and_submit(page: Page, base_url: str) -> str:
    page.goto(base_url + "/account/")
    heading(page, "Your account")
    page.get_by_role("link", name="Funding rounds open for bids").click()
    assert_accessible(page)
    page.get_by_role("link", name=ROUND).click()
    assert_accessible(page)
    page.get_by_role("button", name="Start a bid").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Start the bid").click()
    expect(page.get_by_text("You have completed 0 of 9 sections")).to_be_visible()
    assert_accessible(page)
    fill_in_a_bid(
        page,
        assert_accessible,
        title=TITLE,
        focus_area=FOCUS_AREA,
        authority="Leeds",
        outcome=OUTCOME,
        staff_year="2027-28",
        more_staff={"2028-29": "50,000"},
    )
    sign_off_and_submit(page, assert_accessible)
    bid = Application.objects.get()
    assert bid.state == Application.State.SUBMITTED
    expect(page.get_by_text(bid.reference)).to_be_visible()
    email, _, _ = latest_email(APPLICANT[0], "bid_submitted")
    assert email.personalisation["reference"] == bid.reference
    return bid.reference


def declare_conflict(page: Page) -> None:
    page.get_by_role("link", name="Your conflicts of interest").click()
    heading(page, "Your conflicts of interest")
    page.get_by_label("Organisation", exact=True).select_option(label=LEAD)
    page.get_by_label("What is your interest in it?").fill("I am a trustee")
    page.get_by_role("button", name="Declare the conflict").click()
    declared = page.get_by_role("table", name="What you have declared")
    expect(declared.get_by_role("row").filter(has_text=LEAD)).to_contain_text("I am a trustee")
    assert_accessible(page)


def test_a_programme_is_run_from_the_screens_alone(
    browser: Browser, live_server, fresh_installation, clock: Clock, people: People
):
    base_url = live_server.url

    # Before the round opens: the bootstrap manager signs in by the link the command emailed,
    # and sets up the programme, its outcomes, budget, team and round.
    manager = people.page_for(MANAGER[0])
    _, _, body = latest_email(MANAGER[0], "programme_manager_sign_in")
    follow_sign_in_link(manager, base_url, body, assert_accessible)
    programme_pk = create_programme(manager, base_url)
    add_outcomes(manager)
    set_year_budgets(manager, base_url, programme_pk)
    invite_the_team(manager, base_url, programme_pk)
    everyone_accepts(people, base_url)
    team_is_in_place(manager, base_url, programme_pk)
    round_pk = create_and_publish_round(manager, base_url, programme_pk)

    # While it is open: a new applicant registers, bids and submits; the moderator declares a
    # conflict of interest with the applicant's organisation.
    clock.move_to(WHILE_IT_IS_OPEN)
    people.sign_everyone_out()
    applicant = people.signed_in(APPLICANT[0], new_name=APPLICANT[1])
    register_organisation(applicant)
    reference = bid_and_submit(applicant, base_url)
    declare_conflict(people.signed_in(MODERATOR[0]))

    # After it closes: assessment, moderation, decision and the announcement, four eyes.
    clock.move_to(AFTER_IT_CLOSES)
    people.sign_everyone_out()
    manager = people.signed_in(MANAGER[0])
    check_eligibility_and_assign(manager, base_url, round_pk, reference)
    assessors_score_on_their_own(people, base_url, reference)
    moderate(people.signed_in(MODERATOR[0]), base_url, reference)
    decide_and_prepare_announcement(manager, base_url, round_pk, reference)
    second_manager_approves(people.signed_in(SECOND_MANAGER[0]), base_url, round_pk)
    history_shows_what_was_done(people.signed_in(SECOND_MANAGER[0]), base_url, round_pk, reference)

    # The finance officer sees the award counted against the budget.
    finance_sees_the_award(people.signed_in(FINANCE_OFFICER[0]), base_url)

    # The letter arrives and the project is public.
    the_applicant_gets_the_letter(people.signed_in(APPLICANT[0]), base_url, reference)
    the_public_sees_the_project(browser, base_url, LEAD)
