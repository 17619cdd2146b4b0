"""Two reminder runs at the same moment (a cron job and a retry, or two workers) still send one
reminder a return a day: the unique (return, day) row decides, and only the run that created it
sends the emails.

Runs only on PostgreSQL: SQLite locks the whole database for a write, so it cannot show what
happens when the runs really overlap.
"""

import threading

import pytest
from django.db import connection

from innovation_fund.grants.models import ReturnReminder
from innovation_fund.grants.reminders import send_due_reminders
from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.grants.services.returns import set_return_schedule
from tests.grants.builders import offered_grant
from tests.grants.test_reminders import DUE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: overlapping runs need real concurrent transactions "
        "(run with DATABASE_URL=postgres://…)",
    ),
]
RUNS = 4


def test_overlapping_runs_send_one_reminder_and_one_email_each(outbox):
    cast = offered_grant()
    set_return_schedule(cast.manager, cast.round, every_months=3, due_days_after_period=30)
    accept_offer(cast.officer, cast.grant, accepts_conditions=True)
    start_together = threading.Barrier(RUNS)
    counts: list[int] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def run():
        try:
            connection.ensure_connection()
            start_together.wait(timeout=30)
            sent = send_due_reminders(DUE)
            with lock:
                counts.append(sent)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            with lock:
                unexpected.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not unexpected, unexpected
    assert sorted(counts) == [0] * (RUNS - 1) + [1]
    assert ReturnReminder.objects.count() == 1
    reminders = [sent[0].to for sent in outbox if sent[0].template == "return_reminder"]
    assert sorted(reminders) == sorted([cast.officer.email, cast.member.email])
