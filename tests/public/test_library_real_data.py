"""The real reports, as loaded from the programme's files, in the evaluation library."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from innovation_fund.demo.loaders import load_programme
from innovation_fund.evidence.models import EvaluationReport

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_places", stdout=io.StringIO())
        yield load_programme()
        transaction.set_rollback(True)


def test_every_loaded_report_is_in_the_library_and_has_a_page(client, loaded):
    reports = list(EvaluationReport.objects.published())
    assert reports
    response = client.get(reverse("public:library") + "?page=1")
    assert response.status_code == 200
    assert f"{len(reports)} report" in response.content.decode()
    for report in reports:
        page = client.get(reverse("public:report_detail", args=[report.slug]))
        assert page.status_code == 200, report.slug
        assert report.title in page.content.decode().replace("&#x27;", "'").replace("&amp;", "&")


def test_a_report_dated_only_by_month_shows_the_month(client, loaded):
    aycliffe = EvaluationReport.objects.get(report_number="03")
    page = client.get(reverse("public:report_detail", args=[aycliffe.slug])).content.decode()
    assert "July 2016" in page
    assert "Sara Scott" in page
