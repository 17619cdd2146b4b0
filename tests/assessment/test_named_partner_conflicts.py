"""A conflict of interest declared against an organisation named only by text in bids (a
partner that has not registered): bids naming it are never assigned to that person."""

import pytest

from innovation_fund.applications.models import ApplicationPartner
from innovation_fund.assessment.models import Assignment, Conflict
from innovation_fund.assessment.services.assignments import assign_assessor, assign_automatically
from innovation_fund.assessment.services.conflicts import (
    declare_conflict,
    declare_conflict_with_named_partner,
)
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    manager_of,
    submitted_bid,
)
from tests.factories import OrganisationFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
URL = "/assessment/conflicts/"


@pytest.fixture
def round():
    return assessed_round()


@pytest.fixture
def manager(round):
    return manager_of(round)


@pytest.fixture
def assessor(round):
    return assessor_of(round)


def bid_naming(round, manager, partner_name: str):
    application = submitted_bid(round)
    ApplicationPartner.objects.create(
        application=application, name=partner_name, organisation_type="charity", role="Delivers"
    )
    eligible(application, by=manager)
    return application


def test_a_named_partner_conflict_is_recorded_tidied_and_audited(assessor):
    conflict = declare_conflict_with_named_partner(assessor, "  Hope   House  ", "I volunteer")
    assert conflict.organisation is None and conflict.partner_name == "Hope House"
    assert conflict.organisation_name == "Hope House"
    event = AuditEvent.objects.get(action="assessment.conflict_declared")
    assert event.after == {"partner_name": "Hope House", "reason": "I volunteer"}


def test_a_named_partner_conflict_is_declared_once_whatever_the_case(assessor):
    declare_conflict_with_named_partner(assessor, "Hope House", "I volunteer")
    with pytest.raises(DomainError) as caught:
        declare_conflict_with_named_partner(assessor, "HOPE  house", "Again")
    assert caught.value.field == "partner_name"
    assert Conflict.objects.count() == 1


def test_the_name_must_be_given(assessor):
    with pytest.raises(DomainError) as caught:
        declare_conflict_with_named_partner(assessor, "   ", "I volunteer")
    assert caught.value.field == "partner_name"


def test_assignment_refuses_a_bid_naming_the_partner(round, manager, assessor):
    application = bid_naming(round, manager, "Hope House")
    declare_conflict_with_named_partner(assessor, "hope house", "I volunteer there")
    with pytest.raises(DomainError) as caught:
        assign_assessor(manager, application, assessor)
    assert "Hope House" in caught.value.message and "conflict of interest" in caught.value.message
    assert not Assignment.objects.filter(assessor=assessor).exists()


def test_a_bid_not_naming_the_partner_may_still_be_assigned(round, manager, assessor):
    application = bid_naming(round, manager, "Other House")
    declare_conflict_with_named_partner(assessor, "Hope House", "I volunteer there")
    assert assign_assessor(manager, application, assessor).assessor == assessor


def test_automatic_assignment_passes_the_conflicted_assessor_by(round, manager, assessor):
    others = [assessor_of(round) for _ in range(round.assessors_per_bid)]
    application = bid_naming(round, manager, "Hope House")
    declare_conflict_with_named_partner(assessor, "Hope House", "I volunteer there")
    assign_automatically(manager, round)
    assessors = set(
        Assignment.objects.active()
        .filter(application=application)
        .values_list("assessor_id", flat=True)
    )
    assert assessor.pk not in assessors
    assert assessors == {other.pk for other in others}


def test_a_declaration_takes_away_bids_naming_the_partner_and_only_those(round, manager, assessor):
    naming = assigned(bid_naming(round, manager, "Hope House"), assessor, by=manager)
    other = assigned(bid_naming(round, manager, "Other House"), assessor, by=manager)
    conflict = declare_conflict_with_named_partner(assessor, "hope HOUSE", "I volunteer there")
    assert [assignment.pk for assignment in conflict.withdrawn_assignments] == [naming.pk]
    naming.refresh_from_db()
    other.refresh_from_db()
    assert naming.state == Assignment.State.WITHDRAWN
    assert other.state == Assignment.State.ACTIVE


def test_a_registered_organisation_declaration_takes_away_only_its_bids(round, manager, assessor):
    acme = OrganisationFactory(name="Acme Trust")
    led = submitted_bid(round, lead_organisation=acme)
    eligible(led, by=manager)
    led_assignment = assigned(led, assessor, by=manager)
    other = assigned(bid_naming(round, manager, "Hope House"), assessor, by=manager)
    conflict = declare_conflict(assessor, acme, "I work there")
    assert [assignment.pk for assignment in conflict.withdrawn_assignments] == [led_assignment.pk]
    other.refresh_from_db()
    assert other.state == Assignment.State.ACTIVE


def test_the_page_declares_a_named_partner_and_lists_it(client, assessor):
    sign_in(client, assessor)
    response = client.post(
        URL,
        {"organisation": "", "partner_name": "Hope House", "reason": "I volunteer"},
        follow=True,
    )
    page = response.content.decode()
    assert "Your conflict of interest with Hope House has been recorded" in page
    assert "Not registered: matched by name" in page
    assert Conflict.objects.get().partner_name == "Hope House"


def test_the_page_refuses_both_or_neither_keeping_what_was_typed(client, assessor):
    acme = OrganisationFactory(name="Acme Trust")
    sign_in(client, assessor)
    both = client.post(
        URL, {"organisation": acme.pk, "partner_name": "Hope House", "reason": "Mine"}
    ).content.decode()
    assert "<title>Error: " in both and 'href="#id_partner_name"' in both
    assert 'value="Hope House"' in both and f'<option value="{acme.pk}" selected>' in both
    neither = client.post(URL, {"organisation": "", "partner_name": "", "reason": "Mine"})
    assert 'href="#id_organisation"' in neither.content.decode()
    assert not Conflict.objects.exists()
