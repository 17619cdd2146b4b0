"""Background work: the open data files are produced outside any request."""

from django.db import transaction
from django_tasks import task

from .services import publish_360giving_json


@task()
def publish_open_data() -> int:
    return publish_360giving_json().pk


def publish_open_data_after_commit() -> None:
    """Queue a fresh file once the change that calls this has committed (grants announced)."""
    transaction.on_commit(lambda: publish_open_data.enqueue())
