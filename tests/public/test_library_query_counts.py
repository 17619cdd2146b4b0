"""The library's pages make the same number of queries whatever the number of reports."""

from decimal import Decimal
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.core.models import Source
from innovation_fund.evidence.models import CostBenefitItem, Finding, GdpDeflator
from tests.factories import InnovationFactory, OutcomeFactory, ProjectFactory, RoundFactory
from tests.public.library_world import add_finding, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return {
        "innovation": InnovationFactory(slug="the-innovation"),
        "round": RoundFactory(slug="the-round"),
        "outcome": OutcomeFactory(slug="the-outcome"),
    }


def grow(world, reports: int) -> list:
    made = []
    for index in range(reports):
        projects = [
            ProjectFactory(innovation=world["innovation"], round=world["round"]) for _ in range(2)
        ]
        report = make_report(projects=projects, design="rct")
        for direction in [Finding.Direction.POSITIVE, Finding.Direction.NEGATIVE]:
            finding = add_finding(
                report,
                direction=direction,
                framework_outcome=world["outcome"],
                innovation=world["innovation"],
                evidence_scale="maryland",
                evidence_level=str(index % 5 + 1),
            )
            source = Source.objects.create(url=f"https://example.org/{report.slug}/{direction}")
            finding.sources.add(source)
        report.sources.add(Source.objects.create(url=f"https://example.org/{report.slug}"))
        made.append(report)
    return made


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


LIBRARY_URLS = [
    reverse("public:library"),
    reverse("public:library") + "?sort=number&page=1",
    reverse("public:library")
    + "?q=report+things&outcome=framework:the-outcome&direction=negative&rating=maryland:1"
    + "&innovation=the-innovation&round=the-round&year=2017",
]


@pytest.mark.parametrize("url", LIBRARY_URLS)
def test_the_library_makes_a_fixed_number_of_queries(client, world, url):
    grow(world, 3)
    small = queries_for(client, url)
    grow(world, 27)
    large = queries_for(client, url)
    assert large == small, f"{url}: {small} queries with 3 reports, {large} with 30"


def test_a_report_page_makes_a_fixed_number_of_queries(client, world):
    (report,) = grow(world, 1)
    report.price_year = 2019
    report.save()
    for year in (2015, 2019):
        GdpDeflator.objects.create(
            financial_year=year,
            index=Decimal(year - 1900),
            base_year="x",
            release="r",
            source_url="https://example.org/d",
        )
    add_cost = partial(CostBenefitItem.objects.create, report=report, price_year=2015)
    add_cost(kind="cost", description="Staff", amount_pence=100)
    url = reverse("public:report_detail", args=[report.slug])
    small = queries_for(client, url)
    for _ in range(9):
        add_cost(kind="benefit", description="Saved", amount_pence=500)
        finding = add_finding(report, evidence_scale="eif", evidence_level="3")
        finding.sources.add(Source.objects.create(url=f"https://example.org/{finding.pk}"))
        report.evaluation.projects.add(ProjectFactory(innovation=InnovationFactory()))
    grow(world, 10)
    assert queries_for(client, url) == small


def test_project_and_innovation_pages_make_a_fixed_number_of_queries(client, world):
    project = ProjectFactory(innovation=world["innovation"], round=world["round"])
    add_finding(make_report(projects=[project]))
    grow(world, 2)
    urls = [
        reverse("public:project_detail", args=[project.slug]),
        reverse("public:innovation_detail", args=["the-innovation"]) + "?year=2020",
    ]
    small = [queries_for(client, url) for url in urls]
    for _ in range(5):
        add_finding(make_report(projects=[project]))
    grow(world, 10)
    assert [queries_for(client, url) for url in urls] == small
