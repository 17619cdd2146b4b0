"""The round hub: every submitted bid and how far its assessment has got, for the programme team
only, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.applications.models import Application
from innovation_fund.assessment.models import Decision, EligibilityCheck
from tests.applications.builders import complete_bid, officer_of
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    manager_of,
    moderator_of,
    person_with_role,
    scored,
    submitted_bid,
)
from tests.factories import ProgrammeRoleFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def url(round):
    return reverse("assessment:round", args=[round.pk])


@pytest.mark.parametrize(
    "who", ["nobody", "assessor", "moderator", "applicant", "manager elsewhere"]
)
def test_only_the_programmes_managers_see_the_hub(client, who):
    round = assessed_round()
    bid = submitted_bid(round)
    match who:
        case "nobody":
            user = UserFactory()
        case "assessor":
            user = assessor_of(round)
        case "moderator":
            user = moderator_of(round)
        case "applicant":
            user = officer_of(bid)
        case "manager elsewhere":
            user = ProgrammeRoleFactory(programme__slug="another-programme").user
    sign_in(client, user)
    assert client.get(url(round)).status_code == 404


def test_the_hub_shows_each_bids_progress(client):
    round = assessed_round()
    manager = manager_of(round)
    ann = person_with_role(round, "assessor", full_name="Ann Smith")
    bob = person_with_role(round, "assessor", full_name="Bob Jones")
    checked = submitted_bid(round, amount_pence=123_456_00, title="Family group conferencing")
    eligible(checked, by=manager)
    scored(assigned(checked, ann, by=manager), [3, 2])
    assigned(checked, bob, by=manager)
    refused = submitted_bid(round)
    EligibilityCheck.objects.create(
        application=refused, is_eligible=False, reasons="Too big", checked_by=manager
    )
    Decision.objects.create(application=refused, outcome="reject", reasons="No", decided_by=manager)
    waiting = submitted_bid(round)
    draft = complete_bid(round)
    sign_in(client, manager)
    page = client.get(url(round)).content.decode()
    assert "Family group conferencing" in page
    assert "£123,456" in page
    assert "2 of 2: Ann Smith, Bob Jones" in page
    assert ">Eligible</strong>" in page
    assert ">Not eligible</strong>" in page
    assert ">Not checked</strong>" in page
    assert "Rejected" in page
    assert reverse("assessment:eligibility", args=[waiting.reference]) in page
    assert reverse("assessment:assessors", args=[checked.reference]) in page
    assert draft.reference not in page
    assert "<strong>3</strong> submitted bids" in page
    assert "<strong>2</strong> checked for eligibility, <strong>1</strong> of them eligible" in page
    assert "<strong>1</strong> eligible bid with all 2 assessors" in page
    assert "Assign assessors automatically" in page
    assert draft.state == Application.State.DRAFT


def round_with_bids(size: int):
    round = assessed_round()
    manager = manager_of(round)
    assessors = [assessor_of(round) for _ in range(3)]
    for index in range(size):
        bid = submitted_bid(round)
        eligible(bid, by=manager)
        for assessor in assessors[: 1 + index % 3]:
            assignment = assigned(bid, assessor, by=manager)
            scored(assignment, [2, 3])
        if index % 2:
            Decision.objects.create(
                application=bid, outcome="defer", reasons="Later", decided_by=manager
            )
    return round, manager


def test_the_hub_makes_a_fixed_number_of_queries(client):
    counts = []
    for size in (2, 8):
        round, manager = round_with_bids(size)
        sign_in(client, manager)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(round))
        assert response.status_code == 200
        assert response.content.decode().count("govuk-table__row") == size + 1
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
