"""Reading an uploaded 360Giving file (JSON, CSV or Excel) into a package dict.

This is the first half of the official tool's work: find out what kind of file it is, decode it,
and for a spreadsheet turn the standard's column titles back into JSON with flattentool (the
converter the official tool uses, see decision 10). Anything that stops a file being read raises
UnreadableFile with a message for the person who uploaded it; nothing here raises anything else
for bad input.
"""

import json
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import flattentool
import openpyxl
from django.conf import settings
from openpyxl.utils.exceptions import InvalidFileException

from innovation_fund.opendata.standard import GRANT_SCHEMA_FILE, standard_dir

from .limits import (
    UnreadableFile,
    check_csv,
    check_json,
    check_loaded_json,
    check_xlsx_archive,
    csv_encoding,
    csv_field_limit,
    rows_over_limit,
    too_deep,
    too_many_rows,
)

JSON, CSV, XLSX = "json", "csv", "xlsx"
FORMAT_NAMES = {JSON: "JSON", CSV: "CSV", XLSX: "Excel spreadsheet (.xlsx)"}
ZIP_MAGIC = b"PK\x03\x04"
NOT_OPENED = (
    "The spreadsheet could not be opened. It may be damaged, password-protected or not really "
    "an Excel workbook: open it in your spreadsheet program, save it as an Excel workbook "
    "(.xlsx) and try again."
)
__all__ = ["UnreadableFile"]  # raised by everything here, and imported from here


@dataclass
class ReadFile:
    package: dict
    file_format: str
    notes: list[str] = field(default_factory=list)  # how it was read, where a person should know


def read_package(path: Path, original_name: str) -> ReadFile:
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("The file is empty.")
    if size > settings.OTHERFUNDERS_MAX_UPLOAD_BYTES:
        limit = settings.OTHERFUNDERS_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise UnreadableFile(f"The file is larger than {limit} MB. Split it into smaller files.")
    file_format = detect_format(path, original_name)
    if file_format == JSON:
        return ReadFile(read_json(path), JSON)
    if file_format == CSV:
        return read_csv(path)
    return ReadFile(read_xlsx(path), XLSX)


def detect_format(path: Path, original_name: str) -> str:
    """By the file's name, as the official tool does, checked against its first bytes; a file
    with another name is taken as JSON only if it starts like JSON."""
    with path.open("rb") as handle:
        start = handle.read(64)
    suffix = Path(original_name).suffix.lower()
    if suffix == ".xlsx":
        if not start.startswith(ZIP_MAGIC):
            raise UnreadableFile(
                "The file's name ends in .xlsx but it is not an Excel spreadsheet. "
                "Save it from your spreadsheet program as an Excel workbook (.xlsx) and try again."
            )
        return XLSX
    if suffix == ".csv":
        return CSV
    if suffix == ".json" or start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return JSON
    raise UnreadableFile(
        "We can only read 360Giving files in JSON, CSV or Excel (.xlsx) format. "
        f"This file's name ends in “{suffix or 'nothing'}”: if it is a CSV file, rename it to "
        "end in .csv and upload it again."
    )


def read_json(path: Path) -> dict:
    try:
        package = _load_within_limits(path)
    except UnicodeDecodeError:
        raise UnreadableFile(
            "The file is not in UTF-8 text encoding, which JSON files must be. "
            "Save it as UTF-8 and try again."
        ) from None
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            f"The file is not well-formed JSON: {error.msg.lower()} at line {error.lineno}, "
            f"column {error.colno}. Check the file in a JSON validator and try again."
        ) from None
    if not isinstance(package, dict):
        raise UnreadableFile(
            'The file is JSON but not a 360Giving package: it must be an object with a "grants" '
            'list, like {"grants": [ … ]}.'
        )
    return package


def read_csv(path: Path) -> ReadFile:
    """A CSV is the grants sheet on its own. flattentool reads a folder of CSV files named after
    their sheets, so the file is copied in as grants.csv."""
    encoding, encoding_name = csv_encoding(path)
    check_csv(path, encoding)
    notes = []
    if encoding != "utf-8-sig":
        notes.append(
            f"The file is not UTF-8 text, so it was read as {encoding_name}. "
            "Check that names with accents and symbols such as £ came through correctly."
        )
    with tempfile.TemporaryDirectory() as folder:
        sheets = Path(folder) / "sheets"
        sheets.mkdir()
        (sheets / "grants.csv").symlink_to(path.resolve())
        with csv_field_limit():
            return ReadFile(_unflatten(sheets, CSV, encoding=encoding), CSV, notes)


def read_xlsx(path: Path) -> dict:
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(NOT_OPENED)
    check_xlsx_archive(path)  # before openpyxl expands any part of it
    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UnreadableFile(NOT_OPENED) from None
    try:
        too_long = [sheet.title for sheet in workbook.worksheets if _over_row_limit(sheet)]
    finally:
        workbook.close()
    if too_long:
        named = ", ".join(f"“{title}”" for title in too_long)
        found = f"sheet {named} has" if len(too_long) == 1 else f"sheets {named} each have"
        raise UnreadableFile(too_many_rows(f"The spreadsheet is too big to check: the {found}"))
    return _unflatten(path, XLSX)


def _over_row_limit(sheet) -> bool:
    """Counted as the rows stream past: the size a sheet declares for itself can be false."""
    sheet.reset_dimensions()
    return rows_over_limit(sheet.iter_rows(values_only=True))


def _unflatten(source: Path, input_format: str, encoding: str = "utf8") -> dict:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "package.json"
        try:
            with warnings.catch_warnings():
                # flattentool warns about every column it does not know; the schema check and
                # the report say what matters about those.
                warnings.simplefilter("ignore")
                flattentool.unflatten(
                    str(source),
                    input_format=input_format,
                    output_name=str(output),
                    root_list_path="grants",
                    schema=str(standard_dir() / GRANT_SCHEMA_FILE),
                    convert_titles=True,
                    encoding=encoding,
                    timezone_name="Europe/London",
                )
        except MemoryError:
            raise  # the check's memory ceiling (check_process.py), not a conversion error
        except Exception as error:  # flattentool raises many kinds; all mean "cannot convert"
            raise UnreadableFile(
                "The spreadsheet could not be turned into 360Giving data "
                f"({type(error).__name__}: {str(error)[:200]}). Check that it uses the "
                "standard's column titles, as in 360Giving's template."
            ) from None
        # Within limits again: column titles can name paths nested without end.
        return _load_within_limits(output)


def _load_within_limits(path: Path):
    """JSON loaded only once it is known to be within the limits (limits.py): checked as it
    streams, or where the streaming parser cannot read it, once loaded."""
    streamed = check_json(path)
    with path.open(encoding="utf-8-sig") as handle:
        try:
            loaded = json.load(handle)
        except RecursionError:  # nested past what json.load can follow, unseen by check_json
            raise UnreadableFile(too_deep()) from None
    if not streamed:
        check_loaded_json(loaded)
    return loaded
