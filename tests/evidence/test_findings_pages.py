"""The evaluator's finding pages with the test client: add, rate in two steps, and the
findings table; others' reports are 404; wrong answers come back with what was typed."""

import pytest
from django.urls import reverse

from innovation_fund.evidence.models import Finding
from tests.helpers import sign_in, tables_outside_scroll_regions

from .findings_costs_data import another_evaluator, evaluator_of, report_with_deflators

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return report_with_deflators()


@pytest.fixture
def evaluator(client, report):
    user = evaluator_of(report)
    sign_in(client, user)
    return user


ANSWERS = {
    "outcome": "Children looked after",
    "population": "Children in need",
    "direction": "no_effect",
    "result": "No difference in days in care",
    "sample_size": "240",
}


def test_adding_a_finding_then_rating_it_in_two_steps(client, report, evaluator):
    page = client.get(reverse("evaluator:finding_add", args=[report.pk]))
    assert page.status_code == 200
    assert "No measurable effect" in page.content.decode()

    response = client.post(reverse("evaluator:finding_add", args=[report.pk]), ANSWERS)
    finding = Finding.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("evaluator:finding_scale", args=[finding.pk])

    scale_page = client.get(response.url).content.decode()
    assert "Maryland Scientific Methods Scale" in scale_page
    assert "Ranks an impact evaluation by how well its method deals with selection bias" in (
        scale_page
    )
    response = client.post(reverse("evaluator:finding_scale", args=[finding.pk]), {"scale": "eif"})
    assert response.url == reverse("evaluator:finding_level", args=[finding.pk, "eif"])

    level_page = client.get(response.url).content.decode()
    assert "NE (found not to be effective)" in level_page
    assert "An evaluation of level 3 rigour found no improvement" in level_page
    response = client.post(response.url, {"level": "NE"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.evidence_scale, finding.evidence_level) == ("eif", "NE")


def test_no_level_chosen_is_an_error_at_the_field(client, report, evaluator):
    client.post(reverse("evaluator:finding_add", args=[report.pk]), ANSWERS)
    finding = Finding.objects.get()
    url = reverse("evaluator:finding_level", args=[finding.pk, "maryland"])
    page = client.post(url, {}).content.decode()
    assert "There is a problem" in page
    assert "Choose a level on the Maryland Scientific Methods Scale" in page
    assert 'href="#id_level"' in page


def test_wrong_answers_come_back_with_what_was_typed(client, report, evaluator):
    answers = {**ANSWERS, "direction": "", "effect_size": "big", "interval_level": "150"}
    page = client.post(reverse("evaluator:finding_add", args=[report.pk]), answers)
    html = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in html
    assert "Choose positive, no measurable effect, negative or mixed" in html
    assert "Effect size must be a number, like 0.25 or -1.5" in html
    assert "Interval level must be between 1 and 99" in html
    assert 'value="Children looked after"' in html
    assert 'value="big"' in html
    assert not Finding.objects.exists()


def test_another_evaluators_report_is_not_found(client, report):
    sign_in(client, another_evaluator(report))
    assert client.get(reverse("evaluator:finding_add", args=[report.pk])).status_code == 404
    response = client.post(reverse("evaluator:finding_add", args=[report.pk]), ANSWERS)
    assert response.status_code == 404
    assert not Finding.objects.exists()


def test_signed_out_is_sent_to_sign_in(client, report):
    response = client.get(reverse("evaluator:finding_add", args=[report.pk]))
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response.url


def test_the_findings_table_shows_every_direction_plainly(client, report, evaluator):
    for direction in ("negative", "positive", "mixed", "no_effect"):
        client.post(
            reverse("evaluator:finding_add", args=[report.pk]),
            {**ANSWERS, "outcome": f"Outcome {direction}", "direction": direction},
        )
    first = Finding.objects.get(outcome="Outcome negative")
    client.post(reverse("evaluator:finding_level", args=[first.pk, "maryland"]), {"level": "3"})
    html = client.get(reverse("evaluator:report", args=[report.pk])).content.decode()
    for label in ("Negative", "Positive", "Mixed", "No measurable effect"):
        assert f'<td class="govuk-table__cell">{label}</td>' in html
    # In the order added: the negative finding first, not sorted last.
    assert html.index("Outcome negative") < html.index("Outcome positive")
    assert "Maryland SMS: Level 3" in html
    assert tables_outside_scroll_regions(html) == []


@pytest.mark.parametrize(
    "url_name",
    ["evaluator:finding_add", "evaluator:cost_benefit_add", "evaluator:unit_cost_benefit_add"],
)
def test_each_form_page_has_one_main_heading(client, report, evaluator, url_name):
    page = client.get(reverse(url_name, args=[report.pk])).content.decode()
    assert page.count("<h1") == 1
