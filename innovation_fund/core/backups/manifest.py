"""What a backup holds, written as the archive's last member and checked before a restore.

    {"format": "innovation-fund-backup", "version": 1, "created_at": "2026-12-06T05:00:00+00:00",
     "database": {"vendor": "sqlite", "member": "database/db.sqlite3", "size": …, "sha256": …,
                  "tool": "sqlite3 online backup", "tables": {"accounts_user": 3, …}},
     "migrations": [["accounts", "0001_initial"], …],
     "files": {"letters/2026/12/offer.pdf": [size, sha256], …},
     "missing_files": ["…"],   # named by a row in the backup but not on disk when it was made
     "counts": {"tables": …, "rows": …, "files": …, "file_bytes": …}}

File paths are relative to the private storage root and are only ever plain relative paths:
anything else (absolute, "..", backslashes, control characters) is refused as hostile.
"""

import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from . import RestoreRefused, damaged_archive

FORMAT = "innovation-fund-backup"
VERSION = 1
MANIFEST_MEMBER = "manifest.json"
FILES_PREFIX = "files/"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
# Where a restore stages what it reads, inside the private root; never backed up.
STAGING_PREFIX = ".restoring-"

_SHA256 = re.compile(r"[0-9a-f]{64}")
_MAX_PATH_CHARS = 1024


@dataclass(frozen=True)
class Manifest:
    created_at: str
    vendor: str
    database_member: str
    database_size: int
    database_sha256: str
    tool: str
    tables: dict[str, int]
    migrations: list[tuple[str, str]]
    files: dict[str, tuple[int, str]]
    missing_files: list[str]

    def members(self) -> dict[str, tuple[int, str]]:
        """Every archive member but the manifest: its size and sha256."""
        members = {FILES_PREFIX + path: entry for path, entry in self.files.items()}
        members[self.database_member] = (self.database_size, self.database_sha256)
        return members

    def total_bytes(self) -> int:
        return sum(size for size, _ in self.members().values())

    def to_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": self.created_at,
            "database": {
                "vendor": self.vendor,
                "member": self.database_member,
                "size": self.database_size,
                "sha256": self.database_sha256,
                "tool": self.tool,
                "tables": self.tables,
            },
            "migrations": [list(migration) for migration in self.migrations],
            "files": {path: list(entry) for path, entry in sorted(self.files.items())},
            "missing_files": self.missing_files,
            "counts": {
                "tables": len(self.tables),
                "rows": sum(self.tables.values()),
                "files": len(self.files),
                "file_bytes": sum(size for size, _ in self.files.values()),
            },
        }
        return json.dumps(document, indent=1, ensure_ascii=False).encode()


def safe_relative_path(path: object) -> bool:
    """Whether `path` is a plain relative POSIX path that stays inside the folder it is in."""
    if not isinstance(path, str) or not path or len(path) > _MAX_PATH_CHARS:
        return False
    if path.startswith("/") or "\\" in path or any(ord(c) < 32 or ord(c) == 127 for c in path):
        return False
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return False
    if parts[0].startswith(STAGING_PREFIX):
        return False
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from an undecodable name
        return False
    return PurePosixPath(path).as_posix() == path


def parse(data: bytes) -> Manifest:
    """The manifest in `data`, or RestoreRefused saying it is not one this service wrote."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        raise damaged_archive("its list of contents cannot be read") from None
    try:
        return _from_document(document)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise damaged_archive("its list of contents is not in the expected form") from None


def _from_document(document: dict) -> Manifest:
    if document["format"] != FORMAT:
        raise ValueError
    if document["version"] != VERSION:
        raise RestoreRefused(
            f"The archive is a version {document['version']!r} backup; this service reads "
            f"version {VERSION}."
        )
    database = document["database"]
    vendor = database["vendor"]
    if DATABASE_MEMBERS.get(vendor) != database["member"]:
        raise ValueError
    files = {}
    for path, (size, sha256) in document["files"].items():
        if not safe_relative_path(path):
            raise damaged_archive(f"it names a file outside the private files: {path[:200]!r}")
        files[path] = (_size(size), _sha256(sha256))
    tables = {_text(name): _size(rows) for name, rows in database["tables"].items()}
    migrations = [(_text(app), _text(name)) for app, name in document["migrations"]]
    return Manifest(
        created_at=_text(document["created_at"]),
        vendor=vendor,
        database_member=database["member"],
        database_size=_size(database["size"]),
        database_sha256=_sha256(database["sha256"]),
        tool=_text(database["tool"]),
        tables=tables,
        migrations=migrations,
        files=files,
        missing_files=[_text(path) for path in document.get("missing_files", [])],
    )


def _size(value) -> int:
    if type(value) is not int or value < 0:
        raise ValueError
    return value


def _sha256(value) -> str:
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise ValueError
    return value


def _text(value) -> str:
    if not isinstance(value, str) or len(value) > _MAX_PATH_CHARS:
        raise ValueError
    return value
