"""Write a record only when it differs, so that loading the same files twice changes nothing."""

from django.db import models

from .report import LoadReport

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def upsert(
    model: type[models.Model], key: dict, values: dict, report: LoadReport, label: str
) -> tuple[models.Model, str]:
    """Find the record by its natural key; create it, or update only the fields that differ.

    `values` uses attribute names (`authority_id`, not `authority`) so comparisons never query.
    """
    instance = model.objects.filter(**key).first()
    if instance is None:
        instance = model.objects.create(**key, **values)
        report.count(label, CREATED)
        return instance, CREATED
    differing = [name for name, value in values.items() if getattr(instance, name) != value]
    if not differing:
        report.count(label, UNCHANGED)
        return instance, UNCHANGED
    for name in differing:
        setattr(instance, name, values[name])
    instance.save(update_fields=[_field_name(model, name) for name in differing])
    report.count(label, UPDATED)
    return instance, UPDATED


def sync_many(manager, wanted: list[models.Model]) -> bool:
    """Make a many-to-many relation hold exactly `wanted`; True if it had to change."""
    wanted_ids = {item.pk for item in wanted}
    if set(manager.values_list("pk", flat=True)) == wanted_ids:
        return False
    manager.set(wanted)
    return True


def _field_name(model: type[models.Model], attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise ValueError(f"{model.__name__} has no field {attname}")
