"""An assessor's first save and a change to the round's scoring scale, at the same moment: one
goes through and the other is refused, never both (which would leave scores on a scale the
round no longer has).

Runs only on PostgreSQL: SQLite locks the whole database for a write, so it cannot show what row
locks do when the two really run side by side.
"""

import threading

import pytest
from django.db import connection

from innovation_fund.assessment.models import Assessment
from innovation_fund.assessment.services.assessments import save_scores
from innovation_fund.core.errors import DomainError
from innovation_fund.programmes.services import score_scale as score_scale_services
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
        reason="Needs PostgreSQL: a save racing a scale change needs real row locks "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

ROUNDS = 10
ZERO_TO_TWO = ["Not met", "Partly met", "Fully met"]


def test_a_first_save_and_a_new_scale_never_both_go_through():
    races = []
    for number in range(ROUNDS):
        funding_round = assessed_round(number=100 + number, slug=f"race-{number}")
        manager = manager_of(funding_round)
        bid = submitted_bid(funding_round)
        eligible(bid, by=manager)
        assessor = assessor_of(funding_round)
        races.append((funding_round, manager, assessor, assigned(bid, assessor, by=manager)))

    start_together = threading.Barrier(2 * ROUNDS)
    outcomes: dict[tuple[int, str], str] = {}
    unexpected: list[BaseException] = []
    results_lock = threading.Lock()

    def run(key, call):
        try:
            # Connect first, so that the two changes, not the connecting, start together.
            connection.ensure_connection()
            start_together.wait(timeout=30)
            call()
            outcome = "saved"
        except DomainError:
            outcome = "refused"
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            with results_lock:
                unexpected.append(error)
            return
        finally:
            connection.close()
        with results_lock:
            outcomes[key] = outcome

    threads = []
    for funding_round, manager, assessor, assignment in races:
        first = funding_round.criteria.order_by("position").first()
        threads += [
            threading.Thread(
                target=run,
                args=(
                    (funding_round.pk, "scale"),
                    lambda m=manager, r=funding_round: score_scale_services.set_score_scale(
                        m, r, ZERO_TO_TWO
                    ),
                ),
            ),
            threading.Thread(
                target=run,
                args=(
                    (funding_round.pk, "scores"),
                    # 3 is on the old scale (0 to 4) but not on the new one (0 to 2).
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
    for funding_round, _manager, _assessor, assignment in races:
        funding_round.refresh_from_db()
        scale_changed = funding_round.score_descriptors == ZERO_TO_TWO
        scored = Assessment.objects.filter(assignment=assignment).exists()
        assert scale_changed != scored, funding_round
        assert {outcomes[(funding_round.pk, "scale")], outcomes[(funding_round.pk, "scores")]} == {
            "saved",
            "refused",
        }
