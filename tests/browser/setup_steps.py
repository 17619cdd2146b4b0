"""Steps of the run-a-programme journey in which the programme team sets up a programme, its
outcome framework, budget by year, team and round, from the screens."""

import re

from playwright.sync_api import Page, expect

from .axe import assert_accessible
from .journey_cast import (
    FINANCE_OFFICER,
    FIRST_ASSESSOR,
    FOCUS_AREA,
    MANAGER,
    MODERATOR,
    OUTCOME,
    PROGRAMME,
    ROUND,
    SECOND_ASSESSOR,
    SECOND_MANAGER,
    People,
    fill_date,
    heading,
    refused,
)
from .steps import (
    accept_team_invitation,
)


def create_programme(page: Page, base_url: str) -> int:
    # The bootstrap manager holds no programme yet: "Your account" leads them to set one up.
    page.goto(base_url + "/account/")
    heading(page, "Your account")
    page.get_by_role("link", name="Programmes you manage, and setting up a new one").click()
    heading(page, "Programmes")
    page.get_by_role("link", name="Create a programme").click()
    heading(page, "Create a programme")
    page.get_by_label("Name").fill(PROGRAMME)
    page.get_by_label("Funder").fill("Department for Education")
    page.get_by_label("Summary").fill("Testing new ways of supporting vulnerable children.")
    page.get_by_label("Total budget").fill("2,000,000")
    fill_date(page, "id_starts_on", 1, 4, 2027)
    fill_date(page, "id_ends_on", 31, 3, 2030)
    page.get_by_role("button", name="Create programme").click()
    heading(page, PROGRAMME)
    return int(re.search(r"/manage/programmes/(\d+)/", page.url).group(1))


def add_outcomes(page: Page) -> None:
    page.get_by_role("link", name="Outcome framework").click()
    heading(page, "Outcome framework")
    for name, definition, direction in [
        (OUTCOME, "Fewer children at risk of significant harm.", "Lower is better"),
        ("Creating greater stability", "More children in stable homes.", "Higher is better"),
    ]:
        page.get_by_role("link", name="Add an outcome").click()
        heading(page, "Add an outcome")
        page.get_by_label("Name").fill(name)
        page.get_by_label("Definition").fill(definition)
        page.get_by_label("How it is measured").fill("From local authority returns")
        page.get_by_label("Unit (optional)").fill("per cent")
        page.get_by_label(direction, exact=True).check()
        page.get_by_role("button", name="Add outcome").click()
        heading(page, "Outcome framework")
        expect(page.get_by_role("heading", name=name)).to_be_visible()


def set_year_budgets(page: Page, base_url: str, programme_pk: int) -> None:
    page.goto(f"{base_url}/manage/programmes/{programme_pk}/")
    heading(page, PROGRAMME)
    page.get_by_role("link", name="Change budget for each financial year").click()
    heading(page, "Budget for each financial year")
    for year in ("2027-28", "2028-29", "2029-30"):
        page.get_by_label(re.compile(rf"^{year} ")).fill("700,000")
    page.get_by_role("button", name="Save budgets").click()
    heading(page, PROGRAMME)
    expect(page.get_by_text("2028-29: £700,000")).to_be_visible()


TEAM = [
    (SECOND_MANAGER, ["Programme manager"]),
    (FIRST_ASSESSOR, ["Assessor"]),
    (SECOND_ASSESSOR, ["Assessor"]),
    (MODERATOR, ["Moderator or panel member", "Assessor"]),
    (FINANCE_OFFICER, ["Finance officer"]),
]


def invite_the_team(page: Page, base_url: str, programme_pk: int) -> None:
    page.goto(f"{base_url}/manage/programmes/{programme_pk}/")
    page.get_by_role("link", name="Team: who holds which role").click()
    heading(page, "Team")
    for (email, _), roles in TEAM:
        page.get_by_role("link", name="Invite someone").click()
        heading(page, "Invite someone to the team")
        page.get_by_label("Email address").fill(email)
        for role in roles:
            page.get_by_label(role, exact=True).check()
        page.get_by_role("button", name="Send invitation").click()
        heading(page, "Team")
        invitations = page.get_by_role("table", name="Invitations waiting to be accepted")
        expect(invitations).to_contain_text(email)


def everyone_accepts(people: People, base_url: str) -> None:
    for (email, name), _ in TEAM:
        page = people.page_for(email)
        accept_team_invitation(page, base_url, email, PROGRAMME, assert_accessible, name=name)


def team_is_in_place(page: Page, base_url: str, programme_pk: int) -> None:
    page.goto(f"{base_url}/manage/programmes/{programme_pk}/team/")
    heading(page, "Team")
    roles = page.get_by_role("table", name=f"Who holds which role in {PROGRAMME}")
    for (_, name), held in [((None, MANAGER[1]), ["Programme manager"]), *TEAM]:
        for role in held:
            person = page.locator("td:first-child", has_text=name)
            role_cell = page.locator("td:nth-child(2)", has_text=role)
            rows = roles.get_by_role("row").filter(has=person).filter(has=role_cell)
            expect(rows).to_have_count(1)
    expect(page.get_by_text("No invitations are waiting.")).to_be_visible()


def create_and_publish_round(page: Page, base_url: str, programme_pk: int) -> int:
    page.goto(f"{base_url}/manage/programmes/{programme_pk}/")
    page.get_by_role("link", name="Create a round").click()
    heading(page, "Create a round")
    page.get_by_label("Name").fill(ROUND)
    page.get_by_label("Open competition").check()
    fill_date(page, "id_opens_at", 1, 6, 2027, "9am")
    fill_date(page, "id_closes_at", 30, 6, 2027, "12pm")
    page.get_by_label("Budget envelope").fill("250,000")
    page.get_by_label("Minimum bid").fill("10,000")
    page.get_by_label("Maximum bid").fill("500,000")
    fill_date(page, "id_funding_starts_on", 1, 9, 2027)
    fill_date(page, "id_funding_ends_on", 31, 3, 2029)
    page.get_by_role("group", name="Who may lead a bid").get_by_label("Charity", exact=True).check()
    page.get_by_role("button", name="Create round").click()
    refused(page, "The maximum bid must be no more than the budget envelope (£250,000)")
    expect(page.locator("#id_closes_at-time")).to_have_value("12pm")
    page.get_by_label("Maximum bid").fill("250,000")
    page.get_by_role("button", name="Create round").click()
    heading(page, ROUND)
    round_pk = int(re.search(r"/manage/rounds/(\d+)/", page.url).group(1))

    # Not yet: it says what it funds nor how bids are scored.
    expect(page.get_by_text("You cannot publish this round yet")).to_be_visible()
    expect(page.get_by_text("Add at least one focus area")).to_be_visible()
    expect(page.get_by_text("Add the assessment criteria")).to_be_visible()

    page.get_by_role("link", name="Add a focus area").click()
    heading(page, "Add a focus area")
    page.get_by_label("Name").fill(FOCUS_AREA)
    page.get_by_role("button", name="Add focus area").click()
    heading(page, ROUND)

    page.get_by_role("link", name="Add criteria").click()
    heading(page, "Assessment criteria")
    for number, (name, weight) in enumerate([("Criterion 1", "60"), ("Criterion 2", "40")], 1):
        criterion = page.get_by_role("group", name=f"Criterion {number}", exact=True)
        criterion.get_by_label("Name").fill(name)
        criterion.get_by_label("Weight (%)").fill(weight)
    page.get_by_role("button", name="Save criteria").click()
    heading(page, ROUND)
    expect(page.get_by_text("You cannot publish this round yet")).to_have_count(0)

    page.get_by_role("link", name=f"Publish {ROUND}").click()
    heading(page, f"Publish {ROUND}?")
    page.get_by_role("button", name="Publish", exact=True).click()
    heading(page, ROUND)
    expect(page.locator("main .govuk-tag").first).to_have_text("Upcoming")
    return round_pk
