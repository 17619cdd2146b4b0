"""Every change to imported files and other funders' grants. Each runs in one transaction and
writes its audit event there.

The journey: `receive_file` stores an upload and queues `check_received_file` (tasks.py), which
reads the file and writes the report; `import_checked_file` then brings in every grant of a file
that passed, or nothing. Checks and imports in the background hold a lease (leases.py) and move
along the file's lifecycle (lifecycle.py).
"""

import hashlib
import json
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from innovation_fund.core.audit import record
from innovation_fund.core.stored_files import atomic_with_files, save_file
from innovation_fund.opendata.package_windows import each_grant

from .check_process import check_file_within_memory
from .checking import FAULT_MESSAGE, Report
from .leases import end_lease, give_up, grant_lease, lease_expired, start_attempt
from .lifecycle import move
from .models import ImportedFile
from .retention import discard_stored_copies, keeps_imported_originals
from .tasks import check_imported_file, import_queued_file
from .upserting import ImportCounts, NotImportable, upsert_grants

logger = logging.getLogger(__name__)
CHECKER = "360Giving file checker"
COMMAND_LINE = "command line"
Status = ImportedFile.Status


def receive_file(
    upload,
    *,
    original_name: str,
    publisher_name: str,
    source_url: str = "",
    licence: str = "",
    by=None,
    check_in_background: bool = True,
    sha256: str = "",
) -> ImportedFile:
    """Store an uploaded file (any Django File) to be checked. Nothing is read from it here: the
    check runs in the background once this has committed, unless the caller checks it itself.
    `sha256`: the file's digest, when the caller has already read it whole."""
    sha256 = sha256 or _sha256(upload.chunks())
    upload.seek(0)
    with atomic_with_files():  # a rollback deletes the stored upload
        imported_file = ImportedFile(
            original_name=original_name[:255],
            size_bytes=upload.size,
            sha256=sha256,
            publisher_name=publisher_name,
            source_url=source_url,
            licence=licence,
            uploaded_by=by,
        )
        grant_lease(imported_file)
        save_file(imported_file.file, "upload", upload)
        imported_file.save()
        record(
            actor=by,
            actor_label=None if by else COMMAND_LINE,
            action="otherfunders.file_received",
            target=imported_file,
            after={
                "original_name": imported_file.original_name,
                "size_bytes": imported_file.size_bytes,
                "sha256": imported_file.sha256,
                "publisher_name": publisher_name,
                "source_url": source_url,
                "licence": licence,
            },
        )
        if check_in_background:
            _queue_check(imported_file)
    return imported_file


def _queue_check(imported_file: ImportedFile) -> None:
    file_id, attempt = imported_file.pk, imported_file.attempt
    transaction.on_commit(lambda: check_imported_file.enqueue(file_id, attempt))


def check_again(imported_file: ImportedFile, *, by) -> ImportedFile:
    """Ask again for the check of a file whose last check did not finish."""
    with transaction.atomic():
        locked = ImportedFile.objects.select_for_update().get(pk=imported_file.pk)
        move(locked, "check_again")
        grant_lease(locked)
        locked.save()
        record(
            actor=by,
            action="otherfunders.check_asked_again",
            target=locked,
            after={"attempt": locked.attempt, "last_check": locked.check_error},
        )
        _queue_check(locked)
    return locked


def start_queued_check(imported_file_id: int, attempt: int | None) -> int | None:
    """A worker starting a queued check renews its lease (None: nothing to do, see leases)."""
    return start_attempt(imported_file_id, attempt, Status.CHECKING)


def check_received_file(imported_file_id: int, attempt: int | None = None) -> ImportedFile:
    """Read and check a stored upload, keep the report, and the grants as JSON if it was read.
    `attempt`: the check asked for (None: the file's current one); any other does nothing."""
    attempt = start_attempt(imported_file_id, attempt, Status.CHECKING)
    if attempt is None:  # checked already (a task run twice), or given up and asked again
        return ImportedFile.objects.get(pk=imported_file_id)
    imported_file = ImportedFile.objects.get(pk=imported_file_id)
    # The check and the stored package inside the folder: a large JSON file's package is the
    # file itself, read a window at a time (opendata/package_windows.py), so it is copied.
    with tempfile.TemporaryDirectory() as folder:
        # openpyxl goes by the name's ending, so the copy keeps the uploaded file's.
        local_copy = Path(folder) / f"upload{Path(imported_file.original_name).suffix.lower()}"
        try:
            with imported_file.file.open("rb") as stored, local_copy.open("wb") as copy:
                for chunk in stored.chunks():
                    copy.write(chunk)
        except OSError:
            logger.exception("Reading the stored upload %s failed", imported_file.pk)
            report, package = Report(read_error=FAULT_MESSAGE), None
        else:
            report, package = check_file_within_memory(
                local_copy, imported_file.original_name, Path(folder)
            )
        return _keep_report(imported_file_id, attempt, report, package)


def _keep_report(imported_file_id: int, attempt: int, report: Report, package) -> ImportedFile:
    with atomic_with_files():  # a rollback deletes the stored package
        imported_file = ImportedFile.objects.select_for_update().get(pk=imported_file_id)
        if imported_file.status != Status.CHECKING or imported_file.attempt != attempt:
            return imported_file  # checked meanwhile by another run, or given up for lost
        imported_file.report = report.as_json()
        imported_file.grant_count = report.grant_count if report.readable else None
        imported_file.checked_at = timezone.now()
        imported_file.check_error = ""
        move(imported_file, _action_after_check(report))
        end_lease(imported_file)
        if imported_file.status == Status.READY and package is not None:
            _store_package(imported_file, package)
        else:  # nothing more can be done with it: the report says why
            discard_stored_copies(imported_file, original=True)
        imported_file.save()
        record(
            actor=None,
            actor_label=CHECKER,
            action="otherfunders.file_checked",
            target=imported_file,
            after={
                "status": imported_file.status,
                "grant_count": imported_file.grant_count,
                "schema_errors": report.schema_error_count,
                "codelist_errors": report.codelist_error_count,
                "duplicate_ids": len(report.duplicate_ids),
                "notices": {notice["check"]: notice["count"] for notice in report.notices},
            },
        )
    return imported_file


def _store_package(imported_file: ImportedFile, package: dict | Path) -> None:
    """The grants as read: a package read whole written to disk as it is turned into JSON
    (not held again in memory as one string); a JSON file checked in windows copied as it is."""
    if isinstance(package, Path):
        with package.open("rb") as handle:
            save_file(imported_file.package, "package.json", File(handle))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "package.json"
        with path.open("w", encoding="utf-8") as handle:
            json.dump(package, handle, ensure_ascii=False)
        with path.open("rb") as handle:
            save_file(imported_file.package, "package.json", File(handle))


def _action_after_check(report: Report) -> str:
    if not report.readable:
        return "check_could_not_read"
    return "check_passed" if report.importable else "check_found_errors"


def queue_import(imported_file: ImportedFile, *, by) -> ImportedFile:
    """Ask for a checked file's grants to be imported in the background (a large file takes a
    while, and holds the database's write lock while it runs)."""
    with transaction.atomic():
        locked = ImportedFile.objects.select_for_update().get(pk=imported_file.pk)
        if locked.status == Status.IMPORTING and lease_expired(locked):
            give_up(locked)  # the last import's worker died: it is given up, and asked again
        _may_import(locked, allowed=(Status.READY,))
        move(locked, "import")
        grant_lease(locked)
        locked.imported_by = by
        locked.import_error = ""
        locked.save()
        record(
            actor=by,
            action="otherfunders.import_queued",
            target=locked,
            after={"attempt": locked.attempt},
        )
        file_id, attempt = locked.pk, locked.attempt
        transaction.on_commit(lambda: import_queued_file.enqueue(file_id, attempt))
    return locked


def start_queued_import(imported_file_id: int, attempt: int | None) -> int | None:
    """A worker starting a queued import renews its lease (None: nothing to do, see leases)."""
    return start_attempt(imported_file_id, attempt, Status.IMPORTING)


def import_checked_file(imported_file: ImportedFile, attempt: int | None = None) -> ImportCounts:
    """Bring in every grant of a file that passed its checks, all in one transaction.

    A grant already here (the same id) is changed only if the file says something different
    about it, so importing the same file twice changes nothing the second time. A grant id that
    another publisher's file brought is refused, not taken over: their grants stay apart.
    `attempt`: the queued import this is (a worker's task); None for the command line's.
    """
    try:
        with transaction.atomic():
            locked = ImportedFile.objects.select_for_update().get(pk=imported_file.pk)
            _may_import(locked, allowed=(Status.READY, Status.IMPORTING))
            if attempt is not None and locked.attempt != attempt:
                raise NotImportable("This import was given up for lost and asked for again")
            with locked.package.open("rb") as handle:
                # Floats as json.load gives them, so each grant's content hash is the same as
                # when it was checked or last imported.
                counts = upsert_grants(locked, each_grant(handle, use_float=True))
            move(locked, "import_done")
            end_lease(locked)
            locked.imported_at = timezone.now()
            locked.grants_added = counts.added
            locked.grants_changed = counts.changed
            locked.grants_unchanged = counts.unchanged
            discard_stored_copies(locked, original=not keeps_imported_originals())
            locked.save()
            record(
                actor=locked.imported_by,
                actor_label=None if locked.imported_by else COMMAND_LINE,
                action="otherfunders.file_imported",
                target=locked,
                after={
                    "added": counts.added,
                    "changed": counts.changed,
                    "unchanged": counts.unchanged,
                },
            )
    except IntegrityError:
        raise NotImportable(
            "Another file with some of the same grants was being imported at the same moment, "
            "so nothing was imported. Import this file again."
        ) from None
    imported_file.refresh_from_db()
    return counts


def import_failed(imported_file_id: int, reason: str, attempt: int | None = None) -> ImportedFile:
    """A queued import that could not be done goes back to waiting, with the reason shown.
    `attempt`: the import that failed (None: the current one); any other is left alone."""
    with transaction.atomic():
        locked = ImportedFile.objects.select_for_update().get(pk=imported_file_id)
        if locked.status != Status.IMPORTING or attempt not in (None, locked.attempt):
            return locked
        move(locked, "import_failed")
        end_lease(locked)
        locked.import_error = reason
        locked.save(update_fields=["status", "import_error", "lease_expires_at"])
        record(
            actor=None,
            actor_label=CHECKER,
            action="otherfunders.import_failed",
            target=locked,
            after={"reason": reason},
        )
    return locked


def _may_import(imported_file: ImportedFile, *, allowed: tuple[str, ...]) -> None:
    if imported_file.status == Status.IMPORTED:
        raise NotImportable("This file has already been imported")
    if imported_file.status == Status.IMPORTING and Status.IMPORTING not in allowed:
        raise NotImportable("This file is already being imported")
    if imported_file.status not in allowed:
        raise NotImportable("Only a file that has been checked and has no errors can be imported")


@dataclass(frozen=True)
class PathImport:
    imported_file: ImportedFile
    counts: ImportCounts | None  # None when the file was not imported


def import_path(
    path: Path,
    *,
    publisher_name: str,
    source_url: str = "",
    licence: str = "",
    check_only: bool = False,
) -> PathImport:
    """From the command line: receive a file from disk, check it at once and, if it passed and
    `check_only` is not set, import it. The same file from the same publisher, already checked
    and waiting to be imported (say by an earlier `--check-only`), is not checked again: what
    was checked is what is imported."""
    with path.open("rb") as handle:
        sha256 = _sha256(iter(lambda: handle.read(1024 * 1024), b""))
    checked = _waiting_to_be_imported(sha256, publisher_name)
    if checked is None:
        received = receive_path(
            path,
            publisher_name=publisher_name,
            source_url=source_url,
            licence=licence,
            sha256=sha256,
        )
        checked = check_received_file(received.pk)
    if checked.status != Status.READY or check_only:
        return PathImport(checked, None)
    counts = import_checked_file(checked)
    checked.refresh_from_db()
    return PathImport(checked, counts)


def _waiting_to_be_imported(sha256: str, publisher_name: str) -> ImportedFile | None:
    return (
        ImportedFile.objects.filter(
            sha256=sha256, publisher_name=publisher_name, status=Status.READY
        )
        .order_by("-checked_at", "-pk")
        .first()
    )


def _sha256(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def receive_path(
    path: Path, *, publisher_name: str, source_url: str = "", licence: str = "", sha256: str = ""
) -> ImportedFile:
    """For the command line: store a file from disk as if it had been uploaded."""
    with path.open("rb") as handle:
        return receive_file(
            File(handle, name=path.name),
            original_name=path.name,
            publisher_name=publisher_name,
            source_url=source_url,
            licence=licence,
            check_in_background=False,
            sha256=sha256,
        )
