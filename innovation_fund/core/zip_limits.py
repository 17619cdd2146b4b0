"""Limits on a zip archive from outside (XLSX, DOCX, ODT), checked before any member is expanded.

Office files are zip archives, and a small one can expand to gigabytes (a "zip bomb"). The
central directory says how big each member is once expanded; Python's zipfile never hands back
more than that from a member (it stops at the declared size and then checks the CRC), so the
declared sizes are an upper bound on what reading through zipfile can cost. The check refuses an
archive whose declared sizes, their total, or a member's expansion ratio are over the limits,
before anything is decompressed.
"""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 2_000
    max_member_bytes: int = 100 * 1024 * 1024
    max_total_bytes: int = 250 * 1024 * 1024
    # Text XML compresses about 10 to 1, rarely past 100 to 1; a bomb is thousands to one.
    max_ratio: int = 200
    # Below this a member's ratio is not checked: a short run of spaces compresses very well.
    ratio_from_bytes: int = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive is over a limit or not a zip archive; the message says which, in plain words
    that blame the file."""


def check_archive(file: str | BinaryIO, limits: ZipLimits = ZipLimits()) -> list[zipfile.ZipInfo]:
    """The archive's members, if it is a zip archive within `limits`; ArchiveRefused if not."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ArchiveRefused(
            "The file is damaged or is not the kind of file its name says."
        ) from None
    if len(members) > limits.max_members:
        raise ArchiveRefused(
            f"The file holds {len(members):,} parts, more than the {limits.max_members:,} "
            "a document of this kind may have."
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.max_member_bytes:
            raise ArchiveRefused(_too_big(member.filename, member.file_size, limits))
        if (
            member.file_size >= limits.ratio_from_bytes
            and member.file_size > limits.max_ratio * max(member.compress_size, 1)
        ):
            raise ArchiveRefused(
                f"Part “{member.filename[:100]}” of the file expands {member.file_size:,} bytes "
                f"from {member.compress_size:,}: more than {limits.max_ratio} times, which real "
                "documents never do. The file may be built to harm the systems that read it."
            )
    if total > limits.max_total_bytes:
        raise ArchiveRefused(
            f"The file expands to {_mb(total)} MB, more than the {_mb(limits.max_total_bytes)} MB "
            "we can read. Split it into smaller files."
        )
    return members


def _too_big(name: str, size: int, limits: ZipLimits) -> str:
    return (
        f"Part “{name[:100]}” of the file expands to {_mb(size)} MB, more than the "
        f"{_mb(limits.max_member_bytes)} MB we can read. Split it into smaller files."
    )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f}"
