"""Assessors and moderators declare conflicts of interest; a declaration made after a bid was
assigned takes the bid away and tells the programme team."""

import pytest
from django.urls import reverse

from innovation_fund.assessment.models import Assignment, Conflict
from innovation_fund.assessment.services.conflicts import declare_conflict
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    conflict,
    eligible,
    manager_of,
    moderator_of,
    submitted_bid,
)
from tests.factories import OrganisationFactory, ProgrammeRoleFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def round():
    return assessed_round()


@pytest.fixture
def manager(round):
    return manager_of(round)


@pytest.fixture
def assessor(round):
    return assessor_of(round)


def bid_assigned_to(assessor, round, manager):
    application = submitted_bid(round)
    eligible(application, by=manager)
    return assigned(application, assessor, by=manager)


def test_an_assessor_declares_a_conflict(assessor, outbox):
    organisation = OrganisationFactory()
    declared = declare_conflict(assessor, organisation, "  I am a trustee  ")
    assert declared.reason == "I am a trustee"
    assert declared.withdrawn_assignments == []
    assert Conflict.objects.get(assessor=assessor).organisation == organisation
    assert AuditEvent.objects.filter(action="assessment.conflict_declared").count() == 1
    assert outbox == []


def test_a_moderator_declares_a_conflict(round):
    moderator = moderator_of(round)
    declare_conflict(moderator, OrganisationFactory(), "My sister works there")
    assert Conflict.objects.filter(assessor=moderator).exists()


def test_a_conflict_is_declared_once(assessor):
    organisation = OrganisationFactory(name="Acme Trust")
    conflict(assessor, organisation)
    with pytest.raises(DomainError) as caught:
        declare_conflict(assessor, organisation, "Again")
    assert caught.value.field == "organisation"
    assert (
        caught.value.message == "You have already declared a conflict of interest with Acme Trust"
    )
    assert Conflict.objects.count() == 1


def test_the_interest_must_be_given(assessor):
    with pytest.raises(DomainError) as caught:
        declare_conflict(assessor, OrganisationFactory(), "  ")
    assert caught.value.field == "reason"


@pytest.mark.parametrize("role", ["none", "programme_manager"])
def test_only_assessors_and_moderators_declare(round, role):
    user = UserFactory() if role == "none" else manager_of(round)
    with pytest.raises(Refused):
        declare_conflict(user, OrganisationFactory(), "Trustee")


@pytest.mark.parametrize("organisation_of", ["lead", "partner"])
def test_a_conflict_declared_after_assignment_withdraws_it_and_tells_the_managers(
    round, manager, assessor, organisation_of, django_capture_on_commit_callbacks, outbox
):
    assignment = bid_assigned_to(assessor, round, manager)
    application = assignment.application
    untouched = bid_assigned_to(assessor, round, manager)
    other_manager = manager_of(round)
    organisation = (
        application.lead_organisation
        if organisation_of == "lead"
        else application.partners.get().organisation
    )
    with django_capture_on_commit_callbacks(execute=True):
        declared = declare_conflict(assessor, organisation, "I used to work there")
    assert declared.withdrawn_assignments == [assignment]
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.WITHDRAWN
    assert assignment.withdrawn_at is not None
    assert assignment.withdrawal_reason == (
        f"{assessor.display_name} declared a conflict of interest with {organisation.name}"
    )
    untouched.refresh_from_db()
    assert untouched.state == Assignment.State.ACTIVE
    assert AuditEvent.objects.filter(action="assessment.assignment_withdrawn").count() == 1
    assert sorted(email.to for email, _, _ in outbox) == sorted(
        [manager.email, other_manager.email]
    )
    _, subject, body = outbox[0]
    assert subject == f"Bid {application.reference} needs another assessor"
    assert assessor.display_name in body
    assert organisation.name in body
    assert reverse("assessment:assessors", args=[application.reference]) in body


def test_nothing_is_sent_if_the_declaration_fails(
    round, manager, assessor, django_capture_on_commit_callbacks, outbox
):
    assignment = bid_assigned_to(assessor, round, manager)
    conflict(assessor, assignment.application.lead_organisation)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        declare_conflict(assessor, assignment.application.lead_organisation, "Again")
    assert outbox == []


# --- the page ---------------------------------------------------------------------------------

URL = "/assessment/conflicts/"


def test_the_page_has_its_name():
    assert reverse("assessment:conflicts") == URL


@pytest.mark.parametrize("who", ["nobody", "manager", "finance officer"])
def test_people_who_do_not_assess_get_404(client, round, who):
    match who:
        case "nobody":
            user = UserFactory()
        case "manager":
            user = manager_of(round)
        case "finance officer":
            user = ProgrammeRoleFactory(programme=round.programme, role="finance_officer").user
    sign_in(client, user)
    assert client.get(URL).status_code == 404
    assert (
        client.post(URL, {"organisation": OrganisationFactory().pk, "reason": "x"}).status_code
        == 404
    )
    assert not Conflict.objects.exists()


@pytest.mark.parametrize(
    ("who", "offered"),
    [("nobody", False), ("manager", False), ("assessor", True), ("moderator", True)],
)
def test_the_assessment_page_offers_the_conflicts_page_only_to_those_who_may_declare(
    client, round, who, offered
):
    match who:
        case "nobody":
            user = UserFactory()
        case "manager":
            user = manager_of(round)
        case "assessor":
            user = assessor_of(round)
        case "moderator":
            user = moderator_of(round)
    sign_in(client, user)
    html = client.get(reverse("assessment:my_assessments")).content.decode()
    assert (f'href="{URL}"' in html) is offered
    assert client.get(URL).status_code == (200 if offered else 404)


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "sign-in" in response.url or "sign_in" in response.url


def test_the_page_lists_declarations_and_offers_organisations_by_name(client, assessor):
    OrganisationFactory(name="Zebra Trust")
    acme = OrganisationFactory(name="Acme Trust")
    conflict(assessor, acme, reason="I chair its board")
    sign_in(client, assessor)
    page = client.get(URL).content.decode()
    assert "I chair its board" in page
    assert page.index(">Acme Trust</option>") < page.index(">Zebra Trust</option>")
    assert "Remove" not in page


def test_bad_input_shows_the_errors_and_keeps_what_was_typed(client, assessor):
    sign_in(client, assessor)
    response = client.post(URL, {"organisation": "", "reason": "I am a trustee"})
    page = response.content.decode()
    assert "<title>Error: " in page
    assert 'href="#id_organisation"' in page
    assert "Choose the organisation you have a conflict of interest with" in page
    assert "I am a trustee</textarea>" in page


def test_a_duplicate_is_refused_at_the_organisation(client, assessor):
    acme = OrganisationFactory(name="Acme Trust")
    conflict(assessor, acme)
    sign_in(client, assessor)
    page = client.post(URL, {"organisation": acme.pk, "reason": "Again"}).content.decode()
    assert "You have already declared a conflict of interest with Acme Trust" in page
    assert f'<option value="{acme.pk}" selected>' in page


def test_the_page_says_which_bids_were_taken_away(client, round, manager, assessor):
    assignment = bid_assigned_to(assessor, round, manager)
    application = assignment.application
    sign_in(client, assessor)
    response = client.post(
        URL,
        {"organisation": application.lead_organisation.pk, "reason": "I work there"},
        follow=True,
    )
    page = response.content.decode()
    assert f"Your conflict of interest with {application.lead_organisation.name}" in page
    assert f"You no longer assess this bid: {application.reference}" in page
    assert "I work there" in page
