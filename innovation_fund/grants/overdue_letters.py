"""Letters an announcement asked for that were never written: the worker died while writing
them (a deploy, out of memory) or their task was lost. `ask_again_for_overdue_letters` queues
the letter task again for every announced decision still without its letter
GRANTS_LETTER_OVERDUE_SECONDS after the announcement, unless one is already waiting in the
queue; `manage.py write_overdue_letters` runs it from cron. The task writes a decision's letter
and emails once at most, so asking again can never send a second letter."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innovation_fund.assessment.models import AwardBatch, BatchDecision
from innovation_fund.core.audit import record

from .tasks import write_and_send_letter

MONITOR = "Background work monitor"


def overdue_letters() -> QuerySet[BatchDecision]:
    """Announced decisions whose letter should have been written by now and was not."""
    overdue_since = timezone.now() - timedelta(seconds=settings.GRANTS_LETTER_OVERDUE_SECONDS)
    return BatchDecision.objects.filter(
        batch__state=AwardBatch.State.ANNOUNCED,
        batch__announced_at__lte=overdue_since,
        decision__letter__isnull=True,
    ).select_related("batch", "decision")


def ask_again_for_overdue_letters() -> int:
    """Queue the letter task again for each overdue letter not already waiting; how many."""
    waiting = _decisions_waiting_for_a_letter()
    asked = 0
    for entry in overdue_letters():
        if entry.decision_id in waiting:
            continue
        with transaction.atomic():
            record(
                actor=None,
                actor_label=MONITOR,
                action="grants.letter_asked_again",
                target=entry.decision,
                after={"announced_at": entry.batch.announced_at.isoformat()},
            )
            decision_id, created_by_id = entry.decision_id, entry.batch.announced_by_id
            transaction.on_commit(
                lambda d=decision_id, c=created_by_id: write_and_send_letter.enqueue(
                    decision_id=d, created_by_id=c
                )
            )
        asked += 1
    return asked


def _decisions_waiting_for_a_letter() -> set[int]:
    """Decisions whose letter task waits in the database queue (none with other backends)."""
    queued = DBTaskResult.objects.ready().filter(task_path=write_and_send_letter.module_path)
    return {
        result["kwargs"].get("decision_id")
        for result in queued.values_list("args_kwargs", flat=True)
    }
