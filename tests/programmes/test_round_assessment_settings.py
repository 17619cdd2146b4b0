"""How many assessors score each bid and when a disagreement is flagged, set on the round form."""

import pytest
from django.urls import reverse

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.models import Round
from innovation_fund.programmes.services import rounds as rounds_services
from tests.factories import OpenRoundFactory, ProgrammeFactory, ProgrammeRoleFactory
from tests.helpers import sign_in
from tests.programmes.test_manage_pages import round_post
from tests.programmes.test_services import round_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory(budget_pence=20_000_000_00)


@pytest.fixture
def manager(programme):
    return ProgrammeRoleFactory(programme=programme).user


@pytest.fixture
def funding_round(programme):
    return OpenRoundFactory(programme=programme, name="Round Four", slug="round-four", number=4)


def refused_fields(call, *args, **kwargs) -> dict:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return {error.field: error.message for error in getattr(caught.value, "errors", [caught.value])}


# --- The service -----------------------------------------------------------------------------


def test_a_new_round_takes_the_settings_given_and_records_them(manager, programme):
    created = rounds_services.create_round(
        manager, programme, round_data(assessors_per_bid=3, disagreement_threshold=1)
    )
    created.refresh_from_db()
    assert (created.assessors_per_bid, created.disagreement_threshold) == (3, 1)
    event = AuditEvent.objects.get(action="round.created")
    assert (event.after["assessors_per_bid"], event.after["disagreement_threshold"]) == (3, 1)


def test_a_new_round_given_no_settings_takes_the_usual_ones(manager, programme):
    created = rounds_services.create_round(manager, programme, round_data())
    assert (created.assessors_per_bid, created.disagreement_threshold) == (2, 2)


def test_changing_the_settings_is_audited_with_before_and_after(manager, funding_round):
    rounds_services.update_round(
        manager,
        funding_round,
        {"assessors_per_bid": 4, "disagreement_threshold": 0},
        expected_version=1,
    )
    funding_round.refresh_from_db()
    assert (funding_round.assessors_per_bid, funding_round.disagreement_threshold) == (4, 0)
    assert funding_round.version == 2
    event = AuditEvent.objects.get(action="round.updated")
    assert event.before == {"assessors_per_bid": 2, "disagreement_threshold": 2}
    assert event.after == {"assessors_per_bid": 4, "disagreement_threshold": 0}


@pytest.mark.parametrize("assessors", [0, 6, -1, True, "3"])
def test_assessors_per_bid_must_be_a_whole_number_from_1_to_5(manager, funding_round, assessors):
    problems = refused_fields(
        rounds_services.update_round,
        manager,
        funding_round,
        {"assessors_per_bid": assessors},
        expected_version=1,
    )
    assert problems == {
        "assessors_per_bid": "The number of assessors for each bid must be between 1 and 5"
    }
    funding_round.refresh_from_db()
    assert (funding_round.assessors_per_bid, funding_round.version) == (2, 1)


@pytest.mark.parametrize("threshold", [-1, 5, 2.5])
def test_the_threshold_must_be_on_the_scoring_scale(manager, funding_round, threshold):
    problems = refused_fields(
        rounds_services.update_round,
        manager,
        funding_round,
        {"disagreement_threshold": threshold},
        expected_version=1,
    )
    assert problems == {
        "disagreement_threshold": (
            "The difference in scores must be between 0 and 4, the highest score on the "
            "round's scale"
        )
    }


def test_the_threshold_follows_the_rounds_own_scale(manager, funding_round):
    funding_round.score_descriptors = ["Poor", "Fair", "Good"]
    funding_round.save()
    problems = refused_fields(
        rounds_services.update_round,
        manager,
        funding_round,
        {"disagreement_threshold": 3},
        expected_version=1,
    )
    assert "between 0 and 2" in problems["disagreement_threshold"]
    rounds_services.update_round(
        manager, funding_round, {"disagreement_threshold": 2}, expected_version=1
    )
    funding_round.refresh_from_db()
    assert funding_round.disagreement_threshold == 2


def test_a_setting_given_as_nothing_is_asked_for(manager, programme):
    problems = refused_fields(
        rounds_services.create_round,
        manager,
        programme,
        round_data(assessors_per_bid=None, disagreement_threshold=None),
    )
    assert problems == {
        "assessors_per_bid": "Enter how many assessors score each bid",
        "disagreement_threshold": "Enter the difference in scores at which a bid is flagged",
    }
    assert not Round.objects.filter(name="Round Four").exists()


# --- The pages -------------------------------------------------------------------------------


def test_the_create_form_offers_the_usual_settings(client, manager, programme):
    sign_in(client, manager)
    page = client.get(reverse("programmes:round_create", args=[programme.pk])).content.decode()
    assert "How many assessors score each bid" in page
    assert 'name="assessors_per_bid" type="text" value="2"' in page
    assert 'name="disagreement_threshold" type="text" value="2"' in page
    assert "Scores run from 0 to 4" in page


def test_creating_a_round_with_its_settings(client, manager, programme):
    sign_in(client, manager)
    response = client.post(
        reverse("programmes:round_create", args=[programme.pk]),
        round_post(assessors_per_bid="3", disagreement_threshold="1"),
    )
    assert response.status_code == 302
    created = Round.objects.get(name="Round Five")
    assert (created.assessors_per_bid, created.disagreement_threshold) == (3, 1)


def test_changing_the_settings_through_the_edit_form(client, manager, funding_round):
    sign_in(client, manager)
    url = reverse("programmes:round_edit", args=[funding_round.pk])
    form = client.get(url).content.decode()
    assert 'name="assessors_per_bid" type="text" value="2"' in form
    response = client.post(
        url,
        round_post(
            name="Round Four", version="1", assessors_per_bid="3", disagreement_threshold="1"
        ),
    )
    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert (funding_round.assessors_per_bid, funding_round.disagreement_threshold) == (3, 1)
    event = AuditEvent.objects.get(action="round.updated")
    assert event.after["assessors_per_bid"] == 3


def test_out_of_range_settings_are_refused_at_their_fields_keeping_what_was_typed(
    client, manager, funding_round
):
    sign_in(client, manager)
    url = reverse("programmes:round_edit", args=[funding_round.pk])
    response = client.post(
        url, round_post(version="1", assessors_per_bid="6", disagreement_threshold="7")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "The number of assessors for each bid must be between 1 and 5" in page
    assert 'href="#id_assessors_per_bid"' in page
    assert 'name="assessors_per_bid" type="text" value="6"' in page
    assert "The difference in scores must be between 0 and 4" in page
    assert 'href="#id_disagreement_threshold"' in page
    assert 'name="disagreement_threshold" type="text" value="7"' in page
    assert 'value="Round Five"' in page  # the rest of the form is kept too
    funding_round.refresh_from_db()
    assert (funding_round.name, funding_round.assessors_per_bid) == ("Round Four", 2)


def test_settings_that_are_not_numbers_or_left_blank_are_asked_for_again(
    client, manager, funding_round
):
    sign_in(client, manager)
    url = reverse("programmes:round_edit", args=[funding_round.pk])
    page = client.post(
        url, round_post(version="1", assessors_per_bid="two", disagreement_threshold="")
    ).content.decode()
    assert "Enter how many assessors score each bid as a whole number, like 2" in page
    assert 'name="assessors_per_bid" type="text" value="two"' in page
    assert "Enter the difference in scores at which a bid is flagged" in page
    funding_round.refresh_from_db()
    assert funding_round.version == 1


def test_settings_left_off_the_form_are_asked_for(client, manager, funding_round):
    sign_in(client, manager)
    url = reverse("programmes:round_edit", args=[funding_round.pk])
    posted = round_post(version="1")
    del posted["assessors_per_bid"], posted["disagreement_threshold"]
    page = client.post(url, posted).content.decode()
    assert "Enter how many assessors score each bid" in page
    assert "Enter the difference in scores at which a bid is flagged" in page
    funding_round.refresh_from_db()
    assert funding_round.version == 1


def test_the_round_page_shows_the_settings_and_the_scale(client, manager, funding_round):
    funding_round.assessors_per_bid = 3
    funding_round.save()
    sign_in(client, manager)
    page = client.get(reverse("programmes:round_detail", args=[funding_round.pk])).content.decode()
    edit = reverse("programmes:round_edit", args=[funding_round.pk])
    assert f'href="{edit}#id_assessors_per_bid"' in page
    assert f'href="{edit}#id_disagreement_threshold"' in page
    assert "How many assessors score each bid" in page
    assert "Scoring scale" in page
    for descriptor in funding_round.score_descriptors:
        assert descriptor in page


def test_a_clash_shows_the_settings_someone_else_saved(client, manager, funding_round):
    colleague = ProgrammeRoleFactory(programme=funding_round.programme).user
    rounds_services.update_round(
        colleague, funding_round, {"assessors_per_bid": 4}, expected_version=1
    )
    sign_in(client, manager)
    url = reverse("programmes:round_edit", args=[funding_round.pk])
    page = client.post(
        url, round_post(name="Round Four", version="1", assessors_per_bid="3")
    ).content.decode()
    assert "Someone else changed this round" in page
    clash = page[page.index("Answers that differ") : page.index("</table>")]
    assert "How many assessors score each bid" in clash
    assert 'name="assessors_per_bid" type="text" value="3"' in page
    funding_round.refresh_from_db()
    assert funding_round.assessors_per_bid == 4
