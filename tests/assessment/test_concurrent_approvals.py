"""Managers approving at the same moment cannot together take a round over its envelope.

Runs only on PostgreSQL: SQLite locks the whole database for a write, so it cannot show what row
locks do when approvals really run side by side.
"""

import threading

import pytest
from django.db import connection

from innovation_fund.assessment.budget import BudgetExceeded
from innovation_fund.assessment.models import Decision
from innovation_fund.assessment.services.decisions import record_decision
from tests.assessment.builders import assessed_round, eligible, manager_of, submitted_bid

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: approvals racing each other need real row locks "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

BIDS = 8
ENVELOPE = 300_000_00
ASKED = 100_000_00
FIRST_YEAR = 2027


def test_concurrent_approvals_never_exceed_the_envelope():
    funding_round = assessed_round(budget_pence=ENVELOPE)
    managers = [manager_of(funding_round) for _ in range(BIDS)]
    bids = [submitted_bid(funding_round, amount_pence=ASKED) for _ in range(BIDS)]
    for bid in bids:
        eligible(bid, by=managers[0])

    start_together = threading.Barrier(BIDS)
    approved: list[Decision] = []
    refused: list[BudgetExceeded] = []
    unexpected: list[BaseException] = []
    results_lock = threading.Lock()

    def approve(manager, bid):
        try:
            # Connect first, so that the approvals, not the connecting, start together.
            connection.ensure_connection()
            start_together.wait(timeout=30)
            decision = record_decision(
                manager,
                bid,
                outcome=Decision.Outcome.APPROVE,
                reasons="Strong bid",
                award_pence=ASKED,
                years={FIRST_YEAR: ASKED},
            )
            with results_lock:
                approved.append(decision)
        except BudgetExceeded as error:
            with results_lock:
                refused.append(error)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            with results_lock:
                unexpected.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(manager, bid))
        for manager, bid in zip(managers, bids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not unexpected, unexpected
    assert len(approved) == 3
    assert len(refused) == BIDS - 3
    current = Decision.objects.current().filter(
        application__round=funding_round, outcome=Decision.Outcome.APPROVE
    )
    assert current.count() == 3
    assert sum(current.values_list("award_pence", flat=True)) <= ENVELOPE
    for error in refused:
        assert error.left_pence == 0
        assert error.message.endswith("£0 is left.")
