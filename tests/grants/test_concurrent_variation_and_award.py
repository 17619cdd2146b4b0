"""A variation's increase and a new award, approved at the same moment in the same round and
year where only one fits: exactly one succeeds.

Runs only on PostgreSQL: SQLite locks the whole database for a write, so it cannot show what row
locks do when approvals really run side by side.
"""

import threading

import pytest
from django.db import connection

from innovation_fund.assessment.budget import BudgetExceeded, programme_overview
from innovation_fund.assessment.models import Decision
from innovation_fund.assessment.services.decisions import record_decision
from innovation_fund.grants.models import Grant, Variation
from innovation_fund.grants.services.variations import approve_variation, request_variation
from innovation_fund.programmes.models import YearBudget
from tests.assessment.builders import eligible, submitted_bid
from tests.grants.builders import AWARD, YEARS
from tests.grants.variation_builders import live_grant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: approvals racing each other need real row locks "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

EXTRA = 40_000_00  # what each of the two wants in 2027-28, where only that much is left


@pytest.mark.parametrize("attempt", range(3))
def test_a_variation_increase_and_an_award_racing_for_the_last_money(attempt):
    cast = live_grant()
    YearBudget.objects.create(
        programme=cast.round.programme, financial_year=2027, budget_pence=YEARS[2027] + EXTRA
    )
    variation = request_variation(
        cast.officer,
        cast.grant,
        kind=Variation.Kind.AMOUNT,
        reason="More children referred",
        proposed_amount_pence=AWARD + EXTRA,
        proposed_years={2027: YEARS[2027] + EXTRA, 2028: YEARS[2028]},
    )
    bid = submitted_bid(cast.round, amount_pence=EXTRA)
    eligible(bid, by=cast.manager)

    start_together = threading.Barrier(2)
    succeeded, refused, unexpected = [], [], []
    lock = threading.Lock()

    def run(name, action):
        try:
            connection.ensure_connection()
            start_together.wait(timeout=30)
            action()
            with lock:
                succeeded.append(name)
        except BudgetExceeded as error:
            with lock:
                refused.append((name, error))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            with lock:
                unexpected.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=run,
            args=("variation", lambda: approve_variation(cast.manager, variation, reasons="Ok")),
        ),
        threading.Thread(
            target=run,
            args=(
                "award",
                lambda: record_decision(
                    cast.second_manager,
                    bid,
                    outcome=Decision.Outcome.APPROVE,
                    reasons="Strong",
                    award_pence=EXTRA,
                    years={2027: EXTRA},
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not unexpected, unexpected
    assert len(succeeded) == 1 and len(refused) == 1, (succeeded, refused)
    overview = programme_overview(cast.round.programme)
    assert overview.year(2027).awarded_pence == YEARS[2027] + EXTRA
    variation.refresh_from_db()
    approved_award = Decision.objects.filter(application=bid, outcome="approve").exists()
    assert (variation.state == Variation.State.APPROVED) != approved_award
    grant = Grant.objects.get(pk=cast.grant.pk)
    assert grant.amount_pence == (AWARD + EXTRA if succeeded == ["variation"] else AWARD)
