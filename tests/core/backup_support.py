"""Shared by the backup tests: every row and every private file, to compare."""

from pathlib import Path

from django.db import connection


def every_file(root: Path) -> dict[str, bytes]:
    """The bytes of each file under `root` (where a link points, for a link)."""
    return {
        path.relative_to(root).as_posix(): (
            f"link to {path.readlink()}".encode() if path.is_symlink() else path.read_bytes()
        )
        for path in sorted(root.rglob("*"))
        if path.is_file() or path.is_symlink()
    }


def every_row() -> dict[str, list[str]]:
    """Every row of every table (and where each sequence stands), in a comparable form."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence")
        else:
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences")
        rows["(sequences)"] = sorted(repr(row) for row in cursor.fetchall())
    return rows
