"""The programme team checks each bid against the round's rules; a bid found not eligible is not
assessed and its accountable officers are told why."""

import pytest
from django.urls import reverse

from innovation_fund.assessment.models import Assignment, Decision, EligibilityCheck
from innovation_fund.assessment.services.eligibility import check_eligibility
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.organisations.models import OrganisationType
from tests.applications.builders import editor_of, officer_of
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    manager_of,
    moderator_of,
    submitted_bid,
)
from tests.factories import ProgrammeRoleFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

REASONS = "Only local authorities may lead a bid in this round."


@pytest.fixture
def round():
    return assessed_round()


@pytest.fixture
def manager(round):
    return manager_of(round)


@pytest.fixture
def bid(round):
    return submitted_bid(round)


def test_a_manager_finds_a_bid_eligible(manager, bid, outbox):
    check = check_eligibility(manager, bid, is_eligible=True, reasons="")
    assert check.is_eligible
    assert check.checked_by == manager
    event = AuditEvent.objects.get(action="assessment.eligibility_checked")
    assert event.before is None
    assert event.after["is_eligible"] is True
    assert outbox == []


def test_a_bid_found_not_eligible_loses_its_assessors_and_its_officers_are_told(
    round, manager, bid, django_capture_on_commit_callbacks, outbox
):
    check_eligibility(manager, bid, is_eligible=True, reasons="")
    assignment = assigned(bid, assessor_of(round), by=manager)
    officer = officer_of(bid)
    editor_of(bid)  # editors are not emailed: the accountable officers answer for the bid
    with django_capture_on_commit_callbacks(execute=True):
        check = check_eligibility(manager, bid, is_eligible=False, reasons=f"  {REASONS}  ")
    assert check.reasons == REASONS
    assert EligibilityCheck.objects.get(application=bid).is_eligible is False
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.WITHDRAWN
    assert assignment.withdrawal_reason == "The bid was found not eligible"
    event = AuditEvent.objects.filter(action="assessment.eligibility_checked").order_by("id").last()
    assert event.before["is_eligible"] is True
    assert event.after["is_eligible"] is False
    [(email, subject, body)] = outbox
    assert email.to == officer.email
    assert subject == f"Your bid {bid.reference} is not eligible"
    assert REASONS in body
    assert reverse("applications:task_list", args=[bid.reference]) in body


def test_saving_the_same_reasons_again_does_not_email_twice(
    manager, bid, django_capture_on_commit_callbacks, outbox
):
    officer_of(bid)
    with django_capture_on_commit_callbacks(execute=True):
        check_eligibility(manager, bid, is_eligible=False, reasons=REASONS)
        check_eligibility(manager, bid, is_eligible=False, reasons=REASONS)
    assert len(outbox) == 1


def test_reasons_are_needed_when_a_bid_is_not_eligible(manager, bid):
    with pytest.raises(DomainError) as caught:
        check_eligibility(manager, bid, is_eligible=False, reasons="   ")
    assert caught.value.field == "reasons"
    assert not EligibilityCheck.objects.exists()


def test_eligibility_cannot_change_once_a_decision_is_recorded(manager, bid):
    check_eligibility(manager, bid, is_eligible=True, reasons="")
    Decision.objects.create(application=bid, outcome="reject", reasons="No", decided_by=manager)
    with pytest.raises(DomainError, match="decision has been recorded"):
        check_eligibility(manager, bid, is_eligible=False, reasons=REASONS)
    assert EligibilityCheck.objects.get(application=bid).is_eligible is True


@pytest.mark.parametrize("who", ["nobody", "assessor", "manager elsewhere"])
def test_only_the_programmes_managers_check_eligibility(round, bid, who):
    match who:
        case "nobody":
            user = UserFactory()
        case "assessor":
            user = assessor_of(round)
        case "manager elsewhere":
            user = manager_of(assessed_round(programme__slug="another-programme"))
    with pytest.raises(Refused):
        check_eligibility(user, bid, is_eligible=True, reasons="")


# --- the page ---------------------------------------------------------------------------------


def url(application):
    return reverse("assessment:eligibility", args=[application.reference])


@pytest.mark.parametrize("who", ["nobody", "assessor", "moderator", "officer", "manager elsewhere"])
def test_only_the_programmes_managers_see_the_page(client, round, bid, who):
    match who:
        case "nobody":
            user = UserFactory()
        case "assessor":
            user = assessor_of(round)
        case "moderator":
            user = moderator_of(round)
        case "officer":
            user = officer_of(bid)
        case "manager elsewhere":
            user = ProgrammeRoleFactory(programme__slug="another-programme").user
    sign_in(client, user)
    assert client.get(url(bid)).status_code == 404
    assert client.post(url(bid), {"is_eligible": "yes"}).status_code == 404
    assert not EligibilityCheck.objects.exists()


def test_the_page_shows_the_rules_beside_the_bid(client, round, manager):
    round.eligible_organisation_types = [OrganisationType.LOCAL_AUTHORITY]
    round.maximum_bid_pence = 50_000_00
    round.save()
    application = submitted_bid(round, amount_pence=75_000_00)
    sign_in(client, manager)
    page = client.get(url(application)).content.decode()
    assert "Local authority" in page
    assert "£75,000" in page
    assert "Not a type that may lead" in page
    assert "Above the largest bid" in page


def test_not_eligible_without_reasons_shows_the_error_and_keeps_the_choice(client, manager, bid):
    sign_in(client, manager)
    response = client.post(url(bid), {"is_eligible": "no", "reasons": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert 'href="#id_reasons"' in page
    assert "Enter why the bid is not eligible, in words the applicant will read" in page
    assert 'value="no" checked' in page
    assert not EligibilityCheck.objects.exists()


def test_no_choice_shows_the_error(client, manager, bid):
    sign_in(client, manager)
    page = client.post(url(bid), {"reasons": "Some words"}).content.decode()
    assert "Select whether the bid is eligible" in page
    assert "Some words</textarea>" in page


def test_a_manager_records_the_check_and_returns_to_the_round(client, round, manager, bid):
    sign_in(client, manager)
    response = client.post(url(bid), {"is_eligible": "no", "reasons": REASONS}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessment:round", args=[round.pk])
    assert f"{bid.reference} is not eligible" in response.content.decode()
    check = EligibilityCheck.objects.get(application=bid)
    assert (check.is_eligible, check.reasons) == (False, REASONS)
    # shown back when the page is opened again
    page = client.get(url(bid)).content.decode()
    assert 'value="no" checked' in page
    assert REASONS in page
