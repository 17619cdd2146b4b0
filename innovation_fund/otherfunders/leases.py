"""Leases on the checks and imports done in the background, so that none is in hand for good.

A check or import takes a lease when it is asked for (`grant_lease`) and renews it when a worker
starts it (`start_attempt`), recording which worker and when. A worker that dies (a deploy, out
of memory, a restart) cannot finish it or say so; once its lease has expired,
`release_expired_leases` gives the work up: a check becomes "Check did not finish", an import
goes back to ready, each with what happened on the file's page and an audit event, and the
programme team can ask again from the page. An import is one transaction, so a dead worker's is
rolled back by the database and nothing of it was written.

The lease is not renewed while the work runs: an import cannot write anything others see until
it commits. OTHERFUNDERS_TASK_LEASE_SECONDS is therefore set well above the longest legitimate
check or import. Expired leases are given up whenever the import pages are viewed, whenever a
worker starts a check or an import, and by `manage.py release_expired_leases` (for cron).

Each request for a check or an import is a new `attempt`, and its task carries the number: a
task for an attempt given up (a worker that was slow, not dead) finds it is not the file's
current attempt and does nothing.
"""

import logging
import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from innovation_fund.core.audit import record

from .lifecycle import LEASED, move
from .models import ImportedFile

logger = logging.getLogger(__name__)
Status = ImportedFile.Status
KEEPER = "Background work monitor"

CHECK_STOPPED = (
    "The check stopped before it finished (the background worker stopped). Nothing was kept "
    "from it. Check the file again."
)
CHECK_NOT_STARTED = (
    "The check did not start: no background worker took it up within {wait}. Check the file "
    "again; if it still does not start, ask whoever runs this service to restart the background "
    "worker."
)
IMPORT_STOPPED = (
    "The import stopped before it finished (the background worker stopped). Nothing was "
    "imported. Import it again."
)
IMPORT_NOT_STARTED = (
    "The import did not start: no background worker took it up within {wait}. Nothing was "
    "imported. Import it again; if it still does not start, ask whoever runs this service to "
    "restart the background worker."
)


def lease_length() -> timedelta:
    return timedelta(seconds=settings.OTHERFUNDERS_TASK_LEASE_SECONDS)


def grant_lease(imported_file: ImportedFile) -> None:
    """A new attempt at checking or importing the file, asked for now. The caller saves it."""
    imported_file.attempt += 1
    imported_file.attempt_started_at = None
    imported_file.lease_holder = ""
    imported_file.lease_expires_at = timezone.now() + lease_length()


def end_lease(imported_file: ImportedFile) -> None:
    """The work in hand finished (or failed and said so). The caller saves it."""
    imported_file.lease_expires_at = None


def lease_expired(imported_file: ImportedFile) -> bool:
    expires = imported_file.lease_expires_at
    return expires is not None and expires <= timezone.now()


def start_attempt(imported_file_id: int, attempt: int | None, status: str) -> int | None:
    """A worker starting the check or import (`status`) of attempt `attempt` (None: whichever is
    current) renews its lease from now and records itself. Returns the attempt to carry on with,
    or None when there is nothing to do: the file is not in `status`, or is on another attempt."""
    with transaction.atomic():
        locked = ImportedFile.objects.select_for_update().get(pk=imported_file_id)
        if locked.status != status or attempt not in (None, locked.attempt):
            return None
        now = timezone.now()
        locked.attempt_started_at = now
        locked.lease_holder = f"{socket.gethostname()} process {os.getpid()}"[:200]
        locked.lease_expires_at = now + lease_length()
        locked.save(update_fields=["attempt_started_at", "lease_holder", "lease_expires_at"])
        return locked.attempt


def release_expired_leases() -> list[ImportedFile]:
    """Give up every check and import whose lease has expired; returns the files given up.

    A file whose row another transaction holds (a live import past its lease, on PostgreSQL) is
    skipped, as is everything while SQLite's write lock is held by such an import: it is alive.
    """
    due = list(
        ImportedFile.objects.filter(
            status__in=list(LEASED), lease_expires_at__lte=timezone.now()
        ).values_list("pk", flat=True)
    )
    released = []
    for pk in due:
        try:
            with transaction.atomic():
                locked = (
                    ImportedFile.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, status__in=list(LEASED), lease_expires_at__lte=timezone.now())
                    .first()
                )
                if locked is not None:
                    give_up(locked)
                    released.append(locked)
        except OperationalError:
            logger.warning("Could not give up the expired work on file %s: locked", pk)
    return released


def give_up(locked: ImportedFile) -> None:
    """Give up the check or import in hand on a file locked for update whose lease has expired:
    it goes where a person can ask again, saying what happened. Inside the caller's transaction."""
    was = locked.status
    action = LEASED[was]
    started_at = locked.attempt_started_at
    reason = _what_happened(was, started_at)
    move(locked, action)
    if was == Status.CHECKING:
        locked.check_error = reason
    else:
        locked.import_error = reason
    expired_at = locked.lease_expires_at
    end_lease(locked)
    locked.save(update_fields=["status", "check_error", "import_error", "lease_expires_at"])
    record(
        actor=None,
        actor_label=KEEPER,
        action=f"otherfunders.{action}",
        target=locked,
        before={"status": was},
        after={
            "status": locked.status,
            "attempt": locked.attempt,
            "started_at": started_at.isoformat() if started_at else None,
            "worker": locked.lease_holder,
            "lease_expired_at": expired_at.isoformat() if expired_at else None,
            "reason": reason,
        },
    )


def _what_happened(status: str, started_at: datetime | None) -> str:
    if started_at is not None:
        return CHECK_STOPPED if status == Status.CHECKING else IMPORT_STOPPED
    seconds = round(lease_length().total_seconds())
    amount, unit = (seconds // 60, "minute") if seconds >= 60 else (seconds, "second")
    wait = f"{amount} {unit}{'s' if amount != 1 else ''}"
    template = CHECK_NOT_STARTED if status == Status.CHECKING else IMPORT_NOT_STARTED
    return template.format(wait=wait)
