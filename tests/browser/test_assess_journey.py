"""A round's bids from submission to a public project: the programme manager checks eligibility
and assigns assessors (a conflicted one is refused), two assessors score on their own, a
moderator moderates the bid where they disagree, the manager approves it within the budget and
announces it, the public sees the project and the applicant sees the approval with its letter.
Axe-core runs on every page visited."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from innovation_fund.applications.models import BudgetLine, CostHeading
from innovation_fund.grants.models import Project
from innovation_fund.programmes.models import Round
from tests.applications.builders import officer_of
from tests.assessment.builders import (
    Role,
    assessed_round,
    conflict,
    person_with_role,
    submitted_bid,
)
from tests.helpers import signed_in

from .axe import assert_accessible
from .fixtures import TIMEOUT_MS

TITLE = "Family Safeguarding in Leeds"
LEAD = "Leeds Children's Charity"
FIRST_COMMENT = "Strong evidence of need from the local data."
SECOND_COMMENT = "The need is asserted, not evidenced."
SECOND_DRAFT_COMMENT = "Draft thoughts: not yet convinced."


@pytest.fixture
def assessment_round(transactional_db):
    """Round Six (criteria 60/40, a £250,000 envelope) with two bids from different
    organisations, and the people who assess and decide them."""
    funding_round = assessed_round(
        name="Round Six", slug="round-6", number=6, budget_pence=250_000_00
    )
    bid = submitted_bid(
        funding_round,
        amount_pence=80_000_00,
        title=TITLE,
        lead_organisation__name=LEAD,
    )
    BudgetLine.objects.create(
        application=bid,
        financial_year=2028,
        cost_heading=CostHeading.STAFF,
        amount_pence=40_000_00,
    )
    other_bid = submitted_bid(
        funding_round, title="Mockingbird in Bristol", lead_organisation__name="Bristol Carers"
    )
    people = {
        "manager": person_with_role(funding_round, Role.PROGRAMME_MANAGER, full_name="Pat Manager"),
        "second_manager": person_with_role(
            funding_round, Role.PROGRAMME_MANAGER, full_name="Sam Second"
        ),
        "first": person_with_role(funding_round, Role.ASSESSOR, full_name="Ada Assessor"),
        "second": person_with_role(funding_round, Role.ASSESSOR, full_name="Ben Assessor"),
        "conflicted": person_with_role(funding_round, Role.ASSESSOR, full_name="Cy Conflicted"),
        "moderator": person_with_role(funding_round, Role.MODERATOR, full_name="Mo Moderator"),
        "officer": officer_of(bid),
    }
    conflict(people["conflicted"], bid.lead_organisation, reason="I am a trustee")
    return funding_round, bid, other_bid, people


def act_as(page: Page, live_server, user) -> Page:
    page.context.clear_cookies()
    return signed_in(page, live_server, user)


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)
    assert_accessible(page)


def success(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible()
    assert_accessible(page)


def score_bid(page: Page, scores: dict[str, tuple[int, str]], *, action: str) -> None:
    for criterion, (score, comment) in scores.items():
        weight = "60%" if criterion == "Criterion 1" else "40%"
        page.get_by_role("group", name=f"{criterion} ({weight})").get_by_label(
            re.compile(rf"^{score} –")
        ).check()
        page.get_by_label(f"Your comment on {criterion}").fill(comment)
    page.get_by_role("button", name=action).click()


def open_bid_to_score(page: Page, base_url: str, reference: str) -> None:
    page.goto(base_url + "/assessment/")
    heading(page, "Bids to assess")
    page.get_by_role("link", name=re.compile(rf"^{reference}\s*: score this bid$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    assert_accessible(page)


def test_a_bid_is_assessed_decided_and_announced(
    page: Page, browser: Browser, live_server, assessment_round
):
    funding_round, bid, other_bid, people = assessment_round
    base_url = live_server.url
    reference = bid.reference
    hub_url = f"{base_url}/manage/rounds/{funding_round.pk}/assessment/"

    # The manager checks the bid eligible and assigns its assessors.
    act_as(page, live_server, people["manager"])
    page.goto(hub_url)
    heading(page, "Assessment of Round Six")
    expect(page.get_by_role("link", name=other_bid.reference, exact=True)).to_be_visible()
    page.get_by_role("link", name=f"Check eligibility of {reference}").click()
    heading(page, f"Is {TITLE} eligible?")
    page.get_by_label("Eligible", exact=True).check()
    page.get_by_role("button", name="Save the eligibility check").click()
    success(page, f"{reference} is eligible.")

    page.get_by_role("link", name=f"Assessors of {reference}").click()
    heading(page, f"Assessors of {TITLE}")
    assessor = page.get_by_label("Assessor", exact=True)
    assessor.select_option(str(people["conflicted"].pk))
    page.get_by_role("button", name="Assign the assessor").click()
    refusal = (
        f"Cy Conflicted has declared a conflict of interest with {LEAD}, "
        "the bid’s lead organisation, so cannot assess it"
    )
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(refusal)
    expect(page.locator("#id_assessor-error")).to_contain_text(refusal)
    assert_accessible(page)
    for person in (people["first"], people["second"]):
        page.get_by_label("Assessor", exact=True).select_option(str(person.pk))
        page.get_by_role("button", name="Assign the assessor").click()
        success(page, f"{person.display_name} has been asked to assess {reference}.")
    expect(page.get_by_role("table", name="Assessing the bid")).to_contain_text("Ada Assessor")
    expect(page.get_by_role("table", name="Assessing the bid")).to_contain_text("Ben Assessor")

    # The first assessor scores and submits, seeing nobody else's scores.
    act_as(page, live_server, people["first"])
    open_bid_to_score(page, base_url, reference)
    score_bid(
        page,
        {"Criterion 1": (4, FIRST_COMMENT), "Criterion 2": (3, "A clear plan.")},
        action="Submit scores",
    )
    success(page, "Your scores have been submitted.")
    expect(page.get_by_text("No other assessor has submitted scores")).to_be_visible()

    # The second sees none of the first's scores until submitting their own.
    act_as(page, live_server, people["second"])
    open_bid_to_score(page, base_url, reference)
    expect(page.get_by_text(FIRST_COMMENT)).to_have_count(0)
    score_bid(
        page,
        {"Criterion 1": (1, SECOND_DRAFT_COMMENT), "Criterion 2": (2, "Some plan.")},
        action="Save as draft",
    )
    success(page, "Your draft scores have been saved.")
    expect(page.get_by_text(FIRST_COMMENT)).to_have_count(0)

    # A draft is not shown to the first assessor either.
    act_as(page, live_server, people["first"])
    open_bid_to_score(page, base_url, reference)
    expect(page.get_by_text(SECOND_DRAFT_COMMENT)).to_have_count(0)

    act_as(page, live_server, people["second"])
    open_bid_to_score(page, base_url, reference)
    expect(page.get_by_label("Your comment on Criterion 1")).to_have_value(SECOND_DRAFT_COMMENT)
    score_bid(
        page,
        {"Criterion 1": (1, SECOND_COMMENT), "Criterion 2": (2, "Some plan.")},
        action="Submit scores",
    )
    success(page, "Your scores have been submitted.")
    expect(page.get_by_text(FIRST_COMMENT)).to_be_visible()

    act_as(page, live_server, people["first"])
    open_bid_to_score(page, base_url, reference)
    expect(page.get_by_text(SECOND_COMMENT)).to_be_visible()

    # The moderator sees the disagreement (4 against 1), moderates and sees the ranked list.
    act_as(page, live_server, people["moderator"])
    page.goto(f"{base_url}/manage/rounds/{funding_round.pk}/moderation/")
    heading(page, "Moderation")
    bid_row = page.get_by_role("row").filter(has_text=reference)
    expect(bid_row.get_by_text("Assessors disagree")).to_be_visible()
    page.get_by_label("Show only bids where assessors disagree").check()
    page.get_by_role("button", name="Apply filter").click()
    expect(page.get_by_text("1 bid where assessors disagree")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(rf"^{reference}\s*: moderate this bid$")).click()
    heading(page, f"Moderate {TITLE}")
    page.get_by_role("group", name="Criterion 1 (weight 60%)").get_by_label(
        re.compile(r"^3 –")
    ).check()
    page.get_by_role("group", name="Criterion 2 (weight 40%)").get_by_label(
        re.compile(r"^3 –")
    ).check()
    page.get_by_label("Why are these the scores?").fill("The panel found the need well evidenced.")
    page.get_by_role("button", name="Record moderated scores").click()
    success(page, f"Moderated scores recorded for {reference}.")
    expect(page.get_by_text("The panel found the need well evidenced.")).to_be_visible()

    page.get_by_role("link", name="Back to moderation for Round Six").click()
    heading(page, "Moderation")
    page.get_by_role("link", name="See the ranked list and the budget line").click()
    heading(page, "Ranked list")
    ranked = page.get_by_role("table", name=re.compile("ranked by final score"))
    expect(ranked.get_by_role("row").filter(has_text=reference)).to_contain_text("75")
    expect(ranked).to_contain_text("Budget line")
    expect(ranked).to_contain_text(
        "All the ranked bids fit within the round's envelope of £250,000"
    )

    # The manager approves an award, correcting a profile that does not add up, and announces.
    act_as(page, live_server, people["manager"])
    page.goto(hub_url)
    heading(page, "Assessment of Round Six")
    page.get_by_role("link", name=f"Decide on {reference}").click()
    heading(page, f"Decision on {TITLE}")
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Amount to award").fill("100,000")
    page.get_by_label("2027-28").fill("60,000")
    page.get_by_label("2028-29").fill("30,000")
    page.get_by_label("Conditions of the grant (optional)").fill("An evaluation partner by July.")
    page.get_by_label("Reasons for the decision").fill("A well evidenced model, scaled down.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("add up to £90,000")
    expect(page.get_by_label("Amount to award")).to_have_value("100,000")
    assert_accessible(page)
    page.get_by_label("2028-29").fill("40,000")
    page.get_by_role("button", name="Record the decision").click()
    success(page, f"{reference} approved with an award of £100,000")

    # The manager's own view of the bid: its state, and the pages where they move it on.
    page.goto(f"{base_url}/bids/{reference}/")
    heading(page, TITLE)
    expect(page.locator("main .govuk-tag").first).to_have_text("Approved")
    expect(page.get_by_role("link", name="Record the panel’s decision")).to_be_visible()
    assert_accessible(page)

    # Decisions are announced only after the round has closed.
    Round.objects.filter(pk=funding_round.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    page.goto(hub_url)
    page.get_by_role("link", name="Announce decisions").click()
    heading(page, "Announce decisions")
    expect(page.get_by_role("table", name="Decisions to be announced")).to_contain_text(reference)
    page.get_by_label("Title of the announcement").fill("Round Six awards")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("Announcement text").fill("We are funding **one** new project.")
    page.get_by_role("button", name="Prepare the announcement of 1 decision").click()
    success(page, "Round Six awards has been prepared.")
    expect(page.get_by_role("button", name="Approve and announce")).to_have_count(0)
    assert_accessible(page)

    # Four eyes: a second programme manager approves it, which announces it.
    act_as(page, live_server, people["second_manager"])
    page.goto(f"{base_url}/manage/rounds/{funding_round.pk}/announce/")
    heading(page, "Announce decisions")
    expect(page.get_by_text("Prepared by")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve and announce").click()
    success(page, "Round Six awards has been announced: 1 decision.")

    # The public sees the new project.
    project = Project.objects.get(lead_organisation=bid.lead_organisation)
    public = browser.new_context(viewport=page.viewport_size).new_page()
    public.context.set_default_timeout(TIMEOUT_MS)
    try:
        public.goto(f"{base_url}/projects/")
        assert_accessible(public)
        public.get_by_role("link", name=TITLE).click()
        expect(public).to_have_url(re.compile(rf"/projects/{project.slug}/$"))
        heading(public, TITLE)
    finally:
        public.context.close()

    # The applicant sees the approval and downloads the offer letter.
    act_as(page, live_server, people["officer"])
    page.goto(f"{base_url}/bids/{reference}/")
    expect(page.get_by_text("Your bid has been approved: £100,000")).to_be_visible()
    expect(page.get_by_text(FIRST_COMMENT)).to_have_count(0)
    expect(page.get_by_text(SECOND_COMMENT)).to_have_count(0)
    assert_accessible(page)
    letter = page.get_by_role("link", name="Download your grant offer letter (PDF)")
    response = page.request.get(base_url + letter.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
