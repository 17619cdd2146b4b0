"""Bring database rows in line with the rows a file describes, writing only what differs."""

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.db import models

from innovation_fund.core.audit import record
from innovation_fund.core.models import DataImport

from .report import LoadReport, Tally

ACTOR_LABEL = "loader:places"
BATCH_SIZE = 500


def sync_rows(
    model: type[models.Model],
    *,
    key: Sequence[str],
    wanted: dict[tuple, dict],
    existing: Iterable[models.Model],
    delete_missing: bool = False,
) -> Tally:
    """Create, update (and optionally delete) rows so that `existing` matches `wanted`.

    `wanted` maps a natural key (values of the `key` fields, by attname) to the other fields'
    values. Rows whose values already match are not written at all, so a second run over the
    same file makes no writes.
    """
    tally = Tally()
    current = {tuple(getattr(row, name) for name in key): row for row in existing}
    to_create, to_update, changed_fields = [], [], set()
    for natural_key, values in wanted.items():
        row = current.pop(natural_key, None)
        if row is None:
            to_create.append(model(**dict(zip(key, natural_key, strict=True)), **values))
            continue
        changed = [name for name, value in values.items() if getattr(row, name) != value]
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


def record_import(report: LoadReport, *, data_dir: Path, files: Sequence[Path]) -> None:
    """Write the DataImport row and its audit event, only when the run changed something.

    Call inside the loader's transaction. With several files, `file_sha256` is the hash of
    their hashes in order; each file's own hash is kept in the summary.
    """
    if not report.changed:
        return
    names = [str(path.relative_to(data_dir)) for path in files]
    digests = [hashlib.sha256(path.read_bytes()).hexdigest() for path in files]
    if len(digests) == 1:
        file_sha256 = digests[0]
    else:
        file_sha256 = hashlib.sha256("".join(digests).encode()).hexdigest()
    summary = {**report.summary(), "files": dict(zip(names, digests, strict=True))}
    report.data_import = DataImport.objects.create(
        dataset=report.dataset,
        file_name=", ".join(names),
        file_sha256=file_sha256,
        summary=summary,
    )
    record(
        actor=None,
        actor_label=ACTOR_LABEL,
        action=f"{report.dataset}.imported",
        target=report.data_import,
        after=summary,
    )
