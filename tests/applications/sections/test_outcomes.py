"""5. Outcomes: chosen from the programme's framework, each with a measure, baseline and target."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from innovation_fund.applications.models import ApplicationOutcome
from innovation_fund.applications.sections import BY_SLUG, Status
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OpenRoundFactory,
    OutcomeFactory,
    ProgrammeFactory,
)
from tests.helpers import sign_in

from .support import last_event, loaded, section_url

pytestmark = pytest.mark.django_db

OUTCOMES = BY_SLUG["outcomes"]


def url(bid):
    return section_url(bid, "outcomes")


@pytest.fixture
def framework(bid):
    programme = bid.round.programme
    return [
        OutcomeFactory(programme=programme, name="Reducing risk for children", position=1),
        OutcomeFactory(programme=programme, name="Creating greater stability", position=2),
        OutcomeFactory(programme=programme, name="Better value for money", position=3),
    ]


def answer(outcome, measure="Re-referrals", baseline="22%", target="15%"):
    prefix = f"outcome-{outcome.pk}"
    return {
        f"{prefix}-chosen": "on",
        f"{prefix}-measure": measure,
        f"{prefix}-baseline": baseline,
        f"{prefix}-target": target,
    }


def test_the_page_lists_the_framework_in_order(client, bid, editor, framework):
    OutcomeFactory(name="Another programme's outcome", programme=ProgrammeFactory(slug="other"))
    sign_in(client, editor)
    html = client.get(url(bid)).content.decode()
    positions = [html.index(f">{outcome.name}</label>") for outcome in framework]
    assert positions == sorted(positions)
    assert "Another programme" not in html
    first = framework[0].pk
    assert f'data-aria-controls="conditional-id_outcome-{first}-chosen"' in html
    assert f'name="outcome-{first}-baseline"' in html


def test_saving_outcomes_and_the_audit(client, bid, editor, framework):
    risk, stability, value = framework
    sign_in(client, editor)
    response = client.post(
        url(bid),
        {
            **answer(risk),
            **answer(value, "Cost per child", "£50,000", "£40,000"),
            # Typed under an outcome that is not ticked: not saved.
            f"outcome-{stability.pk}-measure": "Moves",
            "version": 0,
        },
    )
    assert response.status_code == 302
    saved = {a.outcome: (a.measure, a.baseline, a.target) for a in bid.outcomes.all()}
    assert saved == {
        risk: ("Re-referrals", "22%", "15%"),
        value: ("Cost per child", "£50,000", "£40,000"),
    }
    bid.refresh_from_db()
    assert bid.task_versions == {"outcomes": 1}
    event = last_event("application.outcomes_saved")
    assert event.before == {"outcomes": []}
    assert [entry["name"] for entry in event.after["outcomes"]] == [
        "Reducing risk for children",
        "Better value for money",
    ]
    assert event.after["outcomes"][0] == {
        "outcome": risk.pk,
        "name": "Reducing risk for children",
        "measure": "Re-referrals",
        "baseline": "22%",
        "target": "15%",
    }
    json.dumps(event.after)


def test_unticking_removes_an_outcome_and_changes_update_the_others(client, bid, editor, framework):
    risk, stability, _ = framework
    sign_in(client, editor)
    client.post(url(bid), {**answer(risk), **answer(stability), "version": 0})
    html = client.get(url(bid)).content.decode()
    assert (
        f'id="id_outcome-{risk.pk}-chosen" name="outcome-{risk.pk}-chosen" type="checkbox"' in html
    )
    assert 'value="Re-referrals"' in html
    response = client.post(url(bid), {**answer(stability, target="10%"), "version": 1})
    assert response.status_code == 302
    assert [(a.outcome, a.target) for a in bid.outcomes.all()] == [(stability, "10%")]
    assert last_event("application.outcomes_saved").before["outcomes"][0]["name"] == (
        "Reducing risk for children"
    )


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ("measure", "Enter a measure for Reducing risk for children"),
        ("baseline", "Enter a baseline for Reducing risk for children"),
        ("target", "Enter a target for Reducing risk for children"),
    ],
)
def test_a_missing_answer_is_shown_at_its_exact_input(
    client, bid, editor, framework, part, message
):
    risk, stability, _ = framework
    sign_in(client, editor)
    answers = {**answer(risk), **answer(stability, measure="Kept measure"), "version": 0}
    answers[f"outcome-{risk.pk}-{part}"] = "  "
    response = client.post(url(bid), answers)
    assert response.status_code == 200
    html = response.content.decode()
    field_id = f"id_outcome-{risk.pk}-{part}"
    assert f'<a href="#{field_id}">{message}</a>' in html
    assert f'<p class="govuk-error-message" id="{field_id}-error">' in html
    assert 'value="Kept measure"' in html
    assert not ApplicationOutcome.objects.exists()


def test_too_long_answers_are_refused(client, bid, editor, framework):
    risk = framework[0]
    sign_in(client, editor)
    response = client.post(
        url(bid), {**answer(risk, measure="m" * 301, baseline="b" * 201), "version": 0}
    )
    html = response.content.decode()
    assert "The measure for Reducing risk for children must be 300 characters or fewer" in html
    assert "The baseline for Reducing risk for children must be 200 characters or fewer" in html
    assert not ApplicationOutcome.objects.exists()


def test_at_least_one_outcome_is_needed(client, bid, editor, framework):
    sign_in(client, editor)
    response = client.post(url(bid), {"version": 0})
    html = response.content.decode()
    assert response.status_code == 200
    first = framework[0].pk
    assert (
        f'<a href="#id_outcome-{first}-chosen">Choose at least one outcome the project aims to '
        "change</a>" in html
    )
    assert 'id="outcomes-error"' in html


def test_a_programme_with_no_framework(client, editor):
    bid = ApplicationFactory(
        round=OpenRoundFactory(programme=ProgrammeFactory(slug="no-framework"))
    )
    member = MembershipFactory(organisation=bid.lead_organisation).user
    application = loaded(bid, member)
    assert OUTCOMES.status(application) == Status.NOT_STARTED
    assert OUTCOMES.problems(application) == [
        "The programme has no outcome framework yet: ask the programme team"
    ]
    sign_in(client, member)
    html = client.get(url(bid)).content.decode()
    assert "The programme has no outcome framework yet: ask the programme team" in html
    response = client.post(url(bid), {"version": 0})
    assert response.status_code == 200
    assert not ApplicationOutcome.objects.exists()


def test_status_rules(client, bid, editor, framework):
    application = loaded(bid, editor)
    assert OUTCOMES.status(application) == Status.NOT_STARTED
    assert OUTCOMES.problems(application) == [
        "Choose at least one outcome the project aims to change"
    ]
    assert OUTCOMES.summary_rows(application)[0].value == "None chosen"
    sign_in(client, editor)
    client.post(url(bid), {**answer(framework[1]), "version": 0})
    application = loaded(bid, editor)
    assert OUTCOMES.status(application) == Status.COMPLETED
    [row] = OUTCOMES.summary_rows(application)
    assert row.key == "Creating greater stability"
    assert row.value == ["Measure: Re-referrals", "Baseline: 22%", "Target: 15%"]
    assert row.change_fragment == f"id_outcome-{framework[1].pk}-chosen"
    ApplicationOutcome.objects.update(baseline="")
    application = loaded(bid, editor)
    assert OUTCOMES.status(application) == Status.INCOMPLETE
    assert OUTCOMES.problems(application) == ["Enter a baseline for Creating greater stability"]


def test_two_people_saving_at_once_the_second_is_told(client, bid, editor, other_editor, framework):
    risk, stability, _ = framework
    sign_in(client, other_editor)
    assert client.post(url(bid), {**answer(risk), "version": 0}).status_code == 302
    sign_in(client, editor)
    response = client.post(url(bid), {**answer(stability, measure="Mine"), "version": 0})
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved this page" in html
    assert "Reducing risk for children" in html and 'value="Mine"' in html
    assert [a.outcome for a in bid.outcomes.all()] == [risk]


def test_someone_from_another_organisation_gets_404(client, bid, framework):
    sign_in(client, MembershipFactory().user)
    assert client.get(url(bid)).status_code == 404
    assert client.post(url(bid), {**answer(framework[0]), "version": 0}).status_code == 404
    assert not ApplicationOutcome.objects.exists()


def test_status_and_answers_read_only_the_prefetched_outcomes(
    bid, editor, django_assert_num_queries
):
    programme = bid.round.programme

    def count_with(outcomes: int) -> None:
        for _ in range(outcomes):
            ApplicationOutcome.objects.create(
                application=bid,
                outcome=OutcomeFactory(programme=programme),
                measure="m",
                baseline="b",
                target="t",
            )
        application = loaded(bid, editor)
        with django_assert_num_queries(0):
            OUTCOMES.status(application)
            OUTCOMES.summary_rows(application)

    count_with(1)
    count_with(7)


def test_telling_no_framework_from_none_chosen_needs_no_query_on_a_loaded_bid(
    bid, editor, framework, django_assert_num_queries
):
    application = loaded(bid, editor)  # the framework comes prefetched with the bid
    with django_assert_num_queries(0):
        OUTCOMES.status(application)
        OUTCOMES.problems(application)
        OUTCOMES.summary_rows(application)


# --- The framework the round opened with -----------------------------------------------------


def test_the_page_offers_the_framework_the_round_opened_with(client, bid, editor, framework):
    risk, stability, value = framework
    opened = bid.round.opens_at
    OutcomeFactory(
        programme=bid.round.programme, name="Added since it opened", added_at=timezone.now()
    )
    risk.retired_at = opened - timedelta(days=1)  # retired before the round opened: gone
    risk.save()
    stability.retired_at = opened + timedelta(days=1)  # retired since: still offered
    stability.save()
    sign_in(client, editor)
    html = client.get(url(bid)).content.decode()
    assert ">Creating greater stability</label>" in html
    assert ">Better value for money</label>" in html
    assert ">Reducing risk for children</label>" not in html
    assert "Added since it opened" not in html
    response = client.post(url(bid), {**answer(risk), "version": 0})
    assert response.status_code == 200  # not offered, so not chosen
    assert not ApplicationOutcome.objects.exists()


def test_an_outcome_the_bid_chose_stays_on_it_when_retired(client, bid, editor, framework):
    risk, _, _ = framework
    sign_in(client, editor)
    client.post(url(bid), {**answer(risk), "version": 0})
    risk.retired_at = bid.round.opens_at - timedelta(days=1)
    risk.save()
    html = client.get(url(bid)).content.decode()
    assert ">Reducing risk for children</label>" in html
    assert "Retired from the framework on" in html
    assert OUTCOMES.status(loaded(bid, editor)) == Status.COMPLETED
    response = client.post(url(bid), {**answer(risk, target="12%"), "version": 1})
    assert response.status_code == 302
    assert [(a.outcome, a.target) for a in bid.outcomes.all()] == [(risk, "12%")]
