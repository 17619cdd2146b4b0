"""Each role sees its own view of a bid, and the bid's pages say what its state allows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innovation_fund.applications.models import Application, ApplicationDocument
from innovation_fund.applications.services import ANNOUNCED_CANNOT_BE_WITHDRAWN
from tests.applications.builders import complete_bid, editor_of, officer_of
from tests.assessment.builders import (
    announced_by_two,
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    manager_of,
    submitted_bid,
)
from tests.assessment.test_announcements import approved, letter_storage  # noqa: F401
from tests.factories import ProgrammeFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

State = Application.State


def bid_url(bid) -> str:
    return reverse("applications:task_list", args=[bid.reference])


@pytest.fixture
def funding_round():
    return assessed_round()


def test_an_assessor_opening_a_bid_gets_the_assessors_view(client, funding_round):
    bid = submitted_bid(funding_round)
    eligible(bid)
    assessor = assessor_of(funding_round)
    assigned(bid, assessor)

    page = sign_in(client, assessor).get(bid_url(bid)).content.decode()

    assert reverse("assessment:score", args=[bid.reference]) in page
    assert "programme team’s view" in page
    assert "Your bid" not in page
    assert ">Eligible<" in page  # the bid's state, from the lifecycle table


def test_a_manager_opening_an_approved_bid_sees_its_state_and_their_pages(client, funding_round):
    bid = submitted_bid(funding_round)
    approved(bid)
    manager = manager_of(funding_round)

    page = sign_in(client, manager).get(bid_url(bid)).content.decode()

    assert ">Approved<" in page
    assert reverse("assessment:decision", args=[bid.reference]) in page
    assert reverse("bid_management:history", args=[bid.reference]) in page
    assert "Your bid has been approved" not in page
    assert "only after the round has closed" in page  # the announce row's guard, in words


def test_the_applicant_is_not_told_an_unannounced_decision(client, funding_round):
    bid = submitted_bid(funding_round)
    approved(bid)

    page = sign_in(client, officer_of(bid)).get(bid_url(bid)).content.decode()

    assert "Being assessed" in page
    assert "Approved" not in page


@pytest.mark.parametrize("who", ["unassigned assessor", "other manager", "stranger"])
def test_anyone_else_gets_404(client, funding_round, who):
    bid = submitted_bid(funding_round)
    person = {
        "unassigned assessor": lambda: assessor_of(funding_round),
        "other manager": lambda: manager_of(
            assessed_round(programme=ProgrammeFactory(slug="another-programme"))
        ),
        "stranger": UserFactory,
    }[who]()

    assert sign_in(client, person).get(bid_url(bid)).status_code == 404


# --- A draft after the deadline ---------------------------------------------------------------


@pytest.fixture
def late_draft(funding_round):
    bid = complete_bid(funding_round)
    funding_round.closes_at = timezone.now() - timedelta(hours=1)
    funding_round.save()
    return bid


@pytest.mark.parametrize("role", ["officer", "editor"])
def test_a_draft_after_the_deadline_says_the_round_has_closed_and_the_draft_is_kept(
    client, late_draft, role
):
    user = officer_of(late_draft) if role == "officer" else editor_of(late_draft)
    sign_in(client, user)

    for url in (
        bid_url(late_draft),
        reverse("applications:check_answers", args=[late_draft.reference]),
    ):
        page = client.get(url).content.decode()
        assert "closed" in page and "Your draft is kept" in page
        assert "Check your answers and submit" not in page
        assert "Continue to sign off" not in page
        assert "Send for sign-off</button>" not in page


def test_a_late_submission_is_refused_and_the_draft_kept(client, late_draft):
    sign_in(client, officer_of(late_draft))

    response = client.post(
        reverse("applications:submit", args=[late_draft.reference]), {"confirm": "on"}
    )

    assert response.status_code == 200
    assert "closed at" in response.content.decode()
    late_draft.refresh_from_db()
    assert late_draft.state == State.DRAFT


def test_a_draft_in_an_open_round_still_offers_to_check_and_submit(client, funding_round):
    bid = complete_bid(funding_round)

    page = sign_in(client, officer_of(bid)).get(bid_url(bid)).content.decode()

    assert "Check your answers and submit" in page
    assert "Your draft is kept" not in page


# --- Documents and withdrawal ------------------------------------------------------------------


def test_the_officers_check_answers_page_links_each_document(client, funding_round):
    bid = submitted_bid(funding_round)
    bid.state = State.AWAITING_SIGN_OFF
    bid.save()
    officer = officer_of(bid)
    document = ApplicationDocument.objects.create(
        application=bid,
        file=f"applications/{bid.pk}/x",
        original_name="plan.pdf",
        content_type="application/pdf",
        size_bytes=100,
        sha256="0" * 64,
        uploaded_by=officer,
    )

    page = sign_in(client, officer).get(reverse("applications:check_answers", args=[bid.reference]))

    link = reverse("applications:document", args=[bid.reference, document.pk])
    assert f'href="{link}">plan.pdf' in page.content.decode()


@pytest.mark.usefixtures("letter_storage")
def test_an_announced_bid_cannot_be_withdrawn(client, funding_round):
    bid = submitted_bid(funding_round)
    approved(bid)
    announced_by_two(funding_round)
    officer = officer_of(bid)
    sign_in(client, officer)
    url = reverse("applications:withdraw", args=[bid.reference])

    page = client.get(url)
    client.post(url, {"reason": "We no longer want it"})

    assert page.status_code == 200
    assert "variation" in page.content.decode()
    bid.refresh_from_db()
    assert bid.state == State.ANNOUNCED
    assert "variation" in ANNOUNCED_CANNOT_BE_WITHDRAWN
