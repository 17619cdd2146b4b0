"""The public insight pages and the Atom feed."""

import xml.etree.ElementTree as ElementTree
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.evidence.models import EvaluationReport
from innovation_fund.insights import services
from tests.factories import InnovationFactory, OutcomeFactory, ProgrammeFactory, ProjectFactory

from .builders import draft, manager_of, published, published_report

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _list(client) -> str:
    return client.get(reverse("public:insight_list")).content.decode()


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def user(programme):
    return manager_of(programme)


def test_an_insight_is_public_only_while_published(client, programme, user):
    insight = draft(user, programme, title="Keeping families together")
    url = reverse("public:insight_detail", args=[insight.slug])
    assert client.get(url).status_code == 404
    assert "Keeping families together" not in _list(client)

    services.publish_insight(user, insight)
    response = client.get(url)
    assert response.status_code == 200
    assert "Keeping families together" in response.content.decode()
    assert "Keeping families together" in _list(client)

    services.unpublish_insight(user, insight)
    assert client.get(url).status_code == 404
    assert "Keeping families together" not in _list(client)


def test_the_body_is_sanitised(client, programme, user):
    insight = published(
        user,
        programme,
        body=(
            "Before <script>alert('x')</script> after\n\n"
            '<img src=x onerror="alert(1)">\n\n[a link](javascript:alert(1))'
        ),
    )
    html = client.get(reverse("public:insight_detail", args=[insight.slug])).content.decode()
    body = html[html.index('id="insight-body"') :]
    assert "<script>alert" not in body and "alert('x')" not in body
    assert "onerror" not in body and "<img" not in body
    assert "javascript:" not in body
    assert "Before" in body and "after" in body


def test_the_page_links_only_public_projects_and_names_outcomes(client, programme, user):
    public = ProjectFactory(round__programme=programme, name="Public project")
    hidden = ProjectFactory(round__programme=programme, name="Hidden project", is_published=False)
    innovation = InnovationFactory(name="Signs of Safety")
    outcome = OutcomeFactory(programme=programme, name="Fewer children in care")
    insight = published(
        user,
        programme,
        project_ids=(public.pk, hidden.pk),
        innovation_ids=(innovation.pk,),
        outcome_ids=(outcome.pk,),
    )
    html = client.get(reverse("public:insight_detail", args=[insight.slug])).content.decode()
    assert reverse("public:project_detail", args=[public.slug]) in html
    assert "Hidden project" not in html
    assert reverse("public:innovation_detail", args=[innovation.slug]) in html
    assert "Fewer children in care" in html


def test_the_list_is_newest_first_and_offers_the_feed(client, programme, user):
    published(user, programme, title="Older insight")
    published(user, programme, title="Newer insight")
    html = client.get(reverse("public:insight_list")).content.decode()
    assert html.index("Newer insight") < html.index("Older insight")
    feed = reverse("public:feed")
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{feed}"' in html
    assert 'id="feed-link"' in html
    assert 'href="/insights/"' in html  # the service navigation


def test_the_list_takes_the_same_queries_whatever_the_number_of_insights(client, programme, user):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("public:insight_list")).status_code == 200
        return len(captured)

    for number in range(2):
        published(user, programme, title=f"Insight {number}")
    few = queries()
    for number in range(2, 12):
        published(user, programme, title=f"Insight {number}")
    assert queries() == few


def test_the_feed_is_atom_with_published_insights_and_reports_only(client, programme, user):
    insight = published(user, programme, title="A published insight")
    draft(user, programme, title="A draft insight")
    report = published_report(programme, report_number="55", published_on=date(2020, 7, 1))
    published_report(
        programme, slug="draft-report", title="Draft report", state=EvaluationReport.State.DRAFT
    )

    response = client.get(reverse("public:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text
    assert root.find(f"{ATOM}updated").text
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == ["A published insight", "Evaluation Report 55: Final report"]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links[0].endswith(reverse("public:insight_detail", args=[insight.slug]))
    assert links[1].endswith(reverse("public:report_detail", args=[report.slug]))
    for entry in entries:
        assert entry.find(f"{ATOM}id").text
        assert entry.find(f"{ATOM}updated").text
    assert "draft" not in response.content.decode().lower()


def test_the_feed_takes_the_same_queries_whatever_the_number_of_entries(client, programme, user):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("public:feed")).status_code == 200
        return len(captured)

    published(user, programme, title="Insight 0")
    published_report(programme, slug="report-0", report_number="100")
    few = queries()
    for number in range(1, 11):
        published(user, programme, title=f"Insight {number}")
        published_report(programme, slug=f"report-{number}", report_number=str(100 + number))
    assert queries() == few
