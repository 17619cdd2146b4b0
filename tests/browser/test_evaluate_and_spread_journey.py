"""Evaluate, learn and spread, from the screens.

The programme manager appoints an independent evaluator to a project. The evaluator (browsing
with JavaScript off) writes and submits a plan, which the manager agrees; then writes a final
report with its document, a finding of no measurable effect rated on the Maryland Scientific
Methods Scale, and a cost and a benefit in two price years shown in one, and submits it. A price
year outside HM Treasury's deflator series is refused. The manager accepts the report and
publishes it as Evaluation Report 55. A member of the public (JavaScript off, then on) finds it in
the evaluation library, with its finding and its costs in 2019-20 prices, downloads it, and sees
it in the innovation's evidence. The manager publishes an insight, which appears in the Atom
feed, and records that Luton took the innovation up, which appears on its spread map. axe-core
runs on every page visited with JavaScript on.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from innovation_fund.evidence.models import EvaluationReport, Finding
from innovation_fund.programmes.models import ProgrammeRole
from tests.factories import (
    BoundaryFactory,
    BoundarySetFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    OutcomeFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    ProjectFactory,
    RoundFactory,
    UserFactory,
)

from .evaluate_and_spread_steps import (
    evaluator_writes_and_submits_the_plan,
    evaluator_writes_the_final_report,
    public_finds_the_report_in_the_library,
    team_accepts_and_publishes,
    team_agrees_the_plan,
    team_appoints_the_evaluator,
    team_publishes_an_insight,
    team_records_an_adoption,
)
from .journey_cast import People

PROGRAMME = "Family Futures Programme"
EVALUATOR_ORGANISATION = "Northern Evaluation Partnership"
EVALUATION = "Evaluation of Family Safeguarding in Hertfordshire"
REPORT = "Family Safeguarding: final evaluation"
INNOVATION = "Family Safeguarding"
OUTCOME = "Fewer children looked after"
INSIGHT = "What a null result teaches"


@pytest.fixture
def programme_with_an_evaluator(transactional_db):
    """A programme with a manager, an evaluator organisation whose person holds the evaluator
    role, one published project of an innovation, an outcome, Luton on the map, and HM
    Treasury's GDP deflators loaded from ../shared/data."""
    call_command("load_deflators", verbosity=0)
    programme = ProgrammeFactory(name=PROGRAMME, slug="family-futures")
    manager = UserFactory(email="pat.manager@example.gov.uk", full_name="Pat Manager")
    ProgrammeRoleFactory(programme=programme, user=manager)
    evaluator = UserFactory(email="eve.evaluator@example.org", full_name="Eve Evaluator")
    MembershipFactory(organisation=OrganisationFactory(name=EVALUATOR_ORGANISATION), user=evaluator)
    ProgrammeRoleFactory(programme=programme, user=evaluator, role=ProgrammeRole.Role.EVALUATOR)
    innovation = InnovationFactory(name=INNOVATION, slug="family-safeguarding")
    project = ProjectFactory(
        round=RoundFactory(programme=programme, number=1, name="Round One"),
        name="Family Safeguarding in Hertfordshire",
        innovation=innovation,
    )
    innovation.origin_project = project
    innovation.save()
    OutcomeFactory(programme=programme, name=OUTCOME)
    luton = LocalAuthorityFactory(name="Luton", slug="luton")
    BoundaryFactory(boundary_set=BoundarySetFactory(), authority=luton)
    return {"manager": manager, "evaluator": evaluator, "project": project}


def test_an_evaluation_is_published_learned_from_and_its_innovation_spreads(
    browser: Browser, live_server, programme_with_an_evaluator
):
    base_url = live_server.url
    cast = programme_with_an_evaluator
    team = People(browser, base_url)
    evaluators = People(browser, base_url, java_script_enabled=False)
    public = People(browser, base_url, java_script_enabled=False)

    manager = team.signed_in(cast["manager"].email)
    team_appoints_the_evaluator(
        manager, PROGRAMME, EVALUATOR_ORGANISATION, EVALUATION, cast["project"].name
    )
    evaluator = evaluators.signed_in(cast["evaluator"].email)
    evaluator_writes_and_submits_the_plan(
        evaluator, base_url, EVALUATION, OUTCOME, evaluators.check
    )
    team_agrees_the_plan(manager, EVALUATION)
    evaluator_writes_the_final_report(evaluator, EVALUATION, REPORT, OUTCOME, evaluators.check)

    # Before publication the public sees nothing of it: the library is empty, the page is 404.
    report = EvaluationReport.objects.get(title=REPORT)
    assert report.state == EvaluationReport.State.SUBMITTED
    visitor = public.page_for("visitor")
    visitor.goto(f"{base_url}/evaluations/")
    expect(visitor.locator("#result-count")).to_have_text("0 reports")
    assert not Finding.objects.published().filter(report=report).exists()

    team_accepts_and_publishes(manager, EVALUATION, REPORT, "55")
    public_finds_the_report_in_the_library(
        visitor, base_url, REPORT, "55", INNOVATION, public.check
    )
    # The same pages with JavaScript on, for axe-core.
    public_finds_the_report_in_the_library(
        team.page_for("visitor with JavaScript"), base_url, REPORT, "55", INNOVATION, team.check
    )

    team_publishes_an_insight(manager, base_url, INSIGHT, INNOVATION)
    feed = visitor.goto(f"{base_url}/feed/").text()
    titles = re.findall(r"<title>([^<]*)</title>", feed)
    assert INSIGHT in titles
    assert any("Evaluation Report 55" in title for title in titles)

    team_records_an_adoption(manager, base_url, INNOVATION, "Luton")
    visitor = team.page_for("visitor with JavaScript")
    # Taken up on 2 September 2019: not yet on the map as of 31 March 2019, on it a year later.
    luton = visitor.locator("svg.app-map").get_by_role("link", name=re.compile("^Luton: "))
    visitor.goto(f"{base_url}/innovations/family-safeguarding/?year=2019")
    expect(luton).to_have_accessible_name(re.compile("^Luton: Not known"))
    visitor.goto(f"{base_url}/innovations/family-safeguarding/?year=2020")
    expect(luton).to_have_accessible_name(re.compile("^Luton: (?!Not)"))
    expect(visitor.locator("main")).to_contain_text("2 September 2019")
    team.check(visitor)
