"""`manage.py restore` refuses a damaged or hostile archive with a plain message, and changes
nothing: not the database, not the private files, nothing outside them. The archives are made
here, small on disk."""

import gzip
import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import UserFactory

from .backup_support import every_file, every_row

pytestmark = pytest.mark.django_db

DATABASE_MEMBER = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
FILES = {"letters/2026/12/offer.pdf": b"%PDF-1.4 the offer\n", "opendata/grants.json": b"{}"}


def member(name: str, data: bytes = b"", **attributes) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for attribute, value in attributes.items():
        setattr(info, attribute, value)
    return info, data


def manifest(files: dict[str, bytes], content: bytes = b"a database", **changes) -> tuple:
    document = {
        "format": "innovation-fund-backup",
        "version": 1,
        "created_at": "2026-12-06T05:00:00+00:00",
        "database": {
            "vendor": connection.vendor,
            "member": DATABASE_MEMBER[connection.vendor],
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "tool": "test",
            "tables": {},
        },
        "migrations": [["accounts", "0001_initial"]],
        "files": {
            name: [len(content), hashlib.sha256(content).hexdigest()]
            for name, content in files.items()
        },
        **changes,
    }
    return member("manifest.json", json.dumps(document).encode())


def whole(files=FILES) -> list[tuple]:
    """The members of an archive that passes every check."""
    return [
        member(DATABASE_MEMBER[connection.vendor], b"a database"),
        *(member(f"files/{name}", content) for name, content in files.items()),
        manifest(files),
    ]


def archive_of(path, members) -> str:
    with tarfile.open(path, "w:gz", format=tarfile.GNU_FORMAT) as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data else None)
    return str(path)


class Zeros:
    """As many zero bytes as asked for, never all in memory."""

    def __init__(self, size):
        self.left = size

    def read(self, size=-1):
        size = self.left if size < 0 else min(size, self.left)
        self.left -= size
        return bytes(size)


@pytest.fixture
def archives(private_root, tmp_path):
    """A folder for the test's archives. After the test, checks that the database and the
    private files are as they were and that nothing was written beside them."""
    UserFactory(email="kept@example.org")
    for name, content in FILES.items():
        (private_root / name).parent.mkdir(parents=True, exist_ok=True)
        (private_root / name).write_bytes(content + b" as it is now")
    folder = tmp_path / "archives"
    folder.mkdir()
    rows, files = every_row(), every_file(private_root)
    beside = sorted(path.name for path in tmp_path.iterdir())
    yield folder
    assert every_row() == rows
    assert every_file(private_root) == files
    assert sorted(path.name for path in tmp_path.iterdir()) == beside
    assert not list(private_root.glob(".restoring-*"))


def refused(archive: str, *options: str):
    with pytest.raises(CommandError) as refusal:
        call_command("restore", archive, "--force", *options)
    message = str(refusal.value)
    assert "Nothing was changed" in message
    return message


HOSTILE = {
    "a path out of the private files": (
        [member("files/../../escaped.txt", b"x")],
        "'files/../../escaped.txt', which is not where a backup keeps anything",
    ),
    "an absolute path": (
        [member("/var/escaped.txt", b"x")],
        "'/var/escaped.txt', which is not where a backup keeps anything",
    ),
    "a symbolic link": (
        [member("files/letters", type=tarfile.SYMTYPE, linkname="/etc")],
        "a symbolic link ('files/letters'); a backup holds only files",
    ),
    "a hard link": (
        [member("files/passwd", type=tarfile.LNKTYPE, linkname="/etc/passwd")],
        "a hard link ('files/passwd'); a backup holds only files",
    ),
    "a device": (
        [member("files/disk", type=tarfile.BLKTYPE, devmajor=8, devminor=0)],
        "a device ('files/disk')",
    ),
    "a folder": ([member("files/letters", type=tarfile.DIRTYPE)], "a folder ('files/letters')"),
    "an extended header": (
        [member("files/x", b"90 path=../../escaped\n", type=tarfile.XHDTYPE)],
        "something other than a file",
    ),
    "a member twice": (
        [member("files/letters/2026/12/offer.pdf", FILES["letters/2026/12/offer.pdf"])],
        "'files/letters/2026/12/offer.pdf' twice",
    ),
    "a member not in its list of contents": (
        [member("files/letters/unlisted.pdf", b"x")],
        "'files/letters/unlisted.pdf', which is not in its list of contents",
    ),
    "a member under a file": (
        [member("files/letters/2026/12/offer.pdf/inside.pdf", b"x")],
        "both as a file and as a folder",
    ),
    "a member whose header claims a size below zero": (
        [member("files/negative.pdf", size=-(2**40))],
        "it gives 'files/negative.pdf' a size below nothing",
    ),
    "a long name claiming a size below zero": (
        [member("././@LongLink", type=tarfile.GNUTYPE_LONGNAME, size=-(2**40))],
        "it names a file with a far longer path than any backup's",
    ),
    "a long name of a megabyte": (
        [member("././@LongLink", b"a" * 1024 * 1024, type=tarfile.GNUTYPE_LONGNAME)],
        "it names a file with a far longer path than any backup's",
    ),
    "a member whose header claims a terabyte": (
        [member("files/huge.pdf", size=2**40)],
        "its files add up to more than",
    ),
}


@pytest.mark.parametrize("added, why", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_member_is_refused(archives, tmp_path, added, why):
    members = whole()
    archive = archive_of(archives / "hostile.tar.gz", [*members[:-1], *added, members[-1]])

    assert why in refused(archive)
    assert not (tmp_path / "escaped.txt").exists()


def test_an_archive_that_expands_past_the_limit_is_refused_before_it_is_expanded(archives):
    path = archives / "bomb.tar.gz"
    with tarfile.open(path, "w:gz", format=tarfile.GNU_FORMAT) as tar:
        info = tarfile.TarInfo("files/bomb.pdf")
        info.size = 64 * 1024 * 1024
        tar.addfile(info, Zeros(info.size))
    assert path.stat().st_size < 200 * 1024

    why = refused(str(path), "--max-gb", "0.01")

    assert "its files add up to more than 10,737,418 bytes" in why


def test_a_list_of_contents_naming_a_file_outside_is_refused(archives):
    files = {**FILES, "../../escaped.txt": b"x"}
    members = [*whole()[:-1], manifest(files)]

    why = refused(archive_of(archives / "hostile.tar.gz", members))

    assert "it names a file outside the private files: '../../escaped.txt'" in why


def test_a_file_changed_since_the_backup_is_refused(archives):
    members = whole()
    members[1] = member("files/letters/2026/12/offer.pdf", b"%PDF-1.4 not the offer\n")

    why = refused(archive_of(archives / "changed.tar.gz", members))

    assert "'files/letters/2026/12/offer.pdf' is not what it was when the backup was made" in why


def test_an_archive_missing_a_listed_file_is_refused(archives):
    members = whole()
    del members[1]

    why = refused(archive_of(archives / "short.tar.gz", members))

    assert "'files/letters/2026/12/offer.pdf' is missing, so it is incomplete" in why


def test_an_archive_cut_short_is_refused(archives):
    path = archives / "whole.tar.gz"
    archive_of(path, whole())
    path.write_bytes(path.read_bytes()[:-100])

    assert "it ends too soon, so it was probably cut short" in refused(str(path))


def test_a_file_that_is_not_an_archive_is_refused(archives):
    path = archives / "notes.txt"
    path.write_text("Not a backup")

    assert "it is not a gzip file" in refused(str(path))


def test_an_archive_that_goes_on_after_its_end_is_refused(archives):
    path = archive_of(archives / "longer.tar.gz", whole())
    with open(path, "ab") as archive:
        archive.write(gzip.compress(b"more" * 1000))

    assert "it goes on after its end" in refused(path)


def test_an_archive_without_a_list_of_contents_is_refused(archives):
    path = archive_of(archives / "unlisted.tar.gz", whole()[:-1])

    assert "it has no list of contents (manifest.json)" in refused(path)


def test_a_list_of_contents_that_is_not_json_is_refused(archives):
    members = [*whole()[:-1], member("manifest.json", b"[" * 100_000)]

    assert "its list of contents cannot be read" in refused(archive_of(archives / "a.tgz", members))


def test_a_backup_of_another_database_vendor_is_refused(archives):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    database = {
        "vendor": other,
        "member": DATABASE_MEMBER[other],
        "size": 10,
        "sha256": hashlib.sha256(b"a database").hexdigest(),
        "tool": "test",
        "tables": {},
    }
    members = [
        member(DATABASE_MEMBER[other], b"a database"),
        *whole()[1:-1],
        manifest(FILES, database=database),
    ]

    why = refused(archive_of(archives / "other.tar.gz", members))

    assert f"holds a {other} database and this service uses {connection.vendor}" in why


def test_a_backup_from_a_newer_version_is_refused(archives):
    migrations = [["accounts", "0001_initial"], ["accounts", "9999_from_the_future"]]
    members = [*whole()[:-1], manifest(FILES, migrations=migrations)]

    why = refused(archive_of(archives / "newer.tar.gz", members))

    assert "made by a newer version of the service" in why
    assert "accounts.9999_from_the_future" in why
