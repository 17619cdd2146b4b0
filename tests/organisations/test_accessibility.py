"""Every organisation page passes axe-core's WCAG 2.2 AA rules, and registering works with
JavaScript off."""

import pytest
from playwright.sync_api import Page, expect

from innovation_fund.organisations import services
from innovation_fund.organisations.models import MemberRole, Membership, Organisation
from tests.browser.axe import assert_accessible
from tests.factories import (
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers import signed_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def people(transactional_db):
    LocalAuthorityFactory(gss_code="E10000015", name="Hertfordshire")
    organisation = OrganisationFactory(name="Kind Hearts Trust", slug="kind-hearts")
    officer = MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="officer@example.org", full_name="Olu Officer"),
        role=MemberRole.ACCOUNTABLE_OFFICER,
    ).user
    editor = MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="editor@example.org", full_name="Eda Editor"),
    ).user
    MembershipFactory(user=officer, organisation=OrganisationFactory(name="Second Org"))
    invitation = services.invite_member(officer, organisation, "new@example.org", "editor")
    return organisation, officer, editor, invitation


def test_the_organisation_pages_are_accessible(page: Page, live_server, people):
    organisation, officer, editor, invitation = people
    signed_in(page, live_server, officer)
    editor_membership = Membership.objects.get(user=editor)
    slug = organisation.slug
    paths = [
        "/organisations/",
        "/organisations/register/",
        f"/organisations/{slug}/",
        f"/organisations/{slug}/edit/",
        f"/organisations/{slug}/members/",
        f"/organisations/{slug}/members/invite/",
        f"/organisations/{slug}/members/{editor_membership.pk}/role/",
        f"/organisations/{slug}/members/{editor_membership.pk}/remove/",
        f"/organisations/{slug}/leave/",  # the last accountable officer: cannot leave
        f"/organisations/invitations/{invitation.token}/",  # the wrong person
    ]
    for path in paths:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(page)

    # Pages showing errors.
    page.goto(live_server.url + "/organisations/register/")
    page.get_by_role("button", name="Register organisation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/organisations/")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    # The invited person's view, and the editor's pages.
    page.context.clear_cookies()
    signed_in(page, live_server, UserFactory(email="new@example.org"))
    page.goto(live_server.url + f"/organisations/invitations/{invitation.token}/")
    expect(page.locator("h1")).to_have_text("Join Kind Hearts Trust")
    assert_accessible(page)
    page.context.clear_cookies()
    signed_in(page, live_server, editor)
    for path in [f"/organisations/{slug}/members/", f"/organisations/{slug}/leave/"]:
        page.goto(live_server.url + path)
        assert_accessible(page)


def test_registering_a_local_authority_with_javascript_off(
    page_without_js: Page, live_server, people
):
    page = signed_in(page_without_js, live_server, UserFactory())
    page.goto(live_server.url + "/organisations/register/")
    page.get_by_label("Organisation name").fill("Hertfordshire County Council")
    page.get_by_label("Local authority", exact=True).first.check()
    page.get_by_role("button", name="Register organisation").click()
    # Forgot the authority and the address: told so, with what was typed kept.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the local authority")
    expect(page.get_by_label("Organisation name")).to_have_value("Hertfordshire County Council")
    page.get_by_role("combobox", name="Local authority").select_option(label="Hertfordshire")
    page.get_by_label("Address line 1").fill("County Hall")
    page.get_by_label("Town or city").fill("Hertford")
    page.get_by_label("Postcode").fill("sg13 8dq")
    page.get_by_role("button", name="Register organisation").click()
    expect(page.locator("h1")).to_have_text("Hertfordshire County Council")
    expect(page.get_by_text("GB-LAE-HRT")).to_be_visible()
    assert Organisation.objects.get(org_id="GB-LAE-HRT").postcode == "SG13 8DQ"
