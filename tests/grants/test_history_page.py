"""A grant's History page, from the outside: the programme's managers see the grant being made
(and its letter and public project); everyone else gets 404."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.assessment.models import AwardBatch, BatchDecision, Decision
from innovation_fund.assessment.services.decisions import record_decision
from innovation_fund.core.audit import record
from innovation_fund.core.dates import format_datetime
from innovation_fund.core.models import AuditEvent
from innovation_fund.grants.models import Grant, Letter
from innovation_fund.grants.services.awards import grant_from_decision
from tests.applications.builders import officer_of
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    eligible,
    manager_of,
    submitted_bid,
)
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding_round():
    return assessed_round(budget_pence=1_000_000_00, name="Round 2")


@pytest.fixture
def manager(funding_round):
    return manager_of(funding_round)


def granted(funding_round, manager, title="Family Safeguarding") -> Grant:
    """A bid approved through the decision service and made a grant by the grants service, as
    announcing does (without the letters and emails that follow it)."""
    bid = submitted_bid(funding_round, amount_pence=60_000_00, title=title)
    eligible(bid, by=manager)
    decision = record_decision(
        manager,
        bid,
        outcome=Decision.Outcome.APPROVE,
        reasons="Strong evidence",
        award_pence=60_000_00,
        years={2027: 60_000_00},
    )
    with transaction.atomic():
        batch = AwardBatch.objects.create(
            round=funding_round,
            title="Spring awards",
            announced_on=date(2027, 3, 1),
            text="Announced.",
            announced_by=manager,
        )
        BatchDecision.objects.create(batch=batch, decision=decision)
        return grant_from_decision(decision, batch)


def history_url(grant):
    return reverse("grant_management:history", args=[grant.pk])


def test_the_grant_being_made_shows_who_when_and_what(client, funding_round, manager):
    grant = granted(funding_round, manager)
    made = AuditEvent.objects.get(action="grants.created")

    response = sign_in(client, manager).get(history_url(grant))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Grant made" in page
    assert manager.display_name in page
    assert format_datetime(made.occurred_at) in page
    assert "£60,000" in page
    assert "2027-28: £60,000" in page
    assert grant.project.slug in page


def test_the_letter_is_in_the_grants_history(client, funding_round, manager):
    grant = granted(funding_round, manager)
    with transaction.atomic():
        letter = Letter.objects.create(
            application=grant.application,
            decision=grant.decision,
            kind=Letter.Kind.OFFER,
            file="letters/offer.pdf",
            created_by=manager,
        )
        record(
            actor=manager, action="grants.letter_written", target=letter, after={"kind": "offer"}
        )

    page = sign_in(client, manager).get(history_url(grant)).content.decode()

    assert "Letter written" in page
    assert "Grant offer letter" in page


def test_the_decision_page_links_to_the_grants_history(client, funding_round, manager):
    grant = granted(funding_round, manager)
    url = reverse("assessment:decision", args=[grant.application.reference])

    response = sign_in(client, manager).get(url)

    assert f'href="{history_url(grant)}"' in response.content.decode()


@pytest.mark.parametrize("who", ["assessor", "applicant", "stranger", "other"])
def test_anyone_but_the_programmes_managers_gets_404(client, funding_round, manager, who):
    grant = granted(funding_round, manager)
    person = {
        "assessor": lambda: assessor_of(funding_round),
        "applicant": lambda: officer_of(grant.application),
        "stranger": UserFactory,
        "other": lambda: (
            ProgrammeRoleFactory(programme=ProgrammeFactory(name="Other", slug="other")).user
        ),
    }[who]()

    assert sign_in(client, person).get(history_url(grant)).status_code == 404


def test_someone_not_signed_in_is_asked_to_sign_in(client, funding_round, manager):
    response = client.get(history_url(granted(funding_round, manager)))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_page_makes_a_fixed_number_of_queries(client, funding_round, manager):
    quiet = granted(funding_round, manager, title="Quiet")
    busy = granted(funding_round, manager, title="Busy")
    with transaction.atomic():
        for number in range(25):
            record(actor=manager, action="grants.checked", target=busy, after={"n": number})
    sign_in(client, manager)

    assert query_count(client, history_url(busy)) == query_count(client, history_url(quiet))
