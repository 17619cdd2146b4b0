"""The database's part of a backup, with each vendor's own tool.

SQLite: the online backup API copies every page while holding one read transaction, so the copy
is consistent while the service runs, and restores by the same API into the live database.
PostgreSQL: pg_dump in its custom format, run in a snapshot exported from a transaction of ours,
so that what the manifest says about the rows (counts, the files they name, the migrations) is
read in exactly the state pg_dump dumps; restored by pg_restore into psql as one transaction that
first drops every table, so a failed restore leaves the database as it was.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.files.storage import FileSystemStorage
from django.db import connection, models, transaction

from . import BackupFailed

# Filled by `migrate` itself: a database holding only these holds nothing of anyone's.
_MIGRATE_FILLS = {("contenttypes", "contenttype"), ("auth", "permission")}


@dataclass(frozen=True)
class Snapshot:
    tool: str
    tables: dict[str, int]  # rows in each table
    migrations: list[tuple[str, str]]
    referenced_files: set[str]  # private files named by a row


def vendor() -> str:
    return connection.vendor


def snapshot(target: Path, private_root: Path) -> Snapshot:
    """Write the database to `target` and say what it holds."""
    if connection.in_atomic_block:
        raise BackupFailed("Back up outside a transaction, so the copy is of committed data.")
    columns = file_columns(private_root)
    if connection.vendor == "sqlite":
        return _sqlite_snapshot(target, columns)
    if connection.vendor == "postgresql":
        return _postgresql_snapshot(target, columns)
    raise BackupFailed(f"Backing up a {connection.vendor} database is not supported.")


def restore(source: Path) -> None:
    """Replace everything in the database with the copy at `source` (from `snapshot`)."""
    if connection.in_atomic_block:
        raise BackupFailed("Restore outside a transaction.")
    if connection.vendor == "sqlite":
        _sqlite_restore(source)
    else:
        _postgresql_restore(source)


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _row_counts(cursor, connection.vendor)


def holds_data() -> bool:
    """Whether the database holds anything a person or a loader put there."""
    existing = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or (meta.app_label, meta.model_name) in _MIGRATE_FILLS:
            continue
        if meta.db_table in existing and model._base_manager.exists():
            return True
    return False


def file_columns(private_root: Path) -> list[tuple[str, str]]:
    """(table, column) of every file field kept in the private storage."""
    columns = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            storage = getattr(field, "storage", None)
            if (
                isinstance(field, models.FileField)
                and isinstance(storage, FileSystemStorage)
                and Path(storage.location) == private_root
            ):
                columns.append((model._meta.db_table, field.column))
    return columns


# --- SQLite ----------------------------------------------------------------------------------


def _sqlite_snapshot(target: Path, columns: list[tuple[str, str]]) -> Snapshot:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One file an operator can open on its own, rather than one waiting on a WAL file.
        copy.execute("PRAGMA journal_mode=DELETE")
        return _facts(copy.cursor(), "sqlite", "sqlite3 online backup", columns)
    except sqlite3.Error as error:
        raise BackupFailed(f"SQLite could not copy the database: {error}") from None
    finally:
        copy.close()


def _sqlite_restore(source: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupFailed(f"SQLite could not restore the database: {error}") from None
    finally:
        copy.close()


# --- PostgreSQL ------------------------------------------------------------------------------


def _postgresql_snapshot(target: Path, columns: list[tuple[str, str]]) -> Snapshot:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot_id,) = cursor.fetchone()
        _run(
            ["pg_dump", "--format=custom", "--no-password", f"--snapshot={snapshot_id}"]
            + [f"--file={target}"],
            "pg_dump could not dump the database",
        )
        tool = _run(["pg_dump", "--version"], "pg_dump is not installed").strip()
        return _facts(cursor, "postgresql", tool, columns)


def _postgresql_restore(source: Path) -> None:
    with connection.cursor() as cursor:
        drops = _drop_everything(cursor)
    connection.close()  # holds no lock on what psql drops
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        dump = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            env=_postgresql_environment(),
        )
        psql = subprocess.Popen(  # noqa: S603
            [_tool("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1"]
            + ["--single-transaction", "--file=-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=_postgresql_environment(),
        )
        try:
            psql.stdin.write(drops.encode())
            shutil.copyfileobj(dump.stdout, psql.stdin, 1024 * 1024)
        except BrokenPipeError:
            pass  # psql stopped at an error: said below
        finally:
            psql.stdin.close()
            dump.stdout.close()
        failed = [
            (name, errors)
            for name, process, errors in (
                ("pg_restore", dump, restore_errors),
                ("psql", psql, psql_errors),
            )
            if process.wait() != 0
        ]
        if failed:
            name, errors = failed[-1]
            raise BackupFailed(
                f"{name} could not restore the database, which is unchanged: {_tail(errors)}"
            )


def _drop_everything(cursor) -> str:
    """SQL dropping every table, view and sequence of the application (not of extensions)."""
    cursor.execute(
        """
        SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (
            SELECT 1 FROM pg_depend d
            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
              AND d.deptype IN ('e', 'a', 'i')
          )
        ORDER BY 2
        """
    )
    kinds = {
        "r": "TABLE",
        "p": "TABLE",
        "v": "VIEW",
        "m": "MATERIALIZED VIEW",
        "S": "SEQUENCE",
        "f": "FOREIGN TABLE",
    }
    return "".join(
        f"DROP {kinds[kind]} IF EXISTS {name} CASCADE;\n" for kind, name in cursor.fetchall()
    )


def _postgresql_environment() -> dict[str, str]:
    """The connection settings of DATABASES for libpq's tools (the password never in argv)."""
    settings = connection.settings_dict
    options = settings.get("OPTIONS", {})
    variables = {
        "PGDATABASE": settings.get("NAME"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGHOST": settings.get("HOST"),
        "PGPORT": str(settings.get("PORT") or ""),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def _run(arguments: list[str], failure: str) -> str:
    try:
        result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [_tool(arguments[0]), *arguments[1:]],
            capture_output=True,
            env=_postgresql_environment(),
            check=False,
        )
    except OSError as error:
        raise BackupFailed(f"{failure}: {error}") from None
    if result.returncode != 0:
        raise BackupFailed(f"{failure}: {result.stderr.decode(errors='replace')[-2000:]}")
    return result.stdout.decode(errors="replace")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupFailed(f"{name} is not installed (it comes with the PostgreSQL client).")
    return path


def _tail(errors) -> str:
    errors.seek(0)
    return errors.read()[-2000:].decode(errors="replace").strip()


# --- What both say about a copy --------------------------------------------------------------


def _facts(cursor, vendor: str, tool: str, columns: Iterable[tuple[str, str]]) -> Snapshot:
    tables = _row_counts(cursor, vendor)
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    migrations = [(app, name) for app, name in cursor.fetchall()]
    referenced = set()
    for table, column in columns:
        cursor.execute(f"SELECT DISTINCT {_quote(column)} FROM {_quote(table)}")  # noqa: S608
        referenced.update(name for (name,) in cursor.fetchall() if name)
    return Snapshot(tool=tool, tables=tables, migrations=migrations, referenced_files=referenced)


def _row_counts(cursor, vendor: str) -> dict[str, int]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        tables = [_quote(name) for (name,) in cursor.fetchall()]
    else:
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
            "WHERE schemaname <> 'information_schema' AND schemaname NOT LIKE 'pg\\_%' ORDER BY 1"
        )
        tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
