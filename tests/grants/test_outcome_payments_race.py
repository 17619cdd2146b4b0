"""Managers verifying claims of one grant at the same moment never together pay past its outcome
budget: each verification locks the grant's row before it reads what is already due.

Runs only on PostgreSQL: SQLite locks the whole database for a write, so it cannot show what row
locks do when verifications really run side by side.
"""

import threading

import pytest
from django.db import connection

from innovation_fund.grants.models import OutcomeClaim
from innovation_fund.grants.services.outcome_payments import verify_claim
from tests.assessment.builders import manager_of
from tests.grants.outcome_builders import OUTCOME_BUDGET, a_return, claim_on, pbr_grant, term_on

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: verifications racing each other need real row locks "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

CLAIMS = 6


def test_concurrent_verifications_never_pass_the_outcome_budget():
    cast = pbr_grant()
    monitoring_return = a_return(cast)
    # Each claim alone would take £10,000 of the £25,000 budget.
    claims = [
        claim_on(term_on(cast, price=1_000_00, cap=10_000_00), monitoring_return, units=10)
        for _ in range(CLAIMS)
    ]
    managers = [manager_of(cast.round) for _ in range(CLAIMS)]
    start_together = threading.Barrier(CLAIMS)
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def verify(manager, claim):
        try:
            connection.ensure_connection()
            start_together.wait(timeout=30)
            verify_claim(manager, claim, units_verified=10)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            with lock:
                unexpected.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=verify, args=pair) for pair in zip(managers, claims, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not unexpected, unexpected
    due = sorted(
        OutcomeClaim.objects.filter(term__grant=cast.grant).values_list(
            "amount_due_pence", flat=True
        )
    )
    assert sum(due) == OUTCOME_BUDGET
    assert due == [0, 0, 0, 5_000_00, 10_000_00, 10_000_00]
