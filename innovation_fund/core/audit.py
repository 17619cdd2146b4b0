"""Write audit events. Services call `record` inside the transaction that makes the change."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from .models import AuditEvent


class AuditOutsideTransaction(RuntimeError):
    """An audit event must commit or roll back with the change it describes."""


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe picture of a record's concrete fields (foreign keys by id)."""
    names = fields or [
        field.attname for field in instance._meta.concrete_fields if not field.primary_key
    ]
    return {name: _json_safe(getattr(instance, name)) for name in names}


def record(
    *,
    actor,
    action: str,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one audit event. `actor` is a user, or None for a system process named by label."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(f"{action} must be recorded inside the change's transaction")
    if actor is None and not actor_label:
        raise ValueError("Say who acted: a user or a system label")
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor_label or getattr(actor, "email", "") or str(actor),
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        object_repr=str(target)[:300],
        before=before,
        after=after,
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the fields that differ, as (before, after)."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value
