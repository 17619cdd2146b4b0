"""The History of the panel's decisions on a bid, from the outside: the programme's managers
see every decision, superseded or not, with who made it, when and what changed; everyone else
gets 404."""

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
from tests.applications.builders import officer_of
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    eligible,
    manager_of,
    moderator_of,
    submitted_bid,
)
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

Outcome = Decision.Outcome
FIRST_YEAR = 2027


@pytest.fixture
def funding_round():
    return assessed_round(budget_pence=1_000_000_00, name="Round 2")


@pytest.fixture
def manager(funding_round):
    return manager_of(funding_round)


@pytest.fixture
def bid(funding_round, manager):
    bid = submitted_bid(funding_round, amount_pence=60_000_00)
    eligible(bid, by=manager)
    return bid


def history_url(bid):
    return reverse("assessment:decision_history", args=[bid.reference])


def approve(manager, bid, award_pence=60_000_00, reasons="Strong evidence of need"):
    return record_decision(
        manager,
        bid,
        outcome=Outcome.APPROVE,
        reasons=reasons,
        award_pence=award_pence,
        years={FIRST_YEAR: award_pence},
    )


def test_a_change_of_mind_shows_both_decisions_who_when_and_what_changed(client, bid, manager):
    record_decision(manager, bid, outcome=Outcome.DEFER, reasons="Ask for a costed plan")
    approve(manager, bid, award_pence=55_000_00)
    approval = AuditEvent.objects.filter(action="assessment.decided").order_by("id").last()

    response = sign_in(client, manager).get(history_url(bid))
    page = response.content.decode()

    assert response.status_code == 200
    assert page.count("Decision recorded") == 2
    assert manager.display_name in page
    assert format_datetime(approval.occurred_at) in page
    assert "Deferred" in page and "Approved" in page
    assert "£55,000" in page
    assert "2027-28: £55,000" in page
    assert "Ask for a costed plan" in page and "Strong evidence of need" in page


def test_the_decision_page_links_to_the_histories(client, bid, manager):
    page = sign_in(client, manager).get(reverse("assessment:decision", args=[bid.reference]))
    html = page.content.decode()

    assert f'href="{history_url(bid)}"' in html
    assert f'href="{reverse("bid_management:history", args=[bid.reference])}"' in html


def test_the_page_links_back_to_the_decision(client, bid, manager):
    page = sign_in(client, manager).get(history_url(bid)).content.decode()

    decision_url = reverse("assessment:decision", args=[bid.reference])
    assert f'href="{decision_url}" class="govuk-back-link"' in page


@pytest.mark.parametrize("who", ["assessor", "moderator", "applicant", "stranger", "other"])
def test_anyone_but_the_programmes_managers_gets_404(client, bid, manager, who):
    approve(manager, bid)
    person = {
        "assessor": lambda: assessor_of(bid.round),
        "moderator": lambda: moderator_of(bid.round),
        "applicant": lambda: officer_of(bid),
        "stranger": UserFactory,
        "other": lambda: (
            ProgrammeRoleFactory(programme=ProgrammeFactory(name="Other", slug="other")).user
        ),
    }[who]()

    assert sign_in(client, person).get(history_url(bid)).status_code == 404


def test_someone_not_signed_in_is_asked_to_sign_in(client, bid):
    response = client.get(history_url(bid))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))


def test_the_announcement_is_in_the_decisions_history(client, bid, manager):
    decision = approve(manager, bid)
    with transaction.atomic():
        # As the announcement records it (its letters, emails and grants are not needed here).
        batch = AwardBatch.objects.create(
            round=bid.round,
            title="Spring awards",
            announced_on=date(2027, 3, 1),
            text="Announced.",
            announced_by=manager,
        )
        BatchDecision.objects.create(batch=batch, decision=decision)
        record(actor=manager, action="assessment.announced", target=batch, after={"title": "x"})

    page = sign_in(client, manager).get(history_url(bid)).content.decode()

    assert "Decisions announced: Spring awards" in page


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_page_makes_a_fixed_number_of_queries(client, funding_round, bid, manager):
    other = submitted_bid(funding_round, amount_pence=60_000_00)
    eligible(other, by=manager)
    approve(manager, bid)
    for number in range(8):
        approve(manager, other, award_pence=50_000_00 + number, reasons=f"Take {number}")
    sign_in(client, manager)

    assert query_count(client, history_url(other)) == query_count(client, history_url(bid))
