"""Background work: reading and checking a large spreadsheet takes too long for a request."""

from django_tasks import task


@task()
def check_imported_file(imported_file_id: int) -> str:
    from .services import check_received_file

    return check_received_file(imported_file_id).status
