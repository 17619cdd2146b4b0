"""An announced decision whose letter was never written (the worker died while writing it, or
its task was lost) is asked for again by `manage.py write_overdue_letters`, once overdue; the
letter is then written and sent once, and a letter already waiting in the queue is not asked
for twice."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innovation_fund.core.models import AuditEvent
from innovation_fund.grants.models import Letter
from tests.applications.builders import officer_of
from tests.assessment.builders import assessed_round, manager_of, submitted_bid
from tests.assessment.test_announcements import (
    LETTER_EMAILS,
    announce,
    approved,
    letter_storage,  # noqa: F401 - a fixture, used by name below
    rejected,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letter_storage")]


def overdue(settings, extra_seconds=1):
    return time_machine.travel(
        timezone.now() + timedelta(seconds=settings.GRANTS_LETTER_OVERDUE_SECONDS + extra_seconds),
        tick=False,
    )


def test_letters_never_written_are_written_and_sent_once_overdue(
    outbox, settings, django_capture_on_commit_callbacks
):
    funding_round = assessed_round()
    manager = manager_of(funding_round)
    winner, loser = submitted_bid(funding_round), submitted_bid(funding_round)
    officer_of(winner), officer_of(loser)
    approved(winner)
    rejected(loser)
    with django_capture_on_commit_callbacks(execute=False):  # the worker died: none written
        announce(manager, funding_round)
    assert not Letter.objects.exists()

    with overdue(settings, extra_seconds=-60), django_capture_on_commit_callbacks(execute=True):
        call_command("write_overdue_letters")
    assert not Letter.objects.exists()  # not overdue yet: the worker may be at it

    with overdue(settings), django_capture_on_commit_callbacks(execute=True):
        call_command("write_overdue_letters")
    assert Letter.objects.count() == 2
    assert AuditEvent.objects.filter(action="grants.letter_asked_again").count() == 2
    assert len([email for email, _, _ in outbox if email.template in LETTER_EMAILS]) == 2

    with overdue(settings), django_capture_on_commit_callbacks(execute=True):
        call_command("write_overdue_letters")
    assert Letter.objects.count() == 2
    assert len([email for email, _, _ in outbox if email.template in LETTER_EMAILS]) == 2


def test_a_letter_waiting_in_the_queue_is_not_asked_for_again(
    settings, django_capture_on_commit_callbacks
):
    funding_round = assessed_round()
    manager = manager_of(funding_round)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    officer_of(bid := submitted_bid(funding_round))
    approved(bid)
    with django_capture_on_commit_callbacks(execute=True):  # queued; no worker has taken it
        announce(manager, funding_round)
    letter_tasks = DBTaskResult.objects.filter(task_path__endswith="write_and_send_letter")
    assert letter_tasks.count() == 1

    with overdue(settings), django_capture_on_commit_callbacks(execute=True):
        call_command("write_overdue_letters")
    assert letter_tasks.count() == 1
    assert not AuditEvent.objects.filter(action="grants.letter_asked_again").exists()
