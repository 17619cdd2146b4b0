"""Two managers removing each other at the same moment: the programme keeps one of them.

`remove_role` locks the programme's row and its managers' rows before counting, so the second
removal waits for the first and then sees it would leave no manager. Runs only on PostgreSQL:
SQLite locks the whole database for a write (and was not run by the helper that wrote this).
"""

import threading

import pytest
from django.db import connection

from innovation_fund.core.permissions import Refused
from innovation_fund.programmes.models import ProgrammeRole
from innovation_fund.programmes.services.team import remove_role
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: removals racing each other need real row locks "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

PAIRS = 10
MANAGER = ProgrammeRole.Role.PROGRAMME_MANAGER


def test_two_managers_removing_each_other_never_leave_a_programme_without_one():
    races = []
    for number in range(PAIRS):
        programme = ProgrammeFactory(slug=f"removal-race-{number}")
        first = ProgrammeRoleFactory(programme=programme)
        second = ProgrammeRoleFactory(programme=programme)
        races.append((programme, first, second))

    start_together = threading.Barrier(2 * PAIRS)
    unexpected: list[BaseException] = []
    results_lock = threading.Lock()

    def run(call):
        try:
            connection.ensure_connection()
            start_together.wait(timeout=30)
            call()
        except Refused:
            pass  # the second removal is refused: that is the point
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            with results_lock:
                unexpected.append(error)
        finally:
            connection.close()

    threads = []
    for _programme, first, second in races:
        threads += [
            threading.Thread(target=run, args=(lambda a=first, b=second: remove_role(a.user, b),)),
            threading.Thread(target=run, args=(lambda a=first, b=second: remove_role(b.user, a),)),
        ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert unexpected == []
    for programme, _first, _second in races:
        assert ProgrammeRole.objects.filter(programme=programme, role=MANAGER).count() == 1
