"""What the applicant's bid page says about the outcome: eligibility, and the panel's decision
only once it is announced. Never scores or assessors' comments."""

import pytest
from django.urls import reverse

from innovation_fund.assessment.models import EligibilityCheck
from innovation_fund.grants.models import Letter
from tests.applications.builders import officer_of
from tests.assessment.builders import (
    announced_by_two,
    assessed_round,
    assessor_of,
    assigned,
    manager_of,
    scored,
    submitted_bid,
)
from tests.assessment.test_announcements import (
    ANNOUNCED_ON,
    approved,
    letter_storage,  # noqa: F401 (a fixture, used through pytestmark)
    rejected,
)
from tests.helpers import sign_in

# Letters written in these tests go to a temporary folder.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letter_storage")]

ASSESSOR_COMMENT = "A distinctive assessor comment about weak evidence"


@pytest.fixture
def funding_round():
    return assessed_round()


@pytest.fixture
def bid(funding_round):
    return submitted_bid(funding_round)


@pytest.fixture
def officer(bid):
    return officer_of(bid)


def scored_by_assessor(bid):
    assessment = scored(assigned(bid, assessor_of(bid.round)), [3, 2])
    assessment.scores.update(comment=ASSESSOR_COMMENT)


def announce(funding_round, capture):
    with capture(execute=True):
        announced_by_two(funding_round, title="Awards", announced_on=ANNOUNCED_ON, text="Awards.")


def bid_page(client, person, bid) -> str:
    response = sign_in(client, person).get(reverse("applications:task_list", args=[bid.reference]))
    assert response.status_code == 200
    return response.content.decode()


def test_nothing_about_a_decision_shows_before_it_is_announced(client, bid, officer):
    scored_by_assessor(bid)
    approved(bid, reasons="Strong on evidence", conditions="Report quarterly")

    page = bid_page(client, officer, bid)

    for words in (
        "approved",
        "Approved",
        "£150,000",
        "Strong on evidence",
        "Report quarterly",
        "not successful",
        "Decision",
        ASSESSOR_COMMENT,
        "score",
    ):
        assert words not in page


def test_nothing_about_a_rejection_shows_before_it_is_announced(client, bid, officer):
    rejected(bid, reasons="Weak evaluation plan")

    page = bid_page(client, officer, bid)

    assert "not successful" not in page
    assert "Weak evaluation plan" not in page


def test_an_announced_approval_shows_the_award_and_the_offer_letter(
    client, funding_round, bid, officer, django_capture_on_commit_callbacks
):
    scored_by_assessor(bid)
    approved(bid, years={2027: 120_000_00, 2028: 30_500_00})
    announce(funding_round, django_capture_on_commit_callbacks)
    letter = Letter.objects.get(application=bid)

    page = bid_page(client, officer, bid)

    assert "Your bid has been approved: £150,500" in page
    assert reverse("grants:letter", args=[bid.reference, letter.pk]) in page
    assert ASSESSOR_COMMENT not in page


def test_an_approval_whose_letter_is_not_written_yet_says_so(client, funding_round, bid, officer):
    approved(bid)
    # Announced, but the background task that writes the letter has not run yet.
    announced_by_two(funding_round, title="Awards", announced_on=ANNOUNCED_ON, text="Awards.")

    page = bid_page(client, officer, bid)

    assert "Your bid has been approved: £150,000" in page
    assert "letter is being written" in page


def test_an_announced_rejection_shows_the_reasons_and_the_letter(
    client, funding_round, bid, officer, django_capture_on_commit_callbacks
):
    scored_by_assessor(bid)
    rejected(bid, reasons="The bid did not show how outcomes would be measured.")
    announce(funding_round, django_capture_on_commit_callbacks)
    letter = Letter.objects.get(application=bid)

    page = bid_page(client, officer, bid)

    assert "Your bid was not successful" in page
    assert "The bid did not show how outcomes would be measured." in page
    assert reverse("grants:letter", args=[bid.reference, letter.pk]) in page
    assert ASSESSOR_COMMENT not in page
    assert "approved" not in page


def test_an_ineligible_bid_is_told_why(client, bid, officer):
    EligibilityCheck.objects.create(
        application=bid,
        is_eligible=False,
        reasons="The lead organisation is not a type this round funds.",
        checked_by=manager_of(bid.round),
    )

    page = bid_page(client, officer, bid)

    assert "This bid is not eligible" in page
    assert "The lead organisation is not a type this round funds." in page


def test_an_eligible_bid_shows_no_eligibility_message(client, bid, officer):
    EligibilityCheck.objects.create(
        application=bid, is_eligible=True, reasons="Fine", checked_by=manager_of(bid.round)
    )

    page = bid_page(client, officer, bid)

    assert "not eligible" not in page
