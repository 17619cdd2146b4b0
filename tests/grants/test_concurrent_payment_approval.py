"""Two finance officers approving the same payment at the same moment: exactly one approves it.

Runs only on PostgreSQL: SQLite locks the whole database for a write, so it cannot show what row
locks do when approvals really run side by side.
"""

import threading

import pytest
from django.db import connection

from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Payment
from innovation_fund.grants.money import money_of_grant
from innovation_fund.grants.services import payments as services
from tests.grants.payment_builders import accepted_grant, travel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: approvals racing each other need real row locks "
        "(run with DATABASE_URL=postgres://…)",
    ),
]


def test_two_finance_officers_approving_at_once_approve_it_once():
    cast = accepted_grant()
    with travel():
        payment = services.request_payment(cast.manager, cast.grant.instalments.first())
        officers = [cast.finance_officer, cast.second_finance_officer]
        start_together = threading.Barrier(len(officers))
        approved, refused, unexpected = [], [], []
        results_lock = threading.Lock()

        def approve(officer):
            try:
                connection.ensure_connection()
                start_together.wait(timeout=30)
                services.approve_payment(officer, payment)
                with results_lock:
                    approved.append(officer)
            except Refused as error:
                with results_lock:
                    refused.append(error)
            except BaseException as error:  # noqa: BLE001 - reported by the assertion below
                with results_lock:
                    unexpected.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=approve, args=(officer,)) for officer in officers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert not unexpected, unexpected
    assert len(approved) == 1
    assert len(refused) == 1
    assert "approved" in refused[0].reason
    payment.refresh_from_db()
    assert payment.state == Payment.State.APPROVED
    assert payment.approved_by == approved[0]
    money = money_of_grant(cast.grant)
    assert money.approved_pence == payment.amount_pence <= money.scheduled_pence
