"""An accountable officer signs in by email link, bids into an open round, makes a mistake and
corrects it, signs the bid off and submits it: once with JavaScript and once without, with
axe-core on every page."""

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
from .steps import fill_in_a_bid, sign_in_by_email, sign_off_and_submit


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

    fill_in_a_bid(
        page,
        check,
        title="Family Safeguarding in Leeds",
        focus_area="Rethinking children's social work",
        authority="Leeds",
        outcome="Reducing risk for children",
        staff_year="2027-28",
    )
    sign_off_and_submit(page, check)

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
