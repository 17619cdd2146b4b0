"""Background tasks shared by every app."""

from django.db import transaction
from django_tasks import task

from .notifications import Email, notifications


@task()
def send_email(to: str, template: str, personalisation: dict[str, str]) -> None:
    notifications().send_email(Email(to=to, template=template, personalisation=personalisation))


def send_email_after_commit(to: str, template: str, **personalisation: str) -> None:
    """Queue an email to go once the current transaction commits (never if it rolls back)."""
    transaction.on_commit(
        lambda: send_email.enqueue(to=to, template=template, personalisation=personalisation)
    )
