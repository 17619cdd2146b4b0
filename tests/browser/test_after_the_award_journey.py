"""Everything after the award, from the screens.

The grantee's accountable officer accepts the offer with JavaScript off. The manager sets the
round's return schedule, builds the payment schedule and makes the first instalment wait for the
first monitoring return. When it is due, the grantee fills the return in and submits it, and the
manager accepts it, which meets the condition. The manager requests the payment and, though also
a finance officer, is refused as its approver (said plainly); another finance officer approves
it, downloads the payment run as CSV and XLSX and records it as paid. The grantee asks to move
money between years; the manager approves, the schedule is rebuilt and the paid instalment is
untouched. The last instalment becomes payment by results for an outcome; the grantee claims
units in the next return, the manager verifies fewer (with a reason) and requests the payment,
which a finance officer approves and records as paid. A later return goes overdue: the daily
reminders email the grantee and the manager sees it on the overdue list. The finance officer
sees the spend. The clock moves with `time_machine`; axe-core runs on every page visited with
JavaScript on.
"""

import io
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser

from innovation_fund.grants.models import Grant, Instalment, Payment
from innovation_fund.grants.money import money_of_grant
from tests.grants.builders import offered_grant
from tests.grants.payment_builders import also_finance_officer

from .after_award_steps import (
    finance_officer_approves,
    finance_officer_records_paid,
    finance_officer_runs_the_payments,
    finance_officer_sees_the_spend,
    first_instalment_waits_for_return_one,
    grantee_accepts_the_offer,
    grantee_asks_to_move_money,
    grantee_fills_in_and_submits_a_return,
    manager_accepts_the_return,
    manager_approves_the_variation,
    manager_builds_the_schedule,
    manager_pays_the_last_instalment_by_results,
    manager_requests_payment_and_may_not_approve_it,
    manager_sees_the_overdue_return,
    manager_sets_the_return_schedule,
    manager_verifies_the_claim_and_requests_payment,
)
from .journey_cast import Clock, People
from .steps import latest_email

LONDON = ZoneInfo("Europe/London")
ANNOUNCED = datetime(2027, 3, 2, 9, 0, tzinfo=LONDON)
FIRST_RETURN_IN = datetime(2027, 7, 20, 10, 0, tzinfo=LONDON)
SECOND_RETURN_IN = datetime(2027, 10, 20, 10, 0, tzinfo=LONDON)
THIRD_RETURN_A_WEEK_LATE = datetime(2028, 2, 6, 10, 0, tzinfo=LONDON)


@pytest.fixture
def clock() -> Iterator[Clock]:
    clock = Clock()
    yield clock
    clock.stop()


@pytest.fixture
def awarded(transactional_db, clock):
    """A grant just announced (offered): £60,000 in 2027-28 and £40,000 in 2028-29, its round
    funding April 2027 to March 2029; the first manager also holds the finance officer role."""
    clock.move_to(ANNOUNCED)
    cast = offered_grant(title="Family Safeguarding in Wakefield")
    also_finance_officer(cast)
    return cast


def test_a_grant_is_accepted_paid_varied_and_monitored_from_the_screens(
    browser: Browser, live_server, awarded, clock: Clock
):
    base_url = live_server.url
    team = People(browser, base_url)
    grantee = People(browser, base_url, java_script_enabled=False)
    grant, officer = awarded.grant, awarded.officer.email

    def next_day(moment):
        clock.move_to(moment)
        team.sign_everyone_out()
        grantee.sign_everyone_out()

    grantee_accepts_the_offer(grantee.signed_in(officer), base_url, grantee.check)
    assert Grant.objects.get(pk=grant.pk).state == Grant.State.ACCEPTED
    manager = team.signed_in(awarded.manager.email)
    manager_sets_the_return_schedule(manager, base_url, awarded.round.pk)
    manager_builds_the_schedule(manager, base_url, grant.pk)
    first_instalment_waits_for_return_one(manager, base_url, grant.pk)

    # The first quarter is over: its return is in and accepted, and the first instalment paid.
    next_day(FIRST_RETURN_IN)
    grantee_fills_in_and_submits_a_return(
        grantee.signed_in(officer), base_url, grant.pk, 1, grantee.check
    )
    manager = team.signed_in(awarded.manager.email)
    manager_accepts_the_return(manager, base_url, grant.pk, 1)
    manager_requests_payment_and_may_not_approve_it(manager, base_url, grant.pk)
    finance = team.signed_in(awarded.finance_officer.email)
    finance_officer_approves(finance, base_url, grant.pk)
    finance_officer_runs_the_payments(finance, base_url, grant.recipient.name)
    assert money_of_grant(grant).paid_pence == 30_000_00
    first_paid = Payment.objects.get(state=Payment.State.PAID).instalment

    # Money moves between years; the paid instalment does not change.
    grantee_asks_to_move_money(grantee.signed_in(officer), base_url, grant.pk, grantee.check)
    manager_approves_the_variation(manager, base_url, grant.pk)
    instalments = {i.pk: i for i in Instalment.objects.filter(grant=grant)}
    assert instalments[first_paid.pk].amount_pence == first_paid.amount_pence
    assert instalments[first_paid.pk].due_on == first_paid.due_on
    in_2027 = sum(i.amount_pence for i in instalments.values() if i.financial_year == 2027)
    assert in_2027 == 70_000_00
    last = max(instalments.values(), key=lambda i: (i.due_on, i.number))
    manager_pays_the_last_instalment_by_results(manager, base_url, grant.pk, last.number)

    # The second quarter: units claimed in the return, verified in part, and paid.
    next_day(SECOND_RETURN_IN)
    grantee_fills_in_and_submits_a_return(
        grantee.signed_in(officer), base_url, grant.pk, 2, grantee.check, claim_units="6"
    )
    manager = team.signed_in(awarded.manager.email)
    manager_accepts_the_return(manager, base_url, grant.pk, 2)
    manager_verifies_the_claim_and_requests_payment(manager, base_url, grant.pk)
    finance_officer_records_paid(team.signed_in(awarded.finance_officer.email), base_url, grant.pk)
    assert money_of_grant(grant).paid_pence == 35_000_00

    # The third return is a week late: the daily reminders chase it.
    next_day(THIRD_RETURN_A_WEEK_LATE)
    call_command("send_return_reminders", stdout=io.StringIO())
    _, subject, body = latest_email(officer, "return_reminder")
    assert subject.startswith("Overdue: monitoring return 3")
    assert "7 days overdue" in body
    manager_sees_the_overdue_return(team.signed_in(awarded.manager.email), base_url, 3)
    finance_officer_sees_the_spend(
        team.signed_in(awarded.finance_officer.email), base_url, "£35,000"
    )
