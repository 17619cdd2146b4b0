"""The backup archive: one gzip-compressed tar file, written here and read back within limits.

A tar file is what operators can list and copy with the tools they have, and one file is what a
cron job can move off the machine whole. The manifest is the last member, because the sha256 of
each file is only known once it has been read into the archive (reading each file once means it
cannot change between being summed and being stored).

Reading never uses tarfile's own extraction: a hostile archive can make tarfile write through
links or outside the target folder, and a long-name or extended header is read whole into
memory. Each 512-byte header is parsed on its own (tarfile.TarInfo.frombuf) and refused unless it
is a plain file, or the long name this writer uses for paths over 100 bytes, within limits set
before anything is read; the data is streamed to disk in small pieces and summed on the way.
"""

import gzip
import hashlib
import io
import os
import tarfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import RestoreRefused, damaged_archive
from .manifest import DATABASE_MEMBERS, FILES_PREFIX, MANIFEST_MEMBER, safe_relative_path

BLOCK = tarfile.BLOCKSIZE
CHUNK = 1024 * 1024
_CUT_SHORT = "it ends too soon, so it was probably cut short while being copied"


class _Summing:
    """A file read through to the archive, summed on the way."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


class ArchiveWriter:
    """Writes `path` as `path`.partial (readable only by its owner) and renames it into place
    when finished, so a backup cut short never looks like a whole one."""

    def __init__(self, path: Path):
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        descriptor = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.raw = os.fdopen(descriptor, "wb")
        self.tar = tarfile.open(  # noqa: SIM115 (closed by finish or abandon)
            fileobj=self.raw,
            mode="w:gz",
            compresslevel=6,
            format=tarfile.GNU_FORMAT,
            encoding="utf-8",
        )

    def add_file(self, member: str, source: Path) -> tuple[int, str]:
        """Store the file at `source` as `member`; its size and sha256 as stored."""
        with source.open("rb") as handle:
            status = os.fstat(handle.fileno())
            summing = _Summing(handle)
            self.tar.addfile(self._info(member, status.st_size, status.st_mtime), summing)
        return status.st_size, summing.digest.hexdigest()

    def add_bytes(self, member: str, data: bytes) -> None:
        self.tar.addfile(self._info(member, len(data), time.time()), io.BytesIO(data))

    def finish(self) -> None:
        self.tar.close()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        self.tar.close()
        self.raw.close()
        self.partial.unlink(missing_ok=True)

    @staticmethod
    def _info(member: str, size: int, mtime: float) -> tarfile.TarInfo:
        info = tarfile.TarInfo(member)
        info.size = size
        info.mtime = int(mtime)
        info.mode = 0o600
        return info


@dataclass(frozen=True)
class ReadLimits:
    """Decided before anything is read: no archive may make a restore go past them."""

    max_total_bytes: int  # all members' data together; at most the free disk space
    max_members: int = 1_000_000
    max_manifest_bytes: int = 32 * 1024 * 1024
    max_long_name_bytes: int = 4096
    # tar pads its end to 10 KiB; anything much longer after the end was put there on purpose.
    max_trailing_bytes: int = 1024 * 1024


@dataclass(frozen=True)
class Extracted:
    manifest: bytes
    members: dict[str, tuple[int, str]]  # member name: size and sha256 as written to disk


def extract(archive: Path, into: Path, limits: ReadLimits) -> Extracted:
    """Every member of `archive` written under `into` (an empty folder), or RestoreRefused.

    `into` may hold some of the members when this refuses: the caller removes it.
    """
    members: dict[str, tuple[int, str]] = {}
    manifest = None
    total = 0
    try:
        raw = archive.open("rb")
    except OSError as error:
        raise RestoreRefused(f"The archive cannot be opened: {error.strerror}.") from None
    with raw, gzip.GzipFile(fileobj=raw, mode="rb") as stream:
        long_name = None
        while True:
            header = _read_exactly(stream, BLOCK)
            if header == bytes(BLOCK):
                break
            info = _header(header)
            if info.type == tarfile.GNUTYPE_LONGNAME and long_name is None:
                long_name = _long_name(stream, info.size, limits)
                continue
            name = long_name if long_name is not None else info.name
            long_name = None
            if not info.isreg():
                raise damaged_archive(
                    f"it holds {_kind(info)} ({name[:200]!r}); a backup holds only files"
                )
            if info.size < 0:
                raise damaged_archive(f"it gives {name[:200]!r} a size below nothing")
            _check_name(name, members, manifest is not None)
            if len(members) + 1 > limits.max_members:
                raise damaged_archive(f"it holds more than {limits.max_members:,} files")
            total += info.size
            if total > limits.max_total_bytes:
                raise damaged_archive(
                    f"its files add up to more than {limits.max_total_bytes:,} bytes, the most "
                    "this restore may write (the free disk space, or --max-gb)"
                )
            if name == MANIFEST_MEMBER:
                if info.size > limits.max_manifest_bytes:
                    raise damaged_archive("its list of contents is far larger than any backup's")
                manifest = _read_exactly(stream, info.size)
                _skip_padding(stream, info.size)
                continue
            members[name] = _write_member(stream, info.size, into / name)
        _check_nothing_after_the_end(stream, limits)
    if manifest is None:
        raise damaged_archive("it has no list of contents (manifest.json)")
    return Extracted(manifest=manifest, members=members)


def _header(block: bytes) -> tarfile.TarInfo:
    try:
        return tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
    except tarfile.HeaderError:
        raise damaged_archive("a part of it is not in tar form") from None


def _long_name(stream, size: int, limits: ReadLimits) -> str:
    if not 0 <= size <= limits.max_long_name_bytes:
        raise damaged_archive("it names a file with a far longer path than any backup's")
    data = _read_exactly(stream, size)
    _skip_padding(stream, size)
    try:
        return data.rstrip(b"\0").decode("utf-8")
    except UnicodeDecodeError:
        raise damaged_archive("it names a file with a path that is not text") from None


def _check_name(name: str, seen: dict, manifest_seen: bool) -> None:
    if name in seen or (name == MANIFEST_MEMBER and manifest_seen):
        raise damaged_archive(f"it holds {name[:200]!r} twice")
    if name == MANIFEST_MEMBER or name in DATABASE_MEMBERS.values():
        return
    if name.startswith(FILES_PREFIX) and safe_relative_path(name.removeprefix(FILES_PREFIX)):
        return
    raise damaged_archive(f"it holds {name[:200]!r}, which is not where a backup keeps anything")


def _write_member(stream, size: int, target: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except (FileExistsError, NotADirectoryError, IsADirectoryError):
        raise damaged_archive(
            f"it holds a part of {target.name[:200]!r} both as a file and as a folder"
        ) from None
    with os.fdopen(descriptor, "wb") as handle:
        left = size
        while left:
            chunk = _read_exactly(stream, min(CHUNK, left))
            digest.update(chunk)
            handle.write(chunk)
            left -= len(chunk)
    _skip_padding(stream, size)
    return size, digest.hexdigest()


def _skip_padding(stream, size: int) -> None:
    _read_exactly(stream, -size % BLOCK)


def _check_nothing_after_the_end(stream, limits: ReadLimits) -> None:
    """Reading to the end also checks the gzip checksum of the whole archive."""
    after = _read(stream, limits.max_trailing_bytes + 1)
    if len(after) > limits.max_trailing_bytes or after.strip(b"\0"):
        raise damaged_archive("it goes on after its end")


def _read_exactly(stream, size: int) -> bytes:
    data = _read(stream, size)
    if len(data) != size:
        raise damaged_archive(_CUT_SHORT)
    return data


def _read(stream, size: int) -> bytes:
    """Up to `size` bytes; fewer only at the end of the archive."""
    pieces = []
    left = size
    try:
        while left:
            piece = stream.read(min(left, CHUNK))
            if not piece:
                break
            pieces.append(piece)
            left -= len(piece)
    except EOFError:
        raise damaged_archive(_CUT_SHORT) from None
    except (gzip.BadGzipFile, zlib.error):
        raise damaged_archive("it is not a gzip file, or its compression is broken") from None
    return b"".join(pieces)


def _kind(info: tarfile.TarInfo) -> str:
    if info.issym():
        return "a symbolic link"
    if info.islnk():
        return "a hard link"
    if info.isdir():
        return "a folder"
    if info.isdev():
        return "a device"
    return "something other than a file"
