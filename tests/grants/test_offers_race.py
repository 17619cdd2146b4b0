"""An accountable officer accepting while another declines the same offer, and two managers
changing one schedule at once: each answer and each change locks the grant's row first, so one
wins and the other is refused; never both.

Runs only on PostgreSQL: SQLite locks the whole database for a write, so it cannot show what row
locks do when requests really run side by side.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from innovation_fund.core.dates import london_today
from innovation_fund.core.errors import DomainError
from innovation_fund.grants.models import Grant, Instalment
from innovation_fund.grants.services.offers import accept_offer, decline_offer
from innovation_fund.grants.services.schedules import adjust_instalments, schedule_fingerprint
from innovation_fund.organisations.models import MemberRole
from tests.factories import MembershipFactory
from tests.grants.builders import offered_grant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: answers racing each other need real row locks "
        "(run with DATABASE_URL=postgres://…)",
    ),
]


def side_by_side(*actions) -> tuple[list, list[BaseException]]:
    start_together = threading.Barrier(len(actions))
    done, refused = [], []
    lock = threading.Lock()

    def run(action):
        try:
            connection.ensure_connection()
            start_together.wait(timeout=30)
            result = action()
            with lock:
                done.append(result)
        except DomainError as error:
            with lock:
                refused.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return done, refused


def test_accepting_and_declining_at_once_answers_the_offer_once():
    cast = offered_grant()
    Grant.objects.filter(pk=cast.grant.pk).update(respond_by=london_today() + timedelta(days=5))
    cast.grant.refresh_from_db()
    other_officer = MembershipFactory(
        organisation=cast.grant.recipient, role=MemberRole.ACCOUNTABLE_OFFICER
    ).user

    done, refused = side_by_side(
        lambda: accept_offer(cast.officer, cast.grant, accepts_conditions=True),
        lambda: decline_offer(other_officer, cast.grant, reason="No"),
    )

    assert (len(done), len(refused)) == (1, 1)
    grant = Grant.objects.get(pk=cast.grant.pk)
    assert grant.state == done[0].state
    assert grant.responded_by_id == done[0].responded_by_id


def test_two_managers_changing_the_schedule_from_one_page_never_both_win():
    cast = offered_grant()
    instalments = list(Instalment.objects.filter(grant=cast.grant).order_by("number"))
    seen = schedule_fingerprint(instalments)

    def moved(first_pence):
        rows = [
            {"number": i.number, "due_on": i.due_on, "amount_pence": i.amount_pence}
            for i in instalments
        ]
        rows[0]["amount_pence"], rows[1]["amount_pence"] = first_pence, 30_000_00 - first_pence
        return rows

    done, refused = side_by_side(
        lambda: adjust_instalments(cast.manager, cast.grant, moved(10_000_00), seen=seen),
        lambda: adjust_instalments(cast.second_manager, cast.grant, moved(20_000_00), seen=seen),
    )

    assert (len(done), len(refused)) == (1, 1)
    assert "Someone changed this schedule" in refused[0].message
    amounts = list(
        Instalment.objects.filter(grant=cast.grant, number__in=[1, 2])
        .order_by("number")
        .values_list("amount_pence", flat=True)
    )
    assert sum(amounts) == 30_000_00 and amounts[0] in (10_000_00, 20_000_00)
