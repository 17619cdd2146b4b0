"""A programme manager imports other funders' 360Giving files, and the public sees the grants:
a file with errors is reported and refused, a real file is imported, and the authority and
organisation pages show what matched. Accessibility is checked on every page."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Page, expect

from innovation_fund.otherfunders.models import OtherFunderGrant, OtherFunderGrantLocation
from innovation_fund.programmes.models import Programme, ProgrammeRole
from tests.factories import ProgrammeRoleFactory
from tests.helpers import signed_in

from .axe import assert_accessible

SAMPLES = settings.OPENDATA_STANDARD_DIR / "samples"


@pytest.fixture
def manager(transactional_db):
    call_command("load_demo_data", verbosity=0)
    return ProgrammeRoleFactory(
        programme=Programme.objects.first(), role=ProgrammeRole.Role.PROGRAMME_MANAGER
    ).user


def upload(page: Page, path, publisher: str) -> None:
    page.get_by_label("360Giving file").set_input_files(str(path))
    page.get_by_label("Who published it").fill(publisher)
    page.get_by_role("button", name="Upload and check").click()


def test_a_manager_imports_a_file_and_the_public_sees_its_grants(page: Page, live_server, manager):
    signed_in(page, live_server, manager)
    page.goto(live_server.url + "/manage/other-funders/")
    assert_accessible(page)

    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a 360Giving file")
    assert_accessible(page)

    upload(page, SAMPLES / "validator-fixtures" / "codelist.csv", "A test publisher")
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "This file has errors, so none of its grants can be imported"
    )
    expect(page.get_by_text("'BAD' is not in the regrantType codelist")).to_be_visible()
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    assert_accessible(page)

    page.goto(live_server.url + "/manage/other-funders/")
    upload(page, SAMPLES / "alwf-a003W000001B7PzQAK.json", "Andrew Lloyd Webber Foundation")
    expect(page.get_by_text("The file has no errors")).to_be_visible()
    expect(page.get_by_role("cell", name="BeneficiaryLocationNameButNoCode")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Import 475 grants").click()
    expect(page.get_by_text("475 added, 0 changed, 0 unchanged").first).to_be_visible()
    assert OtherFunderGrant.objects.count() == 475

    borough = OtherFunderGrantLocation.objects.filter(authority__isnull=False).first().authority
    page.goto(f"{live_server.url}/local-authorities/{borough.slug}/")
    expect(page.get_by_role("heading", name="Other funders’ grants")).to_be_visible()
    expect(page.get_by_text("Andrew Lloyd Webber Foundation’s file").first).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/projects/round-1-torbay-council/")
    page.locator(".govuk-summary-list").get_by_role("link", name="Torbay Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Torbay Council")
    expect(page.get_by_role("heading", name="Other funders’ grants")).to_be_visible()
    assert_accessible(page)

    # Signing out is a button on its own page, so a link elsewhere cannot sign anyone out.
    page.get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto(live_server.url + "/manage/other-funders/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))
