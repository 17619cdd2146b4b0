"""A report's page, and the project and innovation pages that link to reports."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from innovation_fund.evidence.models import (
    CostBenefitItem,
    EvaluationReport,
    Finding,
    GdpDeflator,
    ReportDocument,
)
from tests.factories import (
    FindingFactory,
    InnovationFactory,
    OutcomeFactory,
    ProjectFactory,
    UserFactory,
)
from tests.public.library_world import add_finding, make_report

pytestmark = pytest.mark.django_db


def report_url(report) -> str:
    return reverse("public:report_detail", args=[report.slug])


def test_the_report_page_shows_the_report_and_every_field_of_its_findings(client):
    innovation = InnovationFactory(name="Family Safeguarding")
    project = ProjectFactory(name="Hertfordshire Family Safeguarding", innovation=innovation)
    report = make_report(
        projects=[project],
        title="Family Safeguarding Hertfordshire",
        report_number="55",
        summary="What the evaluation found.",
        design="rct",
        published_on=date(2017, 7, 14),
        evaluator_name="University of Bedfordshire",
        url="https://example.org/report-55.pdf",
        evidence_quote="Evaluation Report 55",
    )
    outcome = OutcomeFactory(name="Children in care")
    add_finding(
        report,
        outcome="Looked after children",
        framework_outcome=outcome,
        population="Families with a child on a plan",
        direction=Finding.Direction.NO_EFFECT,
        baseline="120 children",
        result="118 children",
        comparison="121 children",
        effect_size=Decimal("0.3500"),
        effect_size_measure="Cohen's d",
        interval_lower=Decimal("-0.1000"),
        interval_upper=Decimal("0.8000"),
        interval_level=95,
        sample_size=1200,
        period="2015 to 2017",
        evidence_scale="maryland",
        evidence_level="5",
        evidence_rating="RCT",
    )
    response = client.get(report_url(report))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Evaluation Report 55",
        "Family Safeguarding Hertfordshire",
        "What the evaluation found.",
        "Randomised controlled trial",
        "14 July 2017",
        "University of Bedfordshire",
        reverse("public:project_detail", args=[project.slug]),
        reverse("public:innovation_detail", args=[innovation.slug]),
        "No measurable effect",
        "Looked after children",
        "In the programme's outcome framework: Children in care",
        "Families with a child on a plan",
        "120 children",
        "118 children",
        "121 children",
        "0.35 (Cohen&#x27;s d; 95% interval -0.1 to 0.8)",
        "1200",
        "2015 to 2017",
        "Maryland Scientific Methods Scale: Level 5",
        "A randomised controlled trial.",
        "https://example.org/report-55.pdf",
    ]:
        assert text in page, text


def test_month_precision_dates_show_the_month(client):
    report = make_report(
        published_on=date(2016, 7, 1), precision=EvaluationReport.DatePrecision.MONTH
    )
    page = client.get(report_url(report)).content.decode()
    assert "July 2016" in page
    assert "1 July 2016" not in page


@pytest.mark.parametrize(
    "state",
    [
        EvaluationReport.State.DRAFT,
        EvaluationReport.State.SUBMITTED,
        EvaluationReport.State.CHANGES_REQUESTED,
        EvaluationReport.State.ACCEPTED,
    ],
)
def test_an_unpublished_report_is_not_found(client, state):
    report = make_report(state=state)
    assert client.get(report_url(report)).status_code == 404


def test_a_demonstration_report_is_not_found(client):
    report = make_report(demonstration=True)
    assert client.get(report_url(report)).status_code == 404


def test_an_unpublished_project_is_not_named_on_a_published_report(client):
    hidden = ProjectFactory(name="Hidden project", is_published=False)
    report = make_report(projects=[hidden, ProjectFactory(name="Open project")])
    page = client.get(report_url(report)).content.decode()
    assert "Open project" in page
    assert "Hidden project" not in page


def test_the_project_page_lists_its_published_reports_and_their_findings_only(client):
    project = ProjectFactory()
    published = make_report(projects=[project], title="The published one")
    add_finding(published, outcome="Published outcome", direction=Finding.Direction.NEGATIVE)
    accepted = make_report(
        projects=[project], title="The accepted one", state=EvaluationReport.State.ACCEPTED
    )
    add_finding(accepted, outcome="Not yet public outcome")
    demo = make_report(projects=[project], title="The made up one", demonstration=True)
    add_finding(demo, outcome="Made up outcome")
    FindingFactory(project=project, outcome="Loaded outcome")

    page = client.get(reverse("public:project_detail", args=[project.slug])).content.decode()
    assert "Evaluation reports" in page
    assert "The published one" in page
    assert reverse("public:report_detail", args=[published.slug]) in page
    assert "Published outcome" in page
    assert "Loaded outcome" in page
    assert "Negative" in page
    for hidden in ["The accepted one", "Not yet public outcome", "The made up one", "Made up"]:
        assert hidden not in page

    accepted.state = EvaluationReport.State.PUBLISHED
    accepted.save()
    page = client.get(reverse("public:project_detail", args=[project.slug])).content.decode()
    assert "The accepted one" in page
    assert "Not yet public outcome" in page


def test_the_innovation_page_shows_evidence_from_all_its_evaluations(client):
    innovation = InnovationFactory(slug="family-safeguarding")
    first = ProjectFactory(innovation=innovation)
    second = ProjectFactory(innovation=innovation)
    one = make_report(projects=[first], title="First evaluation")
    add_finding(one, outcome="Outcome from first", direction=Finding.Direction.POSITIVE)
    two = make_report(projects=[second], title="Second evaluation")
    add_finding(two, outcome="Outcome from second", direction=Finding.Direction.NEGATIVE)
    add_finding(two, outcome="Another from second", direction=Finding.Direction.NO_EFFECT)
    unpublished = make_report(
        projects=[second], title="Unpublished evaluation", state=EvaluationReport.State.SUBMITTED
    )
    add_finding(unpublished, outcome="Outcome not yet public")
    FindingFactory(project=None, project_label="Loaded", innovation=innovation, outcome="Loaded")

    url = reverse("public:innovation_detail", args=["family-safeguarding"])
    page = client.get(url).content.decode()
    assert "Evidence from all its evaluations" in page
    assert "First evaluation" in page and "Second evaluation" in page
    for outcome in ["Outcome from first", "Outcome from second", "Another from second", "Loaded"]:
        assert outcome in page
    assert "4 findings from its evaluations:" in page
    assert "1 positive, 1 no measurable effect, 1 negative, 0 mixed, 1 direction not known" in page
    assert "Unpublished evaluation" not in page
    assert "Outcome not yet public" not in page


def test_the_evidence_page_links_to_the_library(client):
    page = client.get(reverse("public:evidence")).content.decode()
    assert reverse("public:library") in page
    assert "later release" not in page


def _deflators():
    for year, index in [(2015, "80.0000"), (2019, "100.0000")]:
        GdpDeflator.objects.create(
            financial_year=year,
            index=Decimal(index),
            base_year="2019-20=100",
            release="Test release, March 2026",
            source_url="https://example.org/deflators",
        )


def test_costs_and_benefits_are_shown_in_one_price_year_with_the_calculation(client):
    _deflators()
    report = make_report(price_year=2019)
    CostBenefitItem.objects.create(
        report=report, kind="cost", description="Staff", amount_pence=1_000_00, price_year=2015
    )
    CostBenefitItem.objects.create(
        report=report,
        kind="benefit",
        description="Fewer days in care",
        amount_pence=2_500_00,
        price_year=2019,
    )
    page = client.get(report_url(report)).content.decode()
    for text in [
        "2015-16 prices",
        "Everything in 2019-20 prices",
        "£1,000 (2015-16 prices) × 100.0000 ÷ 80.0000 = £1,250 (2019-20 prices)",
        "£2,500 − £1,250 = £1,250",
        "£2,500 ÷ £1,250 = 2.00",
        "Test release, March 2026",
    ]:
        assert text in page, text


def test_a_price_year_outside_the_series_is_refused_not_extrapolated(client):
    _deflators()
    report = make_report(price_year=2019)
    CostBenefitItem.objects.create(
        report=report, kind="cost", description="Staff", amount_pence=1_000_00, price_year=2009
    )
    page = client.get(report_url(report)).content.decode()
    assert "They are not shown in one price year." in page
    assert "is outside them and is not extrapolated" in page
    assert "Everything in 2019-20 prices" not in page


def test_a_published_reports_documents_are_linked_for_download(client):
    try:
        reverse("public:report_document", args=["a-report", 1])
    except NoReverseMatch:
        pytest.skip("public:report_document (the download view) is not added yet")
    report = make_report()
    document = ReportDocument.objects.create(
        report=report,
        file=f"evaluations/{report.pk}/abc",
        original_name="final-report.pdf",
        content_type="application/pdf",
        size_bytes=2048,
        sha256="abc",
        description="The final report",
        uploaded_by=UserFactory(),
    )
    page = client.get(report_url(report)).content.decode()
    assert "The final report" in page
    assert reverse("public:report_document", args=[report.slug, document.pk]) in page
