"""Files stored as part of a database transaction are deleted again if it rolls back.

A row and the file it points to must appear together or not at all, but storage is not part of
the database transaction: a file saved before something fails (a later file, the audit event,
the row itself) would be left behind, orphaned, when the transaction rolls back. Django has no
"on rollback" hook, so the transaction that stores files is opened with `atomic_with_files()`
and each file is stored with `save_file()`:

    with atomic_with_files():
        save_file(published.file, "grants.json", File(handle))
        published.save()
        record(...)

If the block exits with an exception, or was marked for rollback (`set_rollback(True)`), the
files stored in it are deleted once the rollback is done. Blocks nest: a file stored in an inner
block that committed its savepoint is handed to the enclosing block, and is deleted if that one
rolls back. A plain `transaction.atomic()` around the outermost `atomic_with_files()` is not
seen, so make `atomic_with_files()` the outermost transaction of a service that stores files.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import Storage
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)

_local = threading.local()

StoredFiles = list[tuple[Storage, str]]


def _open_blocks(using: str | None) -> list[StoredFiles]:
    """The files stored in each open `atomic_with_files` block on this thread, innermost last."""
    if not hasattr(_local, "blocks"):
        _local.blocks = {}
    return _local.blocks.setdefault(using or DEFAULT_DB_ALIAS, [])


def _delete(stored: StoredFiles) -> None:
    for storage, name in stored:
        try:
            storage.delete(name)
        except OSError:
            # Never hide the error that caused the rollback; the file is only left over.
            logger.exception("Could not delete %s after a rollback", name)


@contextmanager
def atomic_with_files(using: str | None = None) -> Iterator[None]:
    """`transaction.atomic()`, deleting the files stored in it with `save_file` on rollback."""
    blocks = _open_blocks(using)
    stored: StoredFiles = []
    blocks.append(stored)
    committed = False
    try:
        with transaction.atomic(using=using):
            yield
            marked_for_rollback = transaction.get_rollback(using=using)
        # Only now: the commit (or savepoint release) itself may fail and roll back.
        committed = not marked_for_rollback
    finally:
        blocks.pop()
        if not committed:
            _delete(stored)
        elif blocks:
            blocks[-1].extend(stored)  # the enclosing block may still roll back


def save_file(field_file: FieldFile, name: str, content, using: str | None = None) -> None:
    """Store `content` as `field_file` (the row is saved by the caller), to be deleted again if
    the enclosing `atomic_with_files()` block rolls back."""
    blocks = _open_blocks(using)
    if not blocks:
        raise RuntimeError("Store files inside atomic_with_files(), so a rollback removes them")
    field_file.save(name, content, save=False)
    blocks[-1].append((field_file.storage, field_file.name))
