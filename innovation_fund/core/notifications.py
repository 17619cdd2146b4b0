"""Send email through one small interface.

Production uses GOV.UK Notify; development prints the email to the console; the tests keep it in
memory (`outbox`). Callers name a template and give its personalisation: with Notify the wording
lives in a Notify template (its id comes from settings.NOTIFY_TEMPLATE_IDS), otherwise it is
rendered from `templates/emails/<template>.txt`, whose first line is the subject.

Send from a background task after the transaction commits (see `send_email_after_commit`), so a
rolled-back change never sends an email and a slow provider never slows a page.
"""

import logging
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    to: str
    template: str
    personalisation: dict[str, str] = field(default_factory=dict)

    def rendered(self) -> tuple[str, str]:
        """(subject, body) from the local template."""
        # Plain-text email: nothing is HTML, so nothing should be HTML-escaped.
        context = {key: mark_safe(value) for key, value in self.personalisation.items()}  # noqa: S308
        text = render_to_string(f"emails/{self.template}.txt", context).strip()
        subject, _, body = text.partition("\n")
        return subject.strip(), body.strip()


class ConsoleNotifications:
    """Development: write each email to the log, links and all, so a newcomer can follow them."""

    def send_email(self, email: Email) -> None:
        subject, body = email.rendered()
        print(f"\n----- Email to {email.to} -----\nSubject: {subject}\n\n{body}\n-----", flush=True)


class FakeNotifications:
    """Tests: keep every email in `outbox`, rendered, so tests can read links from it."""

    outbox: list[tuple[Email, str, str]] = []

    def send_email(self, email: Email) -> None:
        subject, body = email.rendered()
        self.outbox.append((email, subject, body))


class NotifyNotifications:
    """Production: GOV.UK Notify, one Notify template per kind of email."""

    def __init__(self, api_key: str, template_ids: dict[str, str]):
        from notifications_python_client.notifications import NotificationsAPIClient

        if not api_key:
            raise ImproperlyConfigured("Set NOTIFY_API_KEY to send email with GOV.UK Notify")
        self.client = NotificationsAPIClient(api_key)
        self.template_ids = template_ids

    def send_email(self, email: Email) -> None:
        template_id = self.template_ids.get(email.template)
        if not template_id:
            raise ImproperlyConfigured(f"Set NOTIFY_TEMPLATE_{email.template.upper()}")
        self.client.send_email_notification(
            email_address=email.to,
            template_id=template_id,
            personalisation=email.personalisation,
        )


@cache
def notifications():
    backend = settings.NOTIFICATIONS_BACKEND
    if backend == "console":
        return ConsoleNotifications()
    if backend == "fake":
        return FakeNotifications()
    if backend == "notify":
        return NotifyNotifications(settings.NOTIFY_API_KEY, settings.NOTIFY_TEMPLATE_IDS)
    raise ImproperlyConfigured(f"Unknown NOTIFICATIONS_BACKEND {backend!r}")
