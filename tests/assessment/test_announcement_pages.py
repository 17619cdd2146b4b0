"""The announce page and the letter download, from the outside."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innovation_fund.assessment.models import AwardBatch, Decision
from innovation_fund.assessment.selectors.announcements import decisions_waiting
from innovation_fund.grants.models import Grant, Letter
from tests.applications.builders import editor_of, officer_of
from tests.assessment.builders import (
    announced_by_two,
    assessed_round,
    assessor_of,
    closed,
    manager_of,
    moderator_of,
    submitted_bid,
)
from tests.assessment.test_announcements import (
    approved,
    decided,
    letter_storage,  # noqa: F401 (a fixture, used through pytestmark)
    rejected,
)
from tests.factories import MembershipFactory, ProgrammeFactory, UserFactory
from tests.helpers import sign_in

# Letters written in these tests go to a temporary folder.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letter_storage")]


@pytest.fixture
def funding_round():
    return closed(assessed_round())


@pytest.fixture
def manager(funding_round):
    return manager_of(funding_round)


def announce_url(funding_round) -> str:
    return reverse("assessment:announce", args=[funding_round.pk])


def form_data(funding_round, **changes) -> dict:
    data = {
        "title": "Round 1 awards",
        "announced_on-day": "1",
        "announced_on-month": "3",
        "announced_on-year": "2027",
        "text": "The programme has funded **twelve** projects.",
        "decisions": ",".join(str(d.pk) for d in decisions_waiting(funding_round)),
    }
    data.update(changes)
    return data


def test_the_page_lists_exactly_what_will_be_announced(client, funding_round, manager):
    winner = submitted_bid(funding_round, title="Winning bid")
    approved(winner)
    loser = submitted_bid(funding_round, title="Losing bid")
    rejected(loser)
    later = submitted_bid(funding_round, title="Deferred bid")
    decided(later, Decision.Outcome.DEFER)
    not_decided = submitted_bid(funding_round, title="Undecided bid")

    page = sign_in(client, manager).get(announce_url(funding_round)).content.decode()

    waiting, _, deferred = page.partition("Deferred: not included")
    for bid in (winner, loser):
        assert bid.reference in waiting
        assert bid.lead_organisation.name in waiting
    assert "£150,000" in waiting
    assert "Approved" in waiting and "Rejected" in waiting
    assert later.reference not in waiting
    assert later.reference in deferred
    assert not_decided.reference not in page
    assert "Prepare the announcement of 2 decisions" in page


@pytest.mark.parametrize("who", ["stranger", "assessor", "moderator", "other_manager"])
def test_only_the_programmes_managers_can_open_the_announce_page(client, funding_round, who):
    approved(submitted_bid(funding_round))
    person = {
        "stranger": lambda: UserFactory(),
        "assessor": lambda: assessor_of(funding_round),
        "moderator": lambda: moderator_of(funding_round),
        "other_manager": lambda: manager_of(
            assessed_round(programme=ProgrammeFactory(slug="other", name="Other"))
        ),
    }[who]()
    sign_in(client, person)

    assert client.get(announce_url(funding_round)).status_code == 404
    assert client.post(announce_url(funding_round), form_data(funding_round)).status_code == 404
    assert not AwardBatch.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client, funding_round):
    response = client.get(announce_url(funding_round))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_one_manager_prepares_and_another_approves_from_the_page(
    client,
    funding_round,
    manager,
    django_capture_on_commit_callbacks,
):
    bid = submitted_bid(funding_round)
    approved(bid)
    sign_in(client, manager)

    response = client.post(announce_url(funding_round), form_data(funding_round))

    assert response.status_code == 302
    assert response["Location"] == announce_url(funding_round)
    batch = AwardBatch.objects.get()
    assert (batch.state, batch.prepared_by) == (AwardBatch.State.PREPARED, manager)
    assert (batch.title, str(batch.announced_on)) == ("Round 1 awards", "2027-03-01")
    assert not Grant.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for approval" in page
    assert "another programme manager must approve it" in page
    assert "Approve and announce" not in page
    # The preparer's own approval is refused even if posted.
    client.post(announce_url(funding_round), {"action": "approve", "batch": batch.pk})
    batch.refresh_from_db()
    assert batch.state == AwardBatch.State.PREPARED

    second = manager_of(funding_round)
    sign_in(client, second)
    assert "Approve and announce" in client.get(announce_url(funding_round)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            announce_url(funding_round), {"action": "approve", "batch": batch.pk}
        )

    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.state, batch.announced_by, batch.without_second_approval) == (
        AwardBatch.State.ANNOUNCED,
        second,
        False,
    )
    assert Grant.objects.get().application == bid
    assert Letter.objects.get().application == bid
    page = client.get(response["Location"]).content.decode()
    assert "Round 1 awards has been announced: 1 decision" in page
    assert "There are no approved or rejected bids waiting" in page
    assert "<strong>twelve</strong>" in page  # the announcement, Markdown rendered
    assert f"approved by {second.display_name}" in page


def test_a_single_manager_programme_approves_its_own_and_says_so(
    client, funding_round, manager, django_capture_on_commit_callbacks
):
    funding_round.programme.has_single_manager = True
    funding_round.programme.save()
    approved(submitted_bid(funding_round))
    sign_in(client, manager)
    client.post(announce_url(funding_round), form_data(funding_round))
    batch = AwardBatch.objects.get()
    page = client.get(announce_url(funding_round)).content.decode()
    assert "No second approval will be made" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(announce_url(funding_round), {"action": "approve", "batch": batch.pk})

    batch.refresh_from_db()
    assert (batch.state, batch.announced_by) == (AwardBatch.State.ANNOUNCED, manager)
    assert batch.without_second_approval
    page = client.get(announce_url(funding_round)).content.decode()
    assert "no second approval was made" in page


def test_a_prepared_announcement_can_be_cancelled(client, funding_round, manager):
    approved(submitted_bid(funding_round))
    sign_in(client, manager)
    client.post(announce_url(funding_round), form_data(funding_round))
    batch = AwardBatch.objects.get()

    client.post(announce_url(funding_round), {"action": "cancel", "batch": batch.pk})

    batch.refresh_from_db()
    assert batch.state == AwardBatch.State.CANCELLED
    assert decisions_waiting(funding_round).count() == 1
    assert "Prepare the announcement of 1 decision" in (
        client.get(announce_url(funding_round)).content.decode()
    )


def test_an_open_round_cannot_be_announced(client, funding_round, manager):
    approved(submitted_bid(funding_round))
    funding_round.closes_at = timezone.now() + timedelta(days=1)  # still open
    funding_round.save()
    sign_in(client, manager)

    page = client.get(announce_url(funding_round)).content.decode()
    response = client.post(announce_url(funding_round), form_data(funding_round))

    assert "Decisions are announced only after the round has closed" in page
    assert 'name="title"' not in page
    assert "only after the round has closed" in response.content.decode()
    assert not AwardBatch.objects.exists()


def test_a_bad_announcement_shows_the_errors_and_keeps_what_was_typed(
    client, funding_round, manager
):
    approved(submitted_bid(funding_round))
    sign_in(client, manager)

    response = client.post(
        announce_url(funding_round),
        form_data(funding_round, title="", **{"announced_on-month": "13"}),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert "Enter a title for the announcement" in page
    assert "The announcement date must be a real date" in page
    assert "The programme has funded **twelve** projects." in page
    assert not AwardBatch.objects.exists()


def test_announcing_nothing_is_refused_with_a_clear_message(client, funding_round, manager):
    decided(submitted_bid(funding_round), Decision.Outcome.DEFER)
    sign_in(client, manager)

    page = client.get(announce_url(funding_round)).content.decode()
    assert "There are no approved or rejected bids waiting to be announced" in page
    assert 'name="title"' not in page

    response = client.post(announce_url(funding_round), form_data(funding_round))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "There are no approved or rejected bids waiting to be announced" in page
    assert not AwardBatch.objects.exists()


def test_a_decision_recorded_after_the_page_opened_is_not_announced_unseen(
    client, funding_round, manager
):
    approved(submitted_bid(funding_round))
    data = form_data(funding_round)
    late = submitted_bid(funding_round)
    approved(late)
    sign_in(client, manager)

    response = client.post(announce_url(funding_round), data)

    page = response.content.decode()
    assert "have changed since you opened this page" in page
    assert late.reference in page
    assert not AwardBatch.objects.exists()


def test_the_announce_page_makes_a_fixed_number_of_queries(client):
    counts = []
    for size in (1, 6):
        funding_round = closed(assessed_round())
        manager = manager_of(funding_round)
        for _ in range(size):
            approved(submitted_bid(funding_round))
            rejected(submitted_bid(funding_round))
            decided(submitted_bid(funding_round), Decision.Outcome.DEFER)
        sign_in(client, manager)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(announce_url(funding_round)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


# --- Letters ----------------------------------------------------------------------------------


@pytest.fixture
def offer_letter(funding_round, manager, django_capture_on_commit_callbacks):
    bid = submitted_bid(funding_round)
    approved(bid)
    with django_capture_on_commit_callbacks(execute=True):
        announced_by_two(
            funding_round,
            approved_by=manager,
            title="Awards",
            announced_on=funding_round.funding_starts_on,
            text="Awards.",
        )
    return Letter.objects.get(application=bid)


def letter_url(letter) -> str:
    return reverse("grants:letter", args=[letter.application.reference, letter.pk])


@pytest.mark.parametrize("who", ["officer", "editor", "manager"])
def test_the_lead_organisation_and_the_programme_managers_can_download_a_letter(
    client, offer_letter, manager, who
):
    person = {
        "officer": lambda: officer_of(offer_letter.application),
        "editor": lambda: editor_of(offer_letter.application),
        "manager": lambda: manager,
    }[who]()

    response = sign_in(client, person).get(letter_url(offer_letter))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reference = offer_letter.application.reference
    assert response["Content-Disposition"] == (
        f'attachment; filename="{reference}-grant-offer-letter.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    "who", ["stranger", "member_of_another_organisation", "assessor", "moderator"]
)
def test_anyone_else_gets_404_for_a_letter(client, offer_letter, funding_round, who):
    person = {
        "stranger": lambda: UserFactory(),
        "member_of_another_organisation": lambda: MembershipFactory().user,
        "assessor": lambda: assessor_of(funding_round),
        "moderator": lambda: moderator_of(funding_round),
    }[who]()

    assert sign_in(client, person).get(letter_url(offer_letter)).status_code == 404


def test_a_letter_is_only_found_under_its_own_bid(client, offer_letter, funding_round):
    other_bid = submitted_bid(funding_round)
    officer = officer_of(other_bid)
    officer_of_letter = officer_of(offer_letter.application)

    wrong = reverse("grants:letter", args=[other_bid.reference, offer_letter.pk])

    assert sign_in(client, officer).get(wrong).status_code == 404
    assert sign_in(client, officer_of_letter).get(wrong).status_code == 404
