"""Steps of the run-a-programme journey from a submitted bid to its announcement: eligibility,
assignment, scoring, moderation, decision, four-eyes approval, the letter and the public
project."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect

from innovation_fund.accounts.models import User
from innovation_fund.grants.models import Project

from .axe import assert_accessible
from .fixtures import TIMEOUT_MS, VIEWPORT
from .journey_cast import (
    APPLICANT,
    FIRST_ASSESSOR,
    FIRST_COMMENT,
    LEAD,
    MANAGER,
    MODERATOR,
    ROUND,
    SECOND_ASSESSOR,
    SECOND_COMMENT,
    SECOND_DRAFT_COMMENT,
    SECOND_MANAGER,
    TITLE,
    People,
    heading,
    refused,
    success,
)
from .steps import (
    latest_email,
    link_in,
)


def score_bid(page: Page, scores: dict[str, tuple[int, str]], *, action: str) -> None:
    for criterion, (score, comment) in scores.items():
        weight = "60%" if criterion == "Criterion 1" else "40%"
        page.get_by_role("group", name=f"{criterion} ({weight})").get_by_label(
            re.compile(rf"^{score} –")
        ).check()
        page.get_by_label(f"Your comment on {criterion}").fill(comment)
    page.get_by_role("button", name=action).click()


def open_bid_to_score(page: Page, base_url: str, reference: str) -> None:
    page.goto(base_url + "/account/")
    page.get_by_role("link", name="Bids assigned to you to assess").click()
    heading(page, "Bids to assess")
    page.get_by_role("link", name=re.compile(rf"^{reference}\s*: score this bid$")).click()
    heading(page, reference)


def check_eligibility_and_assign(page: Page, base_url: str, round_pk: int, reference: str):
    page.goto(f"{base_url}/manage/rounds/{round_pk}/")
    heading(page, ROUND)
    expect(page.locator("main .govuk-tag").first).to_have_text("Closed")
    page.get_by_role("link", name="Assess the bids in this round").click()
    heading(page, f"Assessment of {ROUND}")
    expect(page.get_by_role("link", name=reference, exact=True)).to_be_visible()
    page.get_by_role("link", name=f"Check eligibility of {reference}").click()
    heading(page, f"Is {TITLE} eligible?")
    page.get_by_label("Eligible", exact=True).check()
    page.get_by_role("button", name="Save the eligibility check").click()
    success(page, f"{reference} is eligible.")

    page.get_by_role("link", name=f"Assessors of {reference}").click()
    heading(page, f"Assessors of {TITLE}")
    conflicted = User.objects.get(email=MODERATOR[0])
    page.get_by_label("Assessor", exact=True).select_option(str(conflicted.pk))
    page.get_by_role("button", name="Assign the assessor").click()
    refusal = (
        f"Mo Moderator has declared a conflict of interest with {LEAD}, "
        "the bid’s lead organisation, so cannot assess it"
    )
    refused(page, refusal)
    expect(page.locator("#id_assessor-error")).to_contain_text(refusal)
    for email, name in (FIRST_ASSESSOR, SECOND_ASSESSOR):
        person = User.objects.get(email=email)
        page.get_by_label("Assessor", exact=True).select_option(str(person.pk))
        page.get_by_role("button", name="Assign the assessor").click()
        success(page, f"{name} has been asked to assess {reference}.")
    assessing = page.get_by_role("table", name="Assessing the bid")
    expect(assessing).to_contain_text("Ada Assessor")
    expect(assessing).to_contain_text("Ben Assessor")


def assessors_score_on_their_own(people: People, base_url: str, reference: str) -> None:
    # The first scores and submits, seeing nobody else's scores.
    first = people.signed_in(FIRST_ASSESSOR[0])
    open_bid_to_score(first, base_url, reference)
    score_bid(
        first,
        {"Criterion 1": (4, FIRST_COMMENT), "Criterion 2": (3, "A clear plan.")},
        action="Submit scores",
    )
    success(first, "Your scores have been submitted.")
    expect(first.get_by_text("No other assessor has submitted scores")).to_be_visible()

    # The second sees none of the first's scores until submitting their own.
    second = people.signed_in(SECOND_ASSESSOR[0])
    open_bid_to_score(second, base_url, reference)
    expect(second.get_by_text(FIRST_COMMENT)).to_have_count(0)
    score_bid(
        second,
        {"Criterion 1": (1, SECOND_DRAFT_COMMENT), "Criterion 2": (2, "Some plan.")},
        action="Save as draft",
    )
    success(second, "Your draft scores have been saved.")
    expect(second.get_by_text(FIRST_COMMENT)).to_have_count(0)

    # A draft is not shown to the first assessor either.
    open_bid_to_score(first, base_url, reference)
    expect(first.get_by_text(SECOND_DRAFT_COMMENT)).to_have_count(0)

    open_bid_to_score(second, base_url, reference)
    expect(second.get_by_label("Your comment on Criterion 1")).to_have_value(SECOND_DRAFT_COMMENT)
    score_bid(
        second,
        {"Criterion 1": (1, SECOND_COMMENT), "Criterion 2": (2, "Some plan.")},
        action="Submit scores",
    )
    success(second, "Your scores have been submitted.")
    expect(second.get_by_text(FIRST_COMMENT)).to_be_visible()

    open_bid_to_score(first, base_url, reference)
    expect(first.get_by_text(SECOND_COMMENT)).to_be_visible()


def moderate(page: Page, base_url: str, reference: str) -> None:
    """The moderator sees the disagreement (4 against 1), moderates, and sees the ranked list."""
    page.goto(base_url + "/account/")
    page.get_by_role("link", name=f"Moderate {ROUND}").click()
    heading(page, "Moderation")
    bid_row = page.get_by_role("row").filter(has_text=reference)
    expect(bid_row.get_by_text("Assessors disagree")).to_be_visible()
    page.get_by_label("Show only bids where assessors disagree").check()
    page.get_by_role("button", name="Apply filter").click()
    expect(page.get_by_text("1 bid where assessors disagree")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(rf"^{reference}\s*: moderate this bid$")).click()
    heading(page, f"Moderate {TITLE}")
    for criterion in ("Criterion 1 (weight 60%)", "Criterion 2 (weight 40%)"):
        page.get_by_role("group", name=criterion).get_by_label(re.compile(r"^3 –")).check()
    page.get_by_label("Why are these the scores?").fill("The panel found the need well evidenced.")
    page.get_by_role("button", name="Record moderated scores").click()
    success(page, f"Moderated scores recorded for {reference}.")
    expect(page.get_by_text("The panel found the need well evidenced.")).to_be_visible()

    page.get_by_role("link", name=f"Back to moderation for {ROUND}").click()
    heading(page, "Moderation")
    page.get_by_role("link", name="See the ranked list and the budget line").click()
    heading(page, "Ranked list")
    ranked = page.get_by_role("table", name=re.compile("ranked by final score"))
    expect(ranked.get_by_role("row").filter(has_text=reference)).to_contain_text("75")
    expect(ranked).to_contain_text("Budget line")
    expect(ranked).to_contain_text(
        "All the ranked bids fit within the round's envelope of £250,000"
    )


def decide_and_prepare_announcement(
    page: Page, base_url: str, round_pk: int, reference: str
) -> None:
    hub_url = f"{base_url}/manage/rounds/{round_pk}/assessment/"
    page.goto(hub_url)
    heading(page, f"Assessment of {ROUND}")
    page.get_by_role("link", name=f"Decide on {reference}").click()
    heading(page, f"Decision on {TITLE}")
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Amount to award").fill("100,000")
    page.get_by_label("2027-28").fill("60,000")
    page.get_by_label("2028-29").fill("30,000")
    page.get_by_label("Conditions of the grant (optional)").fill("An evaluation partner by July.")
    page.get_by_label("Reasons for the decision").fill("A well evidenced model, scaled down.")
    page.get_by_role("button", name="Record the decision").click()
    refused(page, "add up to £90,000")
    expect(page.get_by_label("Amount to award")).to_have_value("100,000")
    page.get_by_label("2028-29").fill("40,000")
    page.get_by_role("button", name="Record the decision").click()
    success(page, f"{reference} approved with an award of £100,000")

    # The manager's own view of the bid: its state, and where they move it on.
    page.goto(f"{base_url}/bids/{reference}/")
    heading(page, TITLE)
    expect(page.locator("main .govuk-tag").first).to_have_text("Approved")
    expect(page.get_by_role("link", name="Record the panel’s decision")).to_be_visible()

    page.goto(hub_url)
    page.get_by_role("link", name="Announce decisions").click()
    heading(page, "Announce decisions")
    expect(page.get_by_role("table", name="Decisions to be announced")).to_contain_text(reference)
    page.get_by_label("Title of the announcement").fill(f"{ROUND} awards")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("7")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("Announcement text").fill("We are funding **one** new project.")
    page.get_by_role("button", name="Prepare the announcement of 1 decision").click()
    success(page, f"{ROUND} awards has been prepared.")
    # Four eyes: the manager who prepared it cannot approve it.
    expect(page.get_by_role("button", name="Approve and announce")).to_have_count(0)


def second_manager_approves(page: Page, base_url: str, round_pk: int) -> None:
    _, _, body = latest_email(SECOND_MANAGER[0], "announcement_to_approve")
    page.goto(base_url + link_in(body, rf"/manage/rounds/{round_pk}/announce/"))
    heading(page, "Announce decisions")
    expect(page.get_by_text("Prepared by")).to_be_visible()
    expect(page.get_by_text(MANAGER[1]).first).to_be_visible()
    page.get_by_role("button", name="Approve and announce").click()
    success(page, f"{ROUND} awards has been announced: 1 decision.")
    page.goto(f"{base_url}/manage/rounds/{round_pk}/")
    heading(page, ROUND)
    expect(page.locator("main .govuk-tag").first).to_have_text("Decisions announced")


def finance_sees_the_award(page: Page, base_url: str) -> None:
    page.goto(base_url + "/account/")
    page.get_by_role("link", name="Budget: awarded and remaining").click()
    heading(page, "Budget")
    rounds = page.get_by_role("table", name="Each round", exact=True)
    expect(rounds.get_by_role("row").filter(has_text=ROUND)).to_contain_text("£100,000")
    published = page.get_by_role("table", name="Published projects in each round")
    expect(published.get_by_role("row").filter(has_text=ROUND)).to_contain_text("£100,000")
    years = page.get_by_role("table", name=re.compile("^Each financial year"))
    expect(years.get_by_role("row").filter(has_text="2027-28")).to_contain_text("£60,000")
    expect(years.get_by_role("row").filter(has_text="2028-29")).to_contain_text("£40,000")


def the_public_sees_the_project(browser: Browser, base_url: str, lead_name: str) -> None:
    project = Project.objects.get(lead_organisation__name=lead_name)
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    public = context.new_page()
    try:
        public.goto(f"{base_url}/projects/")
        assert_accessible(public)
        public.get_by_role("link", name=TITLE).click()
        expect(public).to_have_url(re.compile(rf"/projects/{project.slug}/$"))
        heading(public, TITLE)
    finally:
        context.close()


def the_applicant_gets_the_letter(page: Page, base_url: str, reference: str) -> None:
    """The offer email's link and the bid page's link both open the letter, a PDF."""
    email, _, _ = latest_email(APPLICANT[0], "grant_offer")
    assert email.personalisation["reference"] == reference
    assert email.personalisation["amount"] == "£100,000"
    emailed_path = urlsplit(email.personalisation["link"]).path
    page.goto(f"{base_url}/bids/{reference}/")
    expect(page.get_by_text("Your bid has been approved: £100,000")).to_be_visible()
    expect(page.get_by_text(FIRST_COMMENT)).to_have_count(0)
    expect(page.get_by_text(SECOND_COMMENT)).to_have_count(0)
    assert_accessible(page)
    letter = page.get_by_role("link", name="Download your grant offer letter (PDF)")
    assert letter.get_attribute("href") == emailed_path
    response = page.request.get(base_url + emailed_path)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def history_shows_what_was_done(page: Page, base_url: str, round_pk: int, reference: str) -> None:
    """A manager follows "View history" from the round and from the decision, and reads who did
    what: the round's publishing and announcing, the decision and the grant it made."""
    page.goto(f"{base_url}/manage/rounds/{round_pk}/")
    page.get_by_role("link", name=re.compile(r"^View history")).click()
    heading(page, "History")
    expect(page.get_by_text("Round published").first).to_be_visible()
    expect(page.get_by_text("Decisions announced for the round").first).to_be_visible()

    page.goto(f"{base_url}/manage/bids/{reference}/decision/")
    page.get_by_role("link", name=re.compile(r"^View history")).click()
    heading(page, "History")
    expect(page.get_by_text("Decision recorded").first).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="View the grant’s history").click()
    heading(page, "History")
    expect(page.get_by_text("Grant made").first).to_be_visible()
