import io
import zipfile

import pytest

from innovation_fund.core.zip_limits import ArchiveRefused, ZipLimits, check_archive


def _zip(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_an_ordinary_archive_passes_with_its_members():
    members = check_archive(_zip({"a.xml": b"<a>text</a>" * 1000, "b.xml": b"<b/>"}))
    assert [member.filename for member in members] == ["a.xml", "b.xml"]


def test_a_member_that_expands_a_thousandfold_is_refused_before_it_is_read():
    bomb = _zip({"xl/sharedStrings.xml": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb.getvalue()) < 100_000  # small on disk
    with pytest.raises(ArchiveRefused, match="more than 200 times"):
        check_archive(bomb)


def test_a_member_over_the_size_limit_is_refused():
    limits = ZipLimits(max_member_bytes=1000, max_ratio=10**9)
    with pytest.raises(ArchiveRefused, match="sheet.xml"):
        check_archive(_zip({"sheet.xml": b"x" * 2000}), limits)


def test_the_total_of_the_members_is_limited():
    limits = ZipLimits(max_member_bytes=1500, max_total_bytes=2500, max_ratio=10**9)
    with pytest.raises(ArchiveRefused, match="expands to"):
        check_archive(_zip({"a": b"x" * 1400, "b": b"y" * 1400}), limits)


def test_too_many_members_are_refused():
    with pytest.raises(ArchiveRefused, match="3 parts"):
        check_archive(_zip({"a": b"", "b": b"", "c": b""}), ZipLimits(max_members=2))


def test_a_file_that_is_not_a_zip_archive_is_refused():
    with pytest.raises(ArchiveRefused, match="damaged"):
        check_archive(io.BytesIO(b"PK\x03\x04 not really a zip"))
