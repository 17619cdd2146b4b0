"""An accountable officer signs in by email link, bids into an open round, makes a mistake and
corrects it, signs the bid off and submits it: once with JavaScript and once without, with
axe-core on every page."""

import re

import pytest
from playwright.sync_api import Page, expect

from innovation_fund.applications.models import Application
from innovation_fund.core.notifications import FakeNotifications
from innovation_fund.organisations.models import MemberRole
from tests.factories import (
    FocusAreaFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OpenRoundFactory,
    OutcomeFactory,
)

from .axe import assert_accessible

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def open_round(transactional_db):
    round = OpenRoundFactory(name="Round Five", slug="round-5", number=5)
    FocusAreaFactory(round=round, name="Rethinking children's social work")
    OutcomeFactory(programme=round.programme, name="Reducing risk for children")
    OutcomeFactory(programme=round.programme, name="Creating greater stability")
    LocalAuthorityFactory(name="Leeds", slug="leeds")
    membership = MembershipFactory(
        user__email="officer@example.org",
        user__full_name="Alex Officer",
        organisation__name="Leeds Children's Charity",
        role=MemberRole.ACCOUNTABLE_OFFICER,
    )
    return round, membership


def sign_in_by_email(page: Page, base_url: str, email: str, check) -> None:
    page.goto(base_url + "/sign-in/")
    check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check(page)
    email_sent, _, body = FakeNotifications.outbox[-1]
    assert email_sent.to == email
    link = re.search(r"/sign-in/link/\S+/", body).group(0)
    page.goto(base_url + link)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check(page)


def open_task(page: Page, title: str, check) -> None:
    page.get_by_role("link", name=re.compile(rf"\d\. {re.escape(title)}")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    check(page)


def saved(page: Page) -> None:
    expect(page.get_by_text("Complete your bid")).to_be_visible()


def bid_from_sign_in_to_confirmation(page: Page, base_url: str, check) -> None:
    """`check` runs on every page: axe-core with JavaScript on; nothing without (axe is JS)."""
    sign_in_by_email(page, base_url, "officer@example.org", check)

    page.get_by_role("link", name="Funding rounds open for bids").click()
    check(page)
    page.get_by_role("link", name="Round Five").click()
    check(page)
    page.get_by_role("button", name="Start a bid").first.click()
    check(page)
    page.get_by_role("button", name="Start the bid").click()
    expect(page.get_by_text("You have completed 0 of 9 sections")).to_be_visible()
    check(page)

    open_task(page, "About the project", check)
    page.get_by_label("Project title").fill("Family Safeguarding in Leeds")
    page.get_by_label("Summary").fill("Multi-disciplinary teams around families.")
    page.get_by_label("Rethinking children's social work").check()
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "Partners", check)
    page.get_by_role("button", name="This bid has no partners").click()
    saved(page)

    open_task(page, "Where the work happens", check)
    page.get_by_label("Leeds", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "The innovation", check)
    page.get_by_label("A new practice model").check()
    page.get_by_label("Name of the new practice model").fill("Family Safeguarding, Leeds way")
    page.get_by_label("Describe the new practice model").fill("Adult workers join the team.")
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "Outcomes", check)
    page.get_by_role("checkbox", name="Reducing risk for children").check()
    page.get_by_label("How will you measure it? for Reducing risk for children").fill(
        "Re-referrals within 12 months"
    )
    page.get_by_label("Baseline: where things are now for Reducing risk for children").fill("22%")
    page.get_by_label(
        "Target: where the project aims to get to for Reducing risk for children"
    ).fill("15%")
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    # A mistake, shown with an error summary and at the box, then corrected.
    open_task(page, "Budget", check)
    staff = page.get_by_label("Staff, 2027-28")
    staff.fill("1,00,0")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_label("Staff, 2027-28")).to_have_value("1,00,0")
    check(page)
    page.get_by_label("Staff, 2027-28").fill("£150,000.50")
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "Evaluation plan", check)
    page.get_by_label("How will the project be evaluated?").fill("A quasi-experimental design.")
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "Documents", check)
    page.get_by_label(re.compile("Upload a file")).set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_text("plan.pdf").first).to_be_visible()
    check(page)
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "Declarations", check)
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("You have completed 9 of 9 sections")).to_be_visible()
    check(page)

    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.get_by_text("£150,000.50").first).to_be_visible()
    check(page)
    page.get_by_role("link", name="Continue to sign off").click()
    check(page)
    page.get_by_role("button", name="Sign off and submit").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label(re.compile("I am an accountable officer")).check()
    page.get_by_role("button", name="Sign off and submit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bid submitted")
    check(page)
    bid = Application.objects.get()
    assert bid.state == Application.State.SUBMITTED
    expect(page.get_by_text(bid.reference)).to_be_visible()
    confirmation = [
        email for email, _, _ in FakeNotifications.outbox if email.template == "bid_submitted"
    ]
    assert [email.to for email in confirmation] == ["officer@example.org"]
    assert confirmation[0].personalisation["reference"] == bid.reference


def test_an_officer_bids_from_sign_in_to_confirmation(page: Page, live_server, open_round):
    bid_from_sign_in_to_confirmation(page, live_server.url, check=assert_accessible)


def test_the_same_bid_works_without_javascript(page_without_js: Page, live_server, open_round):
    bid_from_sign_in_to_confirmation(page_without_js, live_server.url, check=lambda page: None)
