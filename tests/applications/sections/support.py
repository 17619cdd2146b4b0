"""Helpers the section tests share."""

from django.urls import reverse

from innovation_fund.applications import selectors
from innovation_fund.applications.models import Application
from innovation_fund.core.models import AuditEvent


def section_url(bid, slug: str) -> str:
    return reverse("applications:section", args=[bid.reference, slug])


def loaded(bid, user) -> Application:
    """The bid as the task list and check-answers pages load it (everything prefetched)."""
    return selectors.application_for_pages(user, bid.reference)


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("occurred_at", "id")
