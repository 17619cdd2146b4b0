"""4. The innovation: new or a scale-up, the evidence shown, and scale-and-spread rounds."""

import json

import pytest
from django.urls import reverse

from innovation_fund.applications.models import Application
from innovation_fund.applications.sections import BY_SLUG, Status
from innovation_fund.programmes.models import Round
from tests.factories import (
    ApplicationFactory,
    FindingFactory,
    InnovationFactory,
    MembershipFactory,
    OpenRoundFactory,
    ProjectFactory,
)
from tests.helpers import sign_in

from .support import last_event, loaded, section_url

pytestmark = pytest.mark.django_db

INNOVATION = BY_SLUG["innovation"]
NEW, SCALE_UP = Application.InnovationKind.NEW, Application.InnovationKind.SCALE_UP


def url(bid):
    return section_url(bid, "innovation")


@pytest.fixture
def family_safeguarding():
    innovation = InnovationFactory(name="Family Safeguarding")
    project = ProjectFactory(name="Hertfordshire Family Safeguarding", innovation=innovation)
    FindingFactory(
        project=project,
        innovation=innovation,
        outcome="Children looked after",
        result="Fell by half",
        evidence_rating="Quasi-experimental",
    )
    hidden = ProjectFactory(name="Unpublished project", innovation=innovation, is_published=False)
    FindingFactory(project=hidden, innovation=innovation, outcome="Secret outcome", result="x")
    return innovation


def test_a_new_practice_model_is_saved_and_audited(client, bid, editor):
    sign_in(client, editor)
    response = client.post(
        url(bid),
        {
            "innovation_kind": NEW,
            "new_practice_name": "Family Hubs Plus",
            "new_description": "Workers in every school",
            "adaptation": "ignored",
            "version": 0,
        },
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.innovation_kind == NEW
    assert bid.new_practice_name == "Family Hubs Plus"
    assert bid.innovation_description == "Workers in every school"
    assert bid.innovation is None
    assert bid.task_versions == {"innovation": 1}
    event = last_event("application.innovation_saved")
    assert event.after == {
        "innovation_kind": "new",
        "innovation": None,
        "new_practice_name": "Family Hubs Plus",
        "innovation_description": "Workers in every school",
    }
    json.dumps(event.after)


def test_a_scale_up_is_saved_without_the_other_kinds_answers(
    client, bid, editor, family_safeguarding
):
    bid.new_practice_name = "An older idea"
    bid.save()
    sign_in(client, editor)
    response = client.post(
        url(bid),
        {
            "innovation_kind": SCALE_UP,
            "innovation": family_safeguarding.pk,
            "adaptation": "Adapted for a rural county",
            "version": 0,
        },
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.innovation == family_safeguarding
    assert bid.innovation_description == "Adapted for a rural county"
    assert bid.new_practice_name == ""
    assert last_event("application.innovation_saved").after["innovation"] == family_safeguarding.pk


def test_the_evidence_for_the_saved_innovation_is_shown_published_only(
    client, bid, editor, family_safeguarding
):
    bid.innovation_kind, bid.innovation = SCALE_UP, family_safeguarding
    bid.innovation_description = "Adapted"
    bid.save()
    sign_in(client, editor)
    html = client.get(url(bid)).content.decode()
    assert "Evidence held for Family Safeguarding" in html
    assert "Fell by half" in html and "Quasi-experimental" in html
    project = family_safeguarding.projects.get(is_published=True)
    assert f'href="{reverse("public:project_detail", args=[project.slug])}"' in html
    assert "Hertfordshire Family Safeguarding" in html
    assert "Secret outcome" not in html and "Unpublished project" not in html
    # ...and on the check-answers page.
    html = client.get(reverse("applications:check_answers", args=[bid.reference])).content.decode()
    assert "Children looked after: Fell by half (Hertfordshire Family Safeguarding" in html
    assert "Secret outcome" not in html


def test_the_evidence_rows_for_check_answers(bid, editor, family_safeguarding):
    bid.innovation_kind, bid.innovation = SCALE_UP, family_safeguarding
    bid.innovation_description = "Adapted"
    bid.save()
    rows = {row.key: row.value for row in INNOVATION.summary_rows(loaded(bid, editor))}
    assert rows["New or scale-up"] == "A scale-up of an existing innovation"
    assert rows["Innovation"] == "Family Safeguarding"
    assert rows["How it will be adapted"] == "Adapted"
    assert rows["Evidence held for it"] == [
        "Children looked after: Fell by half "
        "(Hertfordshire Family Safeguarding, Quasi-experimental)"
    ]
    assert rows["Projects that used it"][0].startswith("Hertfordshire Family Safeguarding, ")
    other = InnovationFactory(name="No evidence yet")
    bid.innovation = other
    bid.save()
    rows = {row.key: row.value for row in INNOVATION.summary_rows(loaded(bid, editor))}
    assert rows["Evidence held for it"] == "No evaluation findings are held for this innovation yet"


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        (
            {},
            "innovation_kind",
            "Choose whether the project is a new practice model or a scale-up of an existing "
            "innovation",
        ),
        (
            {"innovation_kind": NEW, "new_description": "x"},
            "new_practice_name",
            "Enter the name of the new practice model",
        ),
        (
            {"innovation_kind": NEW, "new_practice_name": "x", "new_description": "  "},
            "new_description",
            "Describe the new practice model",
        ),
        (
            {"innovation_kind": NEW, "new_practice_name": "x" * 201, "new_description": "x"},
            "new_practice_name",
            "The name of the practice model must be 200 characters or fewer",
        ),
        (
            {"innovation_kind": SCALE_UP, "adaptation": "x"},
            "innovation",
            "Choose the innovation the project will scale up",
        ),
        (
            {"innovation_kind": SCALE_UP, "innovation": "INNOVATION"},
            "adaptation",
            "Describe how the innovation will be adapted",
        ),
        (
            {"innovation_kind": SCALE_UP, "innovation": "999999", "adaptation": "x"},
            "innovation",
            "Choose an innovation from the list",
        ),
        ({"innovation_kind": "other"}, "innovation_kind", "Choose one of the options"),
    ],
)
def test_each_missing_answer_is_shown_at_its_field(client, bid, editor, answers, field, message):
    if answers.get("innovation") == "INNOVATION":
        answers["innovation"] = InnovationFactory().pk
    sign_in(client, editor)
    response = client.post(url(bid), {**answers, "version": 0})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#id_{field}">{message}</a>' in html
    assert f'id="id_{field}-error"' in html
    bid.refresh_from_db()
    assert bid.innovation_kind == "" and bid.task_versions == {}


def test_only_the_chosen_kinds_answers_are_checked(client, bid, editor):
    sign_in(client, editor)
    response = client.post(
        url(bid),
        {"innovation_kind": NEW, "new_practice_name": "x", "new_description": "y", "version": 0},
    )
    assert response.status_code == 302  # no innovation chosen, no adaptation: not asked for


def test_a_scale_and_spread_round_needs_a_scale_up(client, family_safeguarding):
    round = OpenRoundFactory(name="Round 3", round_type=Round.RoundType.SCALE_AND_SPREAD)
    bid = ApplicationFactory(round=round)
    member = MembershipFactory(organisation=bid.lead_organisation).user
    sign_in(client, member)
    html = client.get(url(bid)).content.decode()
    assert "Round 3 is a scale and spread round" in html
    response = client.post(
        url(bid),
        {"innovation_kind": NEW, "new_practice_name": "x", "new_description": "y", "version": 0},
    )
    assert (
        "Round 3 is a scale and spread round: choose a scale-up of an existing innovation"
        in response.content.decode()
    )
    bid.refresh_from_db()
    assert bid.innovation_kind == ""
    # A new practice model saved before the round became scale and spread is a problem.
    bid.innovation_kind, bid.new_practice_name, bid.innovation_description = NEW, "x", "y"
    bid.save()
    application = loaded(bid, member)
    assert INNOVATION.status(application) == Status.INCOMPLETE
    assert INNOVATION.problems(application) == [
        "Round 3 is a scale and spread round: choose a scale-up of an existing innovation"
    ]
    response = client.post(
        url(bid),
        {
            "innovation_kind": SCALE_UP,
            "innovation": family_safeguarding.pk,
            "adaptation": "z",
            "version": 0,
        },
    )
    assert response.status_code == 302
    assert INNOVATION.status(loaded(bid, member)) == Status.COMPLETED


def test_status_rules(bid, editor, family_safeguarding):
    assert INNOVATION.status(loaded(bid, editor)) == Status.NOT_STARTED
    assert INNOVATION.problems(loaded(bid, editor)) == [
        "Say whether the project is a new practice model or a scale-up of an existing innovation"
    ]
    bid.innovation_kind = SCALE_UP
    bid.save()
    assert INNOVATION.status(loaded(bid, editor)) == Status.INCOMPLETE
    assert INNOVATION.problems(loaded(bid, editor)) == [
        "Choose the innovation the project will scale up",
        "Describe how the innovation will be adapted",
    ]
    bid.innovation, bid.innovation_description = family_safeguarding, "Adapted"
    bid.save()
    assert INNOVATION.status(loaded(bid, editor)) == Status.COMPLETED
    bid.innovation_kind, bid.innovation = NEW, None
    bid.save()
    assert INNOVATION.problems(loaded(bid, editor)) == ["Enter the name of the new practice model"]


def test_two_people_saving_at_once_the_second_is_told(client, bid, editor, other_editor):
    answers = {"innovation_kind": NEW, "new_description": "y", "version": 0}
    sign_in(client, other_editor)
    assert client.post(url(bid), {**answers, "new_practice_name": "Theirs"}).status_code == 302
    sign_in(client, editor)
    response = client.post(url(bid), {**answers, "new_practice_name": "Mine"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved this page" in html
    assert "Theirs" in html and 'value="Mine"' in html
    bid.refresh_from_db()
    assert bid.new_practice_name == "Theirs"


def test_someone_from_another_organisation_gets_404(client, bid):
    sign_in(client, MembershipFactory().user)
    assert client.get(url(bid)).status_code == 404
    response = client.post(
        url(bid),
        {"innovation_kind": NEW, "new_practice_name": "x", "new_description": "y", "version": 0},
    )
    assert response.status_code == 404


def test_the_evidence_rows_make_a_fixed_number_of_queries(
    bid, editor, family_safeguarding, django_assert_num_queries
):
    bid.innovation_kind, bid.innovation = SCALE_UP, family_safeguarding
    bid.innovation_description = "Adapted"
    bid.save()

    def queries() -> int:
        application = loaded(bid, editor)
        with django_assert_num_queries(0):
            INNOVATION.status(application)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            INNOVATION.summary_rows(application)
        return len(captured)

    few = queries()
    for n in range(5):
        project = ProjectFactory(innovation=family_safeguarding)
        FindingFactory(project=project, innovation=family_safeguarding, outcome=f"Outcome {n}")
    assert queries() == few
