"""7. Evaluation plan: how the project will be evaluated, and by whom if known."""

import pytest

from innovation_fund.applications.sections import BY_SLUG, Status
from tests.applications.sections.support import last_event, loaded, section_url
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

EVALUATION = BY_SLUG["evaluation"]


def url(bid):
    return section_url(bid, "evaluation")


def test_a_plan_and_an_evaluator_are_saved_and_audited(client, bid, editor):
    sign_in(client, editor)
    response = client.post(
        url(bid),
        {"evaluation_plan": "  A matched comparison.  ", "evaluator_name": " Ipsos ", "version": 0},
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.evaluation_plan == "A matched comparison."
    assert bid.evaluator_name == "Ipsos"
    event = last_event("application.evaluation_saved")
    assert event.before == {"evaluation_plan": "", "evaluator_name": ""}
    assert event.after == {"evaluation_plan": "A matched comparison.", "evaluator_name": "Ipsos"}
    application = loaded(bid, editor)
    assert EVALUATION.status(application) == Status.COMPLETED
    assert [(row.key, row.value) for row in EVALUATION.summary_rows(application)] == [
        ("How it will be evaluated", "A matched comparison."),
        ("Evaluator", "Ipsos"),
    ]


def test_the_evaluator_is_optional(client, bid, editor):
    sign_in(client, editor)
    client.post(url(bid), {"evaluation_plan": "A plan", "evaluator_name": "", "version": 0})
    application = loaded(bid, editor)
    assert EVALUATION.problems(application) == []
    assert EVALUATION.summary_rows(application)[1].value == "Not known yet"


def test_a_partial_answer_is_saved_and_the_section_says_what_is_missing(client, bid, editor):
    application = loaded(bid, editor)
    assert EVALUATION.status(application) == Status.NOT_STARTED
    sign_in(client, editor)
    client.post(url(bid), {"evaluation_plan": "", "evaluator_name": "Ipsos", "version": 0})
    application = loaded(bid, editor)
    assert application.evaluator_name == "Ipsos"
    assert EVALUATION.status(application) == Status.INCOMPLETE
    assert EVALUATION.problems(application) == ["Enter how the project will be evaluated"]


def test_a_plan_over_1000_words_is_refused_and_kept(client, bid, editor):
    sign_in(client, editor)
    plan = "word " * 1001
    response = client.post(
        url(bid), {"evaluation_plan": plan, "evaluator_name": "Kept", "version": 0}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The evaluation plan must be 1,000 words or fewer; it has 1,001" in html
    assert 'href="#id_evaluation_plan"' in html
    assert 'value="Kept"' in html
    bid.refresh_from_db()
    assert bid.evaluation_plan == ""
    response = client.post(
        url(bid), {"evaluation_plan": "word " * 1000, "evaluator_name": "", "version": 0}
    )
    assert response.status_code == 302


def test_the_second_of_two_editors_sees_both_plans(client, bid, editor, other_editor):
    sign_in(client, other_editor)
    client.post(url(bid), {"evaluation_plan": "Their plan", "version": 0})
    sign_in(client, editor)
    html = client.post(url(bid), {"evaluation_plan": "My plan", "version": 0}).content.decode()
    assert "saved this page" in html
    assert "Their plan" in html and "My plan" in html
    bid.refresh_from_db()
    assert bid.evaluation_plan == "Their plan"
