"""Background work: the open data files are produced outside any request."""

from django.db import transaction
from django_tasks import task

from .services import publish_open_data_files


@task()
def publish_open_data() -> list[int]:
    return [published.pk for published in publish_open_data_files().values()]


def publish_open_data_after_commit() -> None:
    """Queue fresh files once the change that calls this has committed (grants announced)."""
    transaction.on_commit(lambda: publish_open_data.enqueue())
