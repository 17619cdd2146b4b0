"""The one answer every policy gives, and the one refusal every service raises.

A policy (one per kind of record, in its app's `policies.py`) answers two questions: "may this
person do X to this record" (`Permission`, with the reason when not) and "which records may they
see" (a queryset). Services call the policy and raise `Refused` when it says no; views turn a
record the person may not see into 404 (never 403, so its existence is not given away) and show
the reason for anything else they may see but not do.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from .errors import DomainError


class Refused(PermissionDenied, DomainError):
    """This person may not do this, or not now. Says why, in words they can act on.

    It is a `PermissionDenied` (so an unhandled one answers 403, never a server error) and a
    `DomainError` (so a page can show the reason as it shows any other refusal).
    """

    def __init__(self, reason: str, *, field: str | None = None, reasons: list[str] | None = None):
        DomainError.__init__(self, reason, field=field)
        self.reason = reason
        self.reasons = reasons or [reason]


@dataclass(frozen=True)
class Permission:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        """Raise `Refused` with the reason when not allowed."""
        if not self.allowed:
            raise Refused(self.reason)


ALLOWED = Permission(True)


def refused(reason: str) -> Permission:
    return Permission(False, reason)
