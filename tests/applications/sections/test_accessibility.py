"""The partners, places, innovation and outcomes pages pass axe-core's WCAG 2.2 AA rules, with
and without errors shown, and each can be answered with JavaScript off."""

import re

import pytest
from playwright.sync_api import Page, expect

from innovation_fund.applications.models import Application, ApplicationPartner
from tests.browser.axe import assert_accessible
from tests.factories import (
    ApplicationFactory,
    FindingFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    OutcomeFactory,
    ProjectFactory,
    RegionFactory,
)
from tests.helpers import signed_in

from .support import section_url

pytestmark = [pytest.mark.browser]


@pytest.fixture
def setting(transactional_db):
    bid = ApplicationFactory(title="Family hubs")
    editor = MembershipFactory(organisation=bid.lead_organisation).user
    yorkshire = RegionFactory(name="Yorkshire and The Humber")
    LocalAuthorityFactory(name="Leeds", region=yorkshire)
    LocalAuthorityFactory(name="York", region=yorkshire)
    LocalAuthorityFactory(name="Luton", region=RegionFactory(name="East of England"))
    OrganisationFactory(name="Barnardo's")
    ApplicationPartner.objects.create(
        application=bid, name="Hope Trust", organisation_type="charity", role="Mentoring"
    )
    for position, name in enumerate(["Reducing risk for children", "Creating greater stability"]):
        OutcomeFactory(programme=bid.round.programme, name=name, position=position)
    innovation = InnovationFactory(name="Family Safeguarding")
    project = ProjectFactory(name="Hertfordshire Family Safeguarding", innovation=innovation)
    FindingFactory(project=project, innovation=innovation, outcome="Children looked after")
    return bid, editor, innovation


def test_the_pages_are_accessible_with_and_without_errors(page: Page, live_server, setting):
    bid, editor, innovation = setting
    Application.objects.filter(pk=bid.pk).update(
        innovation_kind="scale_up", innovation=innovation, innovation_description="Adapted"
    )
    signed_in(page, live_server, editor)
    buttons = {
        "partners": "Add partner",
        "places": "Save and continue",
        "innovation": "Save and continue",
        "outcomes": "Save and continue",
    }
    for slug, button in buttons.items():
        page.goto(live_server.url + section_url(bid, slug))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        if slug == "innovation":
            page.get_by_label("A new practice model").check()
        page.get_by_role("button", name=button).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page)


def test_answering_each_page_with_javascript_off(page_without_js: Page, live_server, setting):
    bid, editor, innovation = setting
    page = signed_in(page_without_js, live_server, editor)

    page.goto(live_server.url + section_url(bid, "partners"))
    page.get_by_label("Choose a registered organisation").select_option(label="Barnardo's")
    page.get_by_label("What will the partner do in the project?").fill("Family support")
    page.get_by_role("button", name="Add partner").click()
    expect(page.get_by_text("Barnardo's has been added as a partner.")).to_be_visible()
    page.get_by_role("button", name="Remove Hope Trust").click()
    expect(page.get_by_text("Hope Trust has been removed from the partners.")).to_be_visible()
    page.get_by_role("button", name="I have added all the partners").click()
    expect(page.get_by_text("Partners: your answers have been saved.")).to_be_visible()

    page.goto(live_server.url + section_url(bid, "places"))
    page.get_by_label("Leeds").check()
    page.get_by_label("Luton").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(
        page.get_by_text("Where the work happens: your answers have been saved.")
    ).to_be_visible()

    page.goto(live_server.url + section_url(bid, "innovation"))
    page.get_by_label("A scale-up of an existing innovation").check()
    page.get_by_label("Which innovation will the project scale up?").select_option(
        label="Family Safeguarding"
    )
    page.get_by_label("How will the innovation be adapted?").fill("For a rural county")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("The innovation: your answers have been saved.")).to_be_visible()
    page.goto(live_server.url + section_url(bid, "innovation"))
    expect(
        page.get_by_role("heading", name="Evidence held for Family Safeguarding")
    ).to_be_visible()

    page.goto(live_server.url + section_url(bid, "outcomes"))
    page.get_by_role("checkbox", name="Creating greater stability").check()
    page.get_by_role("textbox", name=re.compile("measure it.*Creating greater stability")).fill(
        "Moves"
    )
    page.get_by_role("textbox", name=re.compile("Baseline.*Creating greater stability")).fill("3")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a target for Creating greater stability"
    )
    page.get_by_label(
        "Target: where the project aims to get to for Creating greater stability"
    ).fill("1")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Outcomes: your answers have been saved.")).to_be_visible()

    bid.refresh_from_db()
    assert [p.partner_name for p in bid.partners.all()] == ["Barnardo's"]
    assert sorted(p.authority.name for p in bid.places.all()) == ["Leeds", "Luton"]
    assert bid.innovation == innovation
    assert [(o.outcome.name, o.target) for o in bid.outcomes.all()] == [
        ("Creating greater stability", "1")
    ]
