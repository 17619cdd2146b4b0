"""Fixed limits on an uploaded 360Giving file, checked while streaming through it before it is
parsed whole: a small file can be built to expand far past its size on disk (a zip bomb, a
spreadsheet whose header under-states its rows, JSON nested a hundred thousand deep, a CSV field
of 40 MB). Each check raises UnreadableFile with a message that blames the file.

The memory ceiling on the whole check (check_process.py) is the backstop for anything these miss.
"""

import codecs
import contextlib
import csv
from collections.abc import Iterator
from pathlib import Path

import ijson

from innovation_fund.core.zip_limits import ArchiveRefused, ZipLimits, check_archive
from innovation_fund.opendata.package_windows import skip_bom

MAX_SPREADSHEET_ROWS = 50_000  # the official tool's limit, counted per sheet with its header
# The deepest real 360Giving data is about 6 levels (package, grants, grant, location list,
# location, …); the checks that follow walk a package recursively, so it must stay shallow.
MAX_JSON_DEPTH = 64
# Python's own default for a CSV field, which this service has always read CSV files with; a
# grant's longest text (its description) runs to a few thousand characters.
MAX_FIELD_CHARACTERS = 131_072
# An XLSX of at most 50 MB (the upload limit): the sheets and shared strings of 50,000 grants
# are tens of MB uncompressed, and text XML rarely compresses past 100 to 1.
XLSX_LIMITS = ZipLimits(
    max_members=1_000,
    max_member_bytes=200 * 1024 * 1024,
    max_total_bytes=400 * 1024 * 1024,
    max_ratio=200,
)
READ_CHUNK = 1024 * 1024
# The order the official tool tries text encodings in for CSV: latin-1 decodes any byte at all.
CSV_ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1"))
HARM = "The file may be built to harm the systems that read it."


class UnreadableFile(Exception):
    """The file cannot be read as 360Giving data; the message says why, in plain words."""


def check_xlsx_archive(path: Path) -> None:
    """Before openpyxl expands anything: each part's declared size, their total and ratio."""
    try:
        check_archive(str(path), XLSX_LIMITS)
    except ArchiveRefused as refused:
        raise UnreadableFile(f"The spreadsheet cannot be read. {refused}") from None


def rows_over_limit(rows) -> bool:
    """Whether an iterable of rows has more than MAX_SPREADSHEET_ROWS, reading only as far as
    needed to know (never a count the file declares)."""
    return any(count > MAX_SPREADSHEET_ROWS for count, _ in enumerate(rows, 1))


def too_many_rows(found: str) -> str:
    """`found` names what has too many rows: “The file” or “The sheet ‘grants’”."""
    return (
        f"{found} more than {MAX_SPREADSHEET_ROWS:,} rows. A sheet may have at most "
        f"{MAX_SPREADSHEET_ROWS:,} rows, so split the grants into smaller files."
    )


def csv_encoding(path: Path) -> tuple[str, str]:
    """The first of CSV_ENCODINGS that decodes the whole file, read a chunk at a time."""
    for encoding, name in CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in _chunks(path):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, name
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


@contextlib.contextmanager
def csv_field_limit() -> Iterator[None]:
    """Python's csv module (and flattentool, which reads the file again) refuses a field over
    MAX_FIELD_CHARACTERS while this is in force, whatever the process set before."""
    before = csv.field_size_limit(MAX_FIELD_CHARACTERS)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def check_csv(path: Path, encoding: str) -> None:
    """Every field within MAX_FIELD_CHARACTERS and at most MAX_SPREADSHEET_ROWS rows, read a
    row at a time."""
    with csv_field_limit(), path.open(encoding=encoding, newline="") as handle:
        try:
            over = rows_over_limit(csv.reader(handle))
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise UnreadableFile(_field_too_long("A field (a cell)")) from None
            raise UnreadableFile(
                f"The file could not be read as CSV ({error}). Save it from your spreadsheet "
                "program as CSV and try again."
            ) from None
    if over:
        raise UnreadableFile(too_many_rows("The file has"))


def check_json(path: Path) -> bool:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH or with a string or key longer than
    MAX_FIELD_CHARACTERS, read an event at a time. True if the file was read through; False if
    the streaming parser could not read it (not JSON, or JSON it reads differently from
    json.load, such as NaN), which leaves the file to be judged once it is loaded."""
    depth = 0
    try:
        with path.open("rb") as handle:
            skip_bom(handle)
            for event, value in ijson.basic_parse(handle, use_float=True):
                if event in ("start_map", "start_array"):
                    depth += 1
                    if depth > MAX_JSON_DEPTH:
                        raise UnreadableFile(too_deep())
                elif event in ("end_map", "end_array"):
                    depth -= 1
                elif event in ("string", "map_key") and len(value) > MAX_FIELD_CHARACTERS:
                    raise UnreadableFile(_field_too_long("A value or name"))
    except (ijson.JSONError, UnicodeDecodeError, ValueError):
        return False
    return True


def check_loaded_json(value) -> None:
    """The limits of `check_json` on JSON already loaded, walked without recursion."""
    waiting = [(value, 1)]
    while waiting:
        value, depth = waiting.pop()
        if isinstance(value, str):
            if len(value) > MAX_FIELD_CHARACTERS:
                raise UnreadableFile(_field_too_long("A value or name"))
            continue
        if isinstance(value, dict):
            children = [*value.keys(), *value.values()]
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise UnreadableFile(too_deep())
        waiting.extend((child, depth + 1) for child in children)


def too_deep() -> str:
    return (
        f"The file's data is nested more than {MAX_JSON_DEPTH} levels deep (lists within lists "
        f"or objects within objects), which 360Giving data never is. {HARM}"
    )


def _field_too_long(what: str) -> str:
    return (
        f"{what} in the file is longer than {MAX_FIELD_CHARACTERS:,} characters, which no "
        f"360Giving value needs to be. {HARM}"
    )


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            yield chunk
