"""What every loader needs: write a record only when it differs, and record each import.

Loading the same files twice must change nothing, not even the import log, so every write
starts by asking which fields differ.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models

from .audit import record
from .models import DataImport

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
BATCH_SIZE = 500


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def count(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)


def differing_fields(instance: models.Model, values: dict) -> list[str]:
    """The attribute names whose wanted value is not the record's (by attname, so no query)."""
    return [name for name, value in values.items() if getattr(instance, name) != value]


def upsert(model: type[models.Model], key: dict, values: dict) -> tuple[models.Model, str]:
    """Find one record by its natural key; create it, or save only the fields that differ."""
    instance = model.objects.filter(**key).first()
    if instance is None:
        return model.objects.create(**key, **values), CREATED
    differing = differing_fields(instance, values)
    if not differing:
        return instance, UNCHANGED
    for name in differing:
        setattr(instance, name, values[name])
    instance.save(update_fields=[_field_name(model, name) for name in differing])
    return instance, UPDATED


def sync_rows(
    model: type[models.Model],
    *,
    key: Sequence[str],
    wanted: dict[tuple, dict],
    existing: Iterable[models.Model],
    delete_missing: bool = False,
) -> Tally:
    """Many records at once: create, update (and optionally delete) so `existing` matches.

    `wanted` maps a natural key (values of the `key` fields, by attname) to the other fields'
    values. Rows that already match are not written at all.
    """
    tally = Tally()
    current = {tuple(getattr(row, name) for name in key): row for row in existing}
    to_create, to_update, changed_fields = [], [], set()
    for natural_key, values in wanted.items():
        row = current.pop(natural_key, None)
        if row is None:
            to_create.append(model(**dict(zip(key, natural_key, strict=True)), **values))
            continue
        changed = differing_fields(row, values)
        if not changed:
            tally.unchanged += 1
            continue
        for name in changed:
            setattr(row, name, values[name])
        changed_fields.update(changed)
        to_update.append(row)
    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
    if delete_missing and current:
        model.objects.filter(pk__in=[row.pk for row in current.values()]).delete()
        tally.deleted = len(current)
    tally.created = len(to_create)
    tally.updated = len(to_update)
    return tally


def sync_many(manager, wanted: list[models.Model]) -> bool:
    """Make a many-to-many relation hold exactly `wanted`; True if it had to change."""
    if set(manager.values_list("pk", flat=True)) == {item.pk for item in wanted}:
        return False
    manager.set(wanted)
    return True


def record_data_import(
    *, dataset: str, actor_label: str, file_name: str, file_sha256: str, summary: dict
) -> DataImport:
    """Log that a file was loaded and changed something, with its audit event.

    Call inside the loader's transaction, and only when the run changed something.
    """
    data_import = DataImport.objects.create(
        dataset=dataset, file_name=file_name, file_sha256=file_sha256, summary=summary
    )
    record(
        actor=None,
        actor_label=actor_label,
        action="data_import.created",
        target=data_import,
        after={"file_name": file_name, "file_sha256": file_sha256, **summary},
    )
    return data_import


def _field_name(model: type[models.Model], attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise ValueError(f"{model.__name__} has no field {attname}")
