"""Back up the database and the private files together into one archive, and restore one.

The database is copied first, then the files. A file is stored before the row naming it is
committed (core/stored_files.py), so every file a row in the copy names is already on disk when
the files are read; files stored after the copy are included too and are harmless (nothing names
them). The manifest lists any file a row names that was missing from the disk.

A restore reads the whole archive into a staging folder inside the private root, within limits
set before reading, and checks every member against the manifest before changing anything. Then
it replaces the database (in one transaction, so a failure leaves it as it was), and makes the
private files exactly those of the backup.
"""

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from . import BackupFailed, RestoreRefused, damaged_archive, database
from .archive import ArchiveWriter, ReadLimits, extract
from .manifest import DATABASE_MEMBERS, FILES_PREFIX, MANIFEST_MEMBER, Manifest, parse
from .private_files import each_file, private_root, put_in_place

DEFAULT_MAX_RESTORE_BYTES = 100 * 1024**3
# Left free on the disk of the private files whatever the archive says.
DISK_MARGIN_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class BackupMade:
    path: Path
    manifest: Manifest
    seconds: float


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    files_removed: int
    migrations_to_apply: int
    seconds: float


def backup(destination: Path | None = None) -> BackupMade:
    """Write one archive holding the database and every private file; where it was written."""
    started = time.monotonic()
    path = _archive_path(destination)
    if path.exists():
        raise BackupFailed(f"{path} already exists; a backup never overwrites one.")
    if not path.parent.is_dir():
        raise BackupFailed(f"There is no folder {path.parent} to write the backup in.")
    root = private_root()
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        copy = Path(work) / "database"
        snapshot = database.snapshot(copy, root)
        try:
            writer = ArchiveWriter(path)
        except OSError as error:
            raise BackupFailed(f"Cannot write {path}: {error.strerror}.") from None
        try:
            member = DATABASE_MEMBERS[database.vendor()]
            database_size, database_sha256 = writer.add_file(member, copy)
            files = _add_private_files(writer, root)
            manifest = Manifest(
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                vendor=database.vendor(),
                database_member=member,
                database_size=database_size,
                database_sha256=database_sha256,
                tool=snapshot.tool,
                tables=snapshot.tables,
                migrations=snapshot.migrations,
                files=files,
                missing_files=sorted(snapshot.referenced_files - files.keys()),
            )
            writer.add_bytes(MANIFEST_MEMBER, manifest.to_json())
            writer.finish()
        except OSError as error:
            writer.abandon()
            raise BackupFailed(f"Could not write the backup: {error}") from None
        except BaseException:
            writer.abandon()
            raise
    return BackupMade(path=path, manifest=manifest, seconds=time.monotonic() - started)


def restore(
    archive: Path,
    *,
    may_replace_data: Callable[[], bool],
    max_bytes: int = DEFAULT_MAX_RESTORE_BYTES,
) -> Restored:
    """Replace the database and the private files with those in `archive`.

    `may_replace_data` is asked only if the database already holds data; if it says no, nothing
    is changed. RestoreRefused (nothing changed) for an archive that is damaged, hostile, of
    another database vendor or from a newer version of the service.
    """
    started = time.monotonic()
    if database.holds_data() and not may_replace_data():
        raise RestoreRefused(
            "The database already holds data, which a restore would replace. Nothing was "
            "changed. Run again with --force to replace it."
        )
    root = private_root()
    created_root = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=root))
    try:
        free = shutil.disk_usage(staging).free - DISK_MARGIN_BYTES
        try:
            extracted = extract(archive, staging, ReadLimits(max_total_bytes=min(max_bytes, free)))
        except OSError as error:
            raise BackupFailed(
                f"Could not write what the archive holds in {staging}: {error.strerror}. "
                "Nothing was changed."
            ) from None
        manifest = parse(extracted.manifest)
        _check_members(manifest, extracted.members)
        _check_it_fits_this_service(manifest)
        database.restore(staging / manifest.database_member)
        _check_rows(manifest)
        _, removed = put_in_place(root, staging / FILES_PREFIX.rstrip("/"), set(manifest.files))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created_root and not any(root.iterdir()):
            root.rmdir()
    return Restored(
        manifest=manifest,
        files_removed=removed,
        migrations_to_apply=_migrations_to_apply(),
        seconds=time.monotonic() - started,
    )


def _archive_path(destination: Path | None) -> Path:
    destination = Path.cwd() if destination is None else destination
    if destination.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        return destination / f"innovation-fund-{stamp}.tar.gz"
    return destination


def _add_private_files(writer: ArchiveWriter, root: Path) -> dict[str, tuple[int, str]]:
    files = {}
    if not root.exists():
        return files
    for name in each_file(root):
        try:
            files[name] = writer.add_file(FILES_PREFIX + name, root / name)
        except FileNotFoundError:
            continue  # deleted since it was listed, with its row: not part of this backup
    return files


def _check_members(manifest: Manifest, members: dict[str, tuple[int, str]]) -> None:
    expected = manifest.members()
    for name, (size, sha256) in expected.items():
        if name not in members:
            raise damaged_archive(f"{name[:200]!r} is missing, so it is incomplete")
        if members[name] != (size, sha256):
            raise damaged_archive(f"{name[:200]!r} is not what it was when the backup was made")
    for name in members.keys() - expected.keys():
        raise damaged_archive(f"it holds {name[:200]!r}, which is not in its list of contents")


def _check_it_fits_this_service(manifest: Manifest) -> None:
    if manifest.vendor != database.vendor():
        raise RestoreRefused(
            f"The archive holds a {manifest.vendor} database and this service uses "
            f"{database.vendor()}. Nothing was changed."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = [f"{app}.{name}" for app, name in manifest.migrations if (app, name) not in known]
    if newer:
        raise RestoreRefused(
            "The backup was made by a newer version of the service (its database has changes "
            f"this version does not know: {', '.join(newer[:5])}). Restore it with the version "
            "that made it. Nothing was changed."
        )


def _check_rows(manifest: Manifest) -> None:
    counts = database.row_counts()
    if counts != manifest.tables:
        different = sorted(
            table
            for table in counts.keys() | manifest.tables.keys()
            if counts.get(table) != manifest.tables.get(table)
        )
        raise BackupFailed(
            "The restored database does not hold the rows the backup lists, in "
            f"{', '.join(different[:5])}. The private files were not changed."
        )


def _migrations_to_apply() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
