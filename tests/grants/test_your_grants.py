"""The grantee's "Your grants" page: for each grant the offer (waiting, by when), conditions,
schedule, payments received and returns due and overdue; only their own organisations' grants;
linked from the account home page; a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.core.dates import london_today
from innovation_fund.grants.models import Grant, Instalment, MonitoringReturn, Payment
from tests.grants.builders import offered_grant
from tests.grants.variation_builders import paid
from tests.helpers import sign_in, tables_outside_scroll_regions

pytestmark = pytest.mark.django_db

LIST = reverse("your_grants:list")


def a_return(grant, number, due_on, state=MonitoringReturn.State.NOT_STARTED):
    return MonitoringReturn.objects.create(
        grant=grant,
        number=number,
        period_starts_on=date(2027, 4, 1),
        period_ends_on=date(2027, 6, 30),
        due_on=due_on,
        state=state,
    )


def test_an_offer_waiting_for_an_answer_says_by_when(client):
    cast = offered_grant()
    Grant.objects.filter(pk=cast.grant.pk).update(
        respond_by=date(2030, 5, 4), conditions="Publish the evaluation."
    )
    sign_in(client, cast.member)

    html = client.get(LIST).content.decode()

    assert "This offer waits for your answer" in html
    assert "4 May 2030" in html
    assert "Publish the evaluation." in html
    assert reverse("your_grants:offer", args=[cast.grant.pk]) in html
    assert "1 April 2027" in html and "£15,000" in html  # the schedule
    assert "Not met: The offer is accepted" in html


def test_an_accepted_grant_shows_payments_received_and_returns_due_and_overdue(client):
    cast = offered_grant()
    Grant.objects.filter(pk=cast.grant.pk).update(state=Grant.State.ACCEPTED)
    instalment = Instalment.objects.filter(grant=cast.grant).order_by("number").first()
    paid(cast, instalment)  # £15,000 paid on 1 July 2027, reference FIN-1
    paid(cast, Instalment.objects.get(grant=cast.grant, number=2), state=Payment.State.APPROVED)
    today = london_today()
    a_return(cast.grant, 1, today - timedelta(days=3))
    a_return(cast.grant, 2, today + timedelta(days=20), MonitoringReturn.State.IN_PROGRESS)
    a_return(cast.grant, 3, today - timedelta(days=30), MonitoringReturn.State.ACCEPTED)
    sign_in(client, cast.officer)

    html = client.get(LIST).content.decode()

    assert "This offer waits for your answer" not in html
    assert "£15,000 of £100,000" in html  # paid so far: the approved one is not paid yet
    assert "1 July 2027" in html and "FIN-1" in html
    assert html.count("Overdue</strong>") == 1
    assert "Return 1 (" in html and "Return 2 (" in html and "Return 3 (" not in html
    assert tables_outside_scroll_regions(html) == []


def test_only_the_persons_own_organisations_grants_are_listed(client):
    mine = offered_grant(title="Mine")
    theirs = offered_grant(title="Theirs")
    sign_in(client, mine.member)

    html = client.get(LIST).content.decode()

    assert "Mine" in html and "Theirs" not in html
    assert reverse("your_grants:grant", args=[theirs.grant.pk]) not in html


def test_someone_with_no_grants_is_told_so(client):
    cast = offered_grant()
    sign_in(client, cast.outsider)

    assert "no grants from this service yet" in client.get(LIST).content.decode()


def test_the_account_home_links_grantees_to_their_grants(client):
    cast = offered_grant()
    sign_in(client, cast.member)
    assert LIST in client.get(reverse("accounts:home")).content.decode()

    sign_in(client, cast.outsider)
    assert LIST not in client.get(reverse("accounts:home")).content.decode()


def paid_in_full(cast, grant):
    instalment = Instalment.objects.filter(grant=grant).order_by("number").first()
    return Payment.objects.create(
        grant=grant,
        instalment=instalment,
        amount_pence=instalment.amount_pence,
        state=Payment.State.PAID,
        requested_by=cast.manager,
        approved_by=cast.finance_officer,
        paid_on=date(2027, 4, 2),
        finance_reference="FIN-2",
    )


def queries_of_page(client, grants: int) -> int:
    first = offered_grant(title="Grant 0")
    organisation = first.grant.recipient
    for index in range(1, grants):
        cast = offered_grant(title=f"Grant {index}")
        Grant.objects.filter(pk=cast.grant.pk).update(recipient=organisation)
    for grant in Grant.objects.filter(recipient=organisation):
        a_return(grant, 1, london_today() - timedelta(days=1))
        paid_in_full(first, grant)
    sign_in(client, first.member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    html = response.content.decode()
    assert html.count('class="govuk-heading-m" id="grant-') == grants
    assert html.count("FIN-2") == grants
    return len(queries)


def test_the_page_makes_the_same_queries_for_one_grant_or_five(client):
    assert queries_of_page(client, 1) == queries_of_page(client, 5)
