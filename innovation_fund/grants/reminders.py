"""Chasing monitoring returns: a reminder 7 days before a return is due, one on the day, then
one every 7 days while it is overdue, to the grantee's accountable officers and members.

Never twice for one return on one day, however often this runs: each reminder is recorded
(`ReturnReminder`, unique by return and day) in the same transaction that sends it, and only a
newly recorded reminder sends its emails (once the transaction commits).
"""

from datetime import date, timedelta

from django.db import transaction

from innovation_fund.core.dates import format_date
from innovation_fund.core.links import absolute_url
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.organisations.models import Membership

from .models import Grant, MonitoringReturn, ReturnReminder
from .return_lifecycle import WAITING_FOR_THE_GRANTEE

Kind = ReturnReminder.Kind
DAYS_BEFORE = 7
OVERDUE_EVERY_DAYS = 7


def reminder_due(due_on: date, today: date) -> str | None:
    """Which reminder (if any) a return due on `due_on` gets on `today`."""
    days_late = (today - due_on).days
    if days_late == -DAYS_BEFORE:
        return Kind.BEFORE
    if days_late == 0:
        return Kind.DUE
    if days_late > 0 and days_late % OVERDUE_EVERY_DAYS == 0:
        return Kind.OVERDUE
    return None


def send_due_reminders(today: date) -> int:
    """Send today's reminders; the number of returns reminded."""
    waiting = (
        MonitoringReturn.objects.filter(
            grant__state=Grant.State.ACCEPTED,
            state__in=WAITING_FOR_THE_GRANTEE,
            due_on__lte=today + timedelta(days=DAYS_BEFORE),
        )
        .select_related("grant__recipient", "grant__project")
        .order_by("due_on", "pk")
    )
    sent = 0
    for monitoring_return in waiting:
        kind = reminder_due(monitoring_return.due_on, today)
        if kind is not None and _remind(monitoring_return, kind, today):
            sent += 1
    return sent


def _remind(monitoring_return: MonitoringReturn, kind: str, today: date) -> bool:
    grant = monitoring_return.grant
    emails = sorted(
        set(
            Membership.objects.filter(organisation_id=grant.recipient_id).values_list(
                "user__email", flat=True
            )
        )
    )
    with transaction.atomic():
        _reminder, created = ReturnReminder.objects.get_or_create(
            monitoring_return=monitoring_return,
            sent_on=today,
            defaults={"kind": kind, "sent_to": emails},
        )
        if created:
            _send(monitoring_return, kind, today, emails)
    return created


def _send(monitoring_return, kind: str, today: date, emails: list[str]) -> None:
    grant = monitoring_return.grant
    due = format_date(monitoring_return.due_on)
    days_late = (today - monitoring_return.due_on).days
    subject, message = {
        Kind.BEFORE: (
            "Due in 7 days",
            f"Monitoring return {monitoring_return.number} is due on {due}.",
        ),
        Kind.DUE: (
            "Due today",
            f"Monitoring return {monitoring_return.number} is due today, {due}.",
        ),
        Kind.OVERDUE: (
            "Overdue",
            f"Monitoring return {monitoring_return.number} was due on {due}: it is {days_late} "
            "days overdue. Please submit it as soon as you can.",
        ),
    }[kind]
    link = absolute_url("your_grants:return", grant.pk, monitoring_return.number)
    for email in emails:
        send_email_after_commit(
            email,
            "return_reminder",
            subject=subject,
            message=message,
            number=str(monitoring_return.number),
            grant_name=grant.project.display_name if grant.project_id else str(grant),
            organisation=grant.recipient.name,
            period=f"{format_date(monitoring_return.period_starts_on)} to "
            f"{format_date(monitoring_return.period_ends_on)}",
            link=link,
        )
