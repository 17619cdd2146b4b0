"""The evaluation library lists every published report, and only those; each filter narrows it."""

from datetime import date

import pytest
from django.urls import reverse

from innovation_fund.evidence.models import EvaluationReport, Finding
from innovation_fund.public.library_views import REPORTS_PER_PAGE
from tests.factories import (
    InnovationFactory,
    OrganisationFactory,
    OutcomeFactory,
    ProjectFactory,
    RoundFactory,
)
from tests.public.library_world import add_finding, make_report

pytestmark = pytest.mark.django_db

LIBRARY = reverse("public:library")


def listed(client, query: str = "") -> list[str]:
    response = client.get(LIBRARY + query)
    assert response.status_code == 200
    return [entry.report.slug for entry in response.context["entries"]]


def test_every_published_report_is_listed_with_what_it_found(client):
    innovation = InnovationFactory(name="Family Safeguarding")
    project = ProjectFactory(name="Hertfordshire Family Safeguarding", innovation=innovation)
    report = make_report(
        projects=[project],
        title="Family Safeguarding Hertfordshire: evaluation report",
        report_number="55",
        design="quasi_experimental",
        published_on=date(2016, 7, 1),
        precision=EvaluationReport.DatePrecision.MONTH,
        evaluator_name="University of Bedfordshire",
    )
    add_finding(
        report,
        direction=Finding.Direction.POSITIVE,
        evidence_scale="maryland",
        evidence_level="3",
    )
    add_finding(report, direction=Finding.Direction.NO_EFFECT)
    add_finding(report, direction=Finding.Direction.NEGATIVE)

    response = client.get(LIBRARY)
    page = response.content.decode()
    assert "1 report" in page
    assert "Evaluation Report 55: Family Safeguarding Hertfordshire: evaluation report" in page
    assert "Hertfordshire Family Safeguarding" in page
    assert reverse("public:innovation_detail", args=[innovation.slug]) in page
    assert "University of Bedfordshire" in page
    assert "July 2016" in page
    assert "Quasi-experimental, with a comparison group" in page
    assert "Maryland SMS: Level 3" in page
    assert "3 findings: 1 positive, 1 no measurable effect, 1 negative" in page


def test_an_evaluator_that_is_an_organisation_is_named(client):
    report = make_report(evaluator_name="")
    report.evaluation.evaluator = OrganisationFactory(name="Ipsos MORI")
    report.evaluation.save()
    assert "Ipsos MORI" in client.get(LIBRARY).content.decode()


def test_a_report_with_no_date_says_not_known(client):
    make_report(published_on=None, url="https://example.org/report.pdf")
    page = client.get(LIBRARY).content.decode()
    assert "Not known" in page


@pytest.mark.parametrize(
    "state",
    [
        EvaluationReport.State.DRAFT,
        EvaluationReport.State.SUBMITTED,
        EvaluationReport.State.CHANGES_REQUESTED,
        EvaluationReport.State.ACCEPTED,
    ],
)
def test_an_unpublished_report_is_not_listed(client, state):
    published = make_report()
    hidden = make_report(state=state, title="Secret unpublished report")
    add_finding(hidden, outcome="Secret outcome")
    response = client.get(LIBRARY)
    assert listed(client) == [published.slug]
    assert "Secret" not in response.content.decode()


def test_a_demonstration_report_is_not_listed(client):
    published = make_report()
    make_report(demonstration=True, title="Made up report")
    assert listed(client) == [published.slug]
    assert "Made up report" not in client.get(LIBRARY).content.decode()


def test_newest_first_by_default_and_by_report_number_when_asked(client):
    old = make_report(published_on=date(2016, 1, 1), report_number="9")
    new = make_report(published_on=date(2019, 1, 1), report_number="55")
    undated = make_report(published_on=None, report_number="3", url="https://example.org/r")
    assert listed(client) == [new.slug, old.slug, undated.slug]
    assert listed(client, "?sort=number") == [undated.slug, old.slug, new.slug]


def test_reports_with_null_or_negative_findings_are_not_put_last(client):
    negative = make_report(published_on=date(2019, 1, 1))
    add_finding(negative, direction=Finding.Direction.NEGATIVE)
    positive = make_report(published_on=date(2018, 1, 1))
    add_finding(positive, direction=Finding.Direction.POSITIVE)
    assert listed(client) == [negative.slug, positive.slug]


def test_search_words_match_title_summary_project_and_evaluator(client):
    by_title = make_report(title="Staying Close evaluation")
    by_summary = make_report(summary="Young people leaving residential care")
    by_project = make_report(projects=[ProjectFactory(name="Mockingbird scale-up")])
    by_evaluator = make_report(evaluator_name="Rees Centre, University of Oxford")
    make_report(title="Something else entirely")
    assert listed(client, "?q=staying+close") == [by_title.slug]
    assert listed(client, "?q=residential") == [by_summary.slug]
    assert listed(client, "?q=mockingbird") == [by_project.slug]
    assert listed(client, "?q=rees+oxford") == [by_evaluator.slug]
    assert listed(client, "?q=staying+oxford") == []


def test_search_does_not_find_a_report_by_an_unpublished_projects_name(client):
    make_report(projects=[ProjectFactory(name="Hidden project", is_published=False)])
    assert listed(client, "?q=hidden") == []


def test_outcome_filter_matches_framework_outcome_or_outcome_text(client):
    outcome = OutcomeFactory(name="Children in care", slug="children-in-care")
    linked = make_report()
    add_finding(linked, framework_outcome=outcome, outcome="Looked after children")
    named = make_report()
    add_finding(named, outcome="Children in care")
    words_only = make_report()
    add_finding(words_only, outcome="School attendance")
    other = make_report()
    add_finding(other, outcome="Something else")

    response = client.get(LIBRARY)
    choices = dict(response.context["form"].fields["outcome"].choices)
    assert choices["framework:children-in-care"] == "Children in care"
    assert choices["text:School attendance"] == "School attendance (as a report names it)"
    assert "text:Children in care" not in choices

    assert set(listed(client, "?outcome=framework:children-in-care")) == {linked.slug, named.slug}
    assert listed(client, "?outcome=text:School+attendance") == [words_only.slug]


def test_direction_filter(client):
    positive = make_report()
    add_finding(positive, direction=Finding.Direction.POSITIVE)
    null = make_report()
    add_finding(null, direction=Finding.Direction.NO_EFFECT)
    negative = make_report()
    add_finding(negative, direction=Finding.Direction.NEGATIVE)
    unknown = make_report()
    add_finding(unknown, direction="")
    assert listed(client, "?direction=no_effect") == [null.slug]
    assert listed(client, "?direction=negative") == [negative.slug]
    assert listed(client, "?direction=positive") == [positive.slug]
    assert listed(client, "?direction=not-known") == [unknown.slug]


def test_outcome_and_direction_must_hold_for_the_same_finding(client):
    report = make_report()
    add_finding(report, outcome="Re-referrals", direction=Finding.Direction.POSITIVE)
    add_finding(report, outcome="Days in care", direction=Finding.Direction.NEGATIVE)
    assert listed(client, "?outcome=text:Re-referrals&direction=positive") == [report.slug]
    assert listed(client, "?outcome=text:Re-referrals&direction=negative") == []


def test_rating_filter(client):
    level_three = make_report()
    add_finding(level_three, evidence_scale="maryland", evidence_level="3")
    eif = make_report()
    add_finding(eif, evidence_scale="eif", evidence_level="2+")
    assert listed(client, "?rating=maryland:3") == [level_three.slug]
    assert listed(client, "?rating=eif:2%2B") == [eif.slug]
    assert listed(client, "?rating=maryland:5") == []


def test_innovation_filter_by_project_or_finding(client):
    innovation = InnovationFactory(slug="mockingbird")
    by_project = make_report(projects=[ProjectFactory(innovation=innovation)])
    by_finding = make_report()
    add_finding(by_finding, innovation=innovation)
    make_report(projects=[ProjectFactory(innovation=InnovationFactory())])
    assert set(listed(client, "?innovation=mockingbird")) == {by_project.slug, by_finding.slug}


def test_round_filter(client):
    round_two = RoundFactory(slug="round-two-library", name="Round Two")
    in_round_two = make_report(projects=[ProjectFactory(round=round_two)])
    make_report(projects=[ProjectFactory()])
    assert listed(client, "?round=round-two-library") == [in_round_two.slug]


def test_year_filter_offers_only_years_with_published_reports(client):
    in_2016 = make_report(published_on=date(2016, 7, 1))
    make_report(published_on=date(2018, 1, 1))
    make_report(published_on=date(2012, 1, 1), state=EvaluationReport.State.ACCEPTED)
    response = client.get(LIBRARY)
    years = [value for value, _ in response.context["form"].fields["year"].choices]
    assert years == ["", "2018", "2016"]
    assert listed(client, "?year=2016") == [in_2016.slug]


def test_a_filter_not_on_the_list_is_an_error_and_the_rest_still_apply(client):
    make_report(published_on=date(2016, 7, 1))
    response = client.get(LIBRARY + "?year=1999&rating=nonsense:9")
    page = response.content.decode()
    assert "Select a year from the list" in page
    assert "Select an evidence rating from the list" in page
    assert len(response.context["entries"]) == 1


def test_active_filters_are_shown_with_links_to_remove_them(client):
    make_report(published_on=date(2016, 7, 1))
    page = client.get(LIBRARY + "?year=2016&direction=negative").content.decode()
    assert "year published: <strong>2016</strong>" in page
    assert "?direction=negative" in page


def test_pages_of_results(client):
    for day in range(1, REPORTS_PER_PAGE + 3):
        make_report(published_on=date(2017, 1, day))
    first = client.get(LIBRARY)
    assert len(first.context["entries"]) == REPORTS_PER_PAGE
    assert f"{REPORTS_PER_PAGE + 2} reports" in first.content.decode()
    second = client.get(LIBRARY + "?page=2")
    assert len(second.context["entries"]) == 2
    too_far = client.get(LIBRARY + "?page=9")
    assert "There is no page 9: there are 2 pages of results" in too_far.content.decode()


def test_findings_are_listed_only_after_their_report_is_published(client):
    report = make_report(state=EvaluationReport.State.ACCEPTED, title="Soon to be published")
    add_finding(report, outcome="Placement stability", direction=Finding.Direction.NEGATIVE)
    assert listed(client, "?direction=negative") == []
    assert "Placement stability" not in client.get(reverse("public:evidence")).content.decode()
    report.state = EvaluationReport.State.PUBLISHED
    report.save()
    assert listed(client, "?direction=negative") == [report.slug]
    assert "Placement stability" in client.get(reverse("public:evidence")).content.decode()


def test_search_finds_a_report_by_its_number(client):
    numbered = make_report(
        report_number="03",
        title="Numbered",
        projects=[ProjectFactory(name="Alpha", lead_organisation__name="Alpha org")],
    )
    unnumbered = make_report(
        report_number="",
        title="Unnumbered",
        projects=[ProjectFactory(name="Beta", lead_organisation__name="Beta org")],
    )
    assert listed(client, "?q=3") == [numbered.slug]
    assert listed(client, "?q=03") == [numbered.slug]
    # A blank report number is never matched by a word of zeros.
    assert unnumbered.slug not in listed(client, "?q=00")
