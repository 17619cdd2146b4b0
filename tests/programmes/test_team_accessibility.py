"""The team pages and the invitation pages pass axe-core's WCAG 2.2 AA rules, errors included.

Browser test: not run by the helper that wrote it (the ground rules keep browser runs to the lead).
"""

import pytest
from playwright.sync_api import Page, expect

from innovation_fund.programmes.models import ProgrammeRole
from innovation_fund.programmes.services import team
from tests.browser.axe import assert_accessible
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory
from tests.helpers import signed_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def team_setting(transactional_db):
    programme = ProgrammeFactory(slug="team-programme", name="Team Programme")
    manager = ProgrammeRoleFactory(programme=programme).user
    assessor = ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.ASSESSOR)
    sent = team.invite(manager, programme, "pending@example.org", [ProgrammeRole.Role.MODERATOR])
    return programme, manager, assessor, sent


def test_the_team_pages_are_accessible(page: Page, live_server, team_setting):
    programme, manager, assessor, sent = team_setting
    signed_in(page, live_server, manager)
    base = f"{live_server.url}/manage/programmes/{programme.pk}/team/"
    for path in [
        base,
        base + "invite/",
        base + f"roles/{assessor.pk}/remove/",
        base + f"invitations/{sent.invitation.pk}/withdraw/",
    ]:
        page.goto(path)
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(page)
    page.goto(base + "invite/")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the email address")
    assert_accessible(page)


def test_the_invitation_pages_are_accessible(page: Page, live_server, team_setting):
    _programme, _manager, _assessor, sent = team_setting
    page.goto(live_server.url + "/" + sent.link.split("/", 3)[3])
    expect(page.get_by_role("button", name="Accept the invitation")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/invitations/not-a-real-token/")
    expect(page.locator("h1")).to_have_text("You cannot use this invitation")
    assert_accessible(page)
