"""An assessor declaring a conflict in one tab while saving scores for that bid in another: one
waits for the other, and neither fails with a deadlock. Declaring locks the person and then
their assignments; saving locks the assignment and then writes rows that refer to the person.

Runs only on PostgreSQL: SQLite locks the whole database for a write.
"""

import threading

import pytest
from django.db import connection

from innovation_fund.assessment.models import Assignment
from innovation_fund.assessment.services.assessments import save_scores
from innovation_fund.assessment.services.conflicts import declare_conflict
from innovation_fund.core.errors import DomainError
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    manager_of,
    submitted_bid,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: a conflict racing a save needs real row locks "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

PAIRS = 10


def test_declaring_a_conflict_while_saving_scores_never_deadlocks():
    races = []
    for number in range(PAIRS):
        funding_round = assessed_round(number=200 + number, slug=f"conflict-race-{number}")
        manager = manager_of(funding_round)
        bid = submitted_bid(funding_round)
        eligible(bid, by=manager)
        assessor = assessor_of(funding_round)
        races.append((bid, assessor, assigned(bid, assessor, by=manager)))

    start_together = threading.Barrier(2 * PAIRS)
    unexpected: list[BaseException] = []
    results_lock = threading.Lock()

    def run(call):
        try:
            connection.ensure_connection()
            start_together.wait(timeout=30)
            call()
        except DomainError:
            pass  # a save refused because the assignment was withdrawn first is expected
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            with results_lock:
                unexpected.append(error)
        finally:
            connection.close()

    threads = []
    for bid, assessor, assignment in races:
        first = bid.round.criteria.order_by("position").first()
        threads += [
            threading.Thread(
                target=run,
                args=(
                    lambda a=assessor, b=bid: declare_conflict(
                        a, b.lead_organisation, "I used to work there"
                    ),
                ),
            ),
            threading.Thread(
                target=run,
                args=(
                    lambda a=assessor, g=assignment, c=first: save_scores(
                        a, g, {c.pk: (3, "Strong")}, submit=False, expected_version=0
                    ),
                ),
            ),
        ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not unexpected, unexpected
    for _bid, _assessor, assignment in races:
        assert Assignment.objects.get(pk=assignment.pk).state == Assignment.State.WITHDRAWN
