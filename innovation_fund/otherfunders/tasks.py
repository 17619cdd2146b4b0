"""Background work: reading and checking a large spreadsheet takes too long for a request."""

import logging

from django_tasks import task

from .checking import FAULT_MESSAGE

logger = logging.getLogger(__name__)


@task()
def check_imported_file(imported_file_id: int) -> str:
    from .services import check_received_file

    return check_received_file(imported_file_id).status


@task()
def import_queued_file(imported_file_id: int) -> str:
    from .models import ImportedFile
    from .services import NotImportable, import_checked_file, import_failed

    imported_file = ImportedFile.objects.get(pk=imported_file_id)
    try:
        import_checked_file(imported_file)
    except NotImportable as error:
        return import_failed(imported_file_id, error.message).status
    except Exception:
        # Nothing was imported (one transaction); say so rather than leave it "being imported".
        logger.exception("Importing file %s failed", imported_file_id)
        return import_failed(imported_file_id, FAULT_MESSAGE).status
    return ImportedFile.Status.IMPORTED
