"""Background work: reading and checking a large spreadsheet takes too long for a request.

Each task carries the attempt it was queued for (leases.py); a task queued before attempts were
counted has none and does the file's current one. Each takes its own file's lease first (however
long it waited in the queue, a worker is at it now), then gives up any other check or import whose
worker died, so a worker that starts after a crash frees what the dead one held."""

import logging

from django_tasks import task

from .checking import FAULT_MESSAGE

logger = logging.getLogger(__name__)


@task()
def check_imported_file(imported_file_id: int, attempt: int | None = None) -> str:
    from .leases import release_expired_leases
    from .models import ImportedFile
    from .services import check_received_file, start_queued_check

    attempt = start_queued_check(imported_file_id, attempt)
    release_expired_leases()
    if attempt is None:  # checked already, or given up for lost and asked for again
        return ImportedFile.objects.get(pk=imported_file_id).status
    return check_received_file(imported_file_id, attempt).status


@task()
def import_queued_file(imported_file_id: int, attempt: int | None = None) -> str:
    from .leases import release_expired_leases
    from .models import ImportedFile
    from .services import NotImportable, import_checked_file, import_failed, start_queued_import

    attempt = start_queued_import(imported_file_id, attempt)
    release_expired_leases()
    imported_file = ImportedFile.objects.get(pk=imported_file_id)
    if attempt is None:  # imported already, or given up for lost and asked for again
        return imported_file.status
    try:
        import_checked_file(imported_file, attempt)
    except NotImportable as error:
        return import_failed(imported_file_id, error.message, attempt).status
    except Exception:
        # Nothing was imported (one transaction); say so rather than leave it "being imported".
        logger.exception("Importing file %s failed", imported_file_id)
        return import_failed(imported_file_id, FAULT_MESSAGE, attempt).status
    return ImportedFile.Status.IMPORTED
