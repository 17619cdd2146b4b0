"""The grants as one sheet with the 360Giving standard's column titles, as CSV and as XLSX.

The column titles and their order are the standard's own, as flattentool (the library behind
360Giving's tools) reads them from the grant schema: "Identifier", "Amount Awarded",
"Recipient Org:Identifier" and so on. 360Giving's tools read the files back with flattentool's
`unflatten` and `convert_titles`, which gives the grants of the JSON package again (the tests
check this).

flattentool's own `flatten` is not used to write the sheet: where a grant has more than one of
something (beneficiary locations, here) it moves them all to another sheet and leaves a warning in
the grants sheet, so its grants sheet alone loses data, and with both sheets the rolled-up values
are read back twice. Here every grant is one row. A list that holds more than one item in some
grant gets numbered columns ("Beneficiary Location:0:Name", "Beneficiary Location:1:Name", …),
which flattentool reads back as the list; the other lists keep the standard's single titles
("Recipient Org:Identifier"). A value that no column of the layout can hold (a field outside the
standard's grants sheet, such as a location's description) raises CannotFlatten rather than being
left out.

The package is read twice with ijson (the JSON reader flattentool installs and uses), one grant
at a time: once to count the longest lists, once to write each row to both files.
"""

import contextlib
import csv
import warnings
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from itertools import groupby
from pathlib import Path

from flattentool.exceptions import FlattenToolWarning
from flattentool.schema import SchemaParser
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import IllegalCharacterError

from .package_windows import grants_in_file
from .standard import GRANT_SCHEMA_FILE, standard_dir

SHEET_NAME = "grants"
LIST_SEPARATOR = ";"  # how flattentool writes and reads a list of plain values in one cell


class CannotFlatten(ValueError):
    """A grant holds something the single sheet has no column for."""


def grant_schema_path() -> Path:
    return standard_dir() / GRANT_SCHEMA_FILE


@cache
def _standard_columns(schema_path: Path) -> tuple[tuple[str, str], ...]:
    """(Path in a grant, title) of each column of the standard's grants sheet, in its order,
    such as ("recipientOrganization/0/id", "Recipient Org:Identifier")."""
    parser = SchemaParser(schema_filename=str(schema_path), rollup=True, use_titles=True)
    with warnings.catch_warnings():
        # The transaction lists have no titles in the schema, so flattentool warns that it
        # leaves them out; the standard's template has no columns for them either.
        warnings.simplefilter("ignore", FlattenToolWarning)
        parser.parse()
    paths = {title: path for path, title in parser.main_sheet.titles.items()}
    return tuple((paths[title], title) for title in parser.main_sheet)


def _list_name(path: str) -> str | None:
    """ "beneficiaryLocation" for "beneficiaryLocation/0/geoCode"; None outside a list."""
    name, separator, _ = path.partition("/0/")
    return name if separator else None


def columns(longest: dict[str, int]) -> list[tuple[str, str]]:
    """(Path, title) of each column, given the most items any grant has in each list."""
    layout = []
    standard = _standard_columns(grant_schema_path())
    for name, group in groupby(standard, key=lambda column: _list_name(column[0])):
        group = list(group)
        if name is None or longest.get(name, 0) <= 1:
            layout += group
            continue
        for index in range(longest[name]):
            for path, title in group:
                list_title, _, field_title = title.partition(":")
                layout.append(
                    (path.replace("/0/", f"/{index}/", 1), f"{list_title}:{index}:{field_title}")
                )
    return layout


def _cells(value, path: str, cells: dict) -> dict:
    """A grant's values by their path in it, list items numbered: "beneficiaryLocation/1/name"."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _cells(inner, f"{path}/{key}" if path else key, cells)
    elif isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        for index, item in enumerate(value):
            _cells(item, f"{path}/{index}", cells)
    elif isinstance(value, list):
        items = [str(item) for item in value]
        if any(LIST_SEPARATOR in item for item in items):
            raise CannotFlatten(f"{path}: a list item contains {LIST_SEPARATOR!r}")
        if items:
            cells[path] = LIST_SEPARATOR.join(items)
    elif value is not None:
        cells[path] = value
    return cells


def grants_sheet(package_path: Path) -> tuple[list[str], Iterator[list]]:
    """The titles and then, lazily, one row of values per grant ("" where a grant has none).

    Numbers stay numbers (int or Decimal, as ijson reads them) so a spreadsheet can add them up.
    """
    longest: dict[str, int] = {}
    for grant in grants_in_file(package_path, use_float=False):
        for key, value in grant.items():
            if isinstance(value, list):
                longest[key] = max(longest.get(key, 0), len(value))
    layout = columns(longest)
    paths = [path for path, _ in layout]
    known = set(paths)

    def rows() -> Iterator[list]:
        for grant in grants_in_file(package_path, use_float=False):
            cells = _cells(grant, "", {})
            extra = sorted(set(cells) - known)
            if extra:
                raise CannotFlatten(
                    f"grant {grant.get('id')}: no column in the standard's grants sheet for "
                    + ", ".join(extra)
                )
            yield [cells.get(path, "") for path in paths]

    return [title for _, title in layout], rows()


# A spreadsheet number is a binary double: Excel keeps 15 significant digits.
SPREADSHEET_DIGITS = 15


def _significant_digits(value: int | Decimal) -> int:
    digits = (
        "".join(map(str, value.as_tuple().digits)) if isinstance(value, Decimal) else str(value)
    )
    return len(digits.lstrip("-0").rstrip("0"))


def _cell(sheet, value) -> WriteOnlyCell:
    number = isinstance(value, int | Decimal) and not isinstance(value, bool)
    if number and _significant_digits(value) > SPREADSHEET_DIGITS:
        # An amount with more digits would be changed on its way into the workbook; money
        # must not change silently, so the files are refused instead (none has come near).
        raise CannotFlatten(
            f"the number {value} has more digits than a spreadsheet number holds exactly"
        )
    try:
        cell = WriteOnlyCell(sheet, value=value)
    except IllegalCharacterError as error:
        raise CannotFlatten(
            f"a value has a character a spreadsheet cannot hold: {value!r}"
        ) from error
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula, even if it starts with "="
    return cell


def write_spreadsheets(
    package_path: Path, *, csv_path: Path | None = None, xlsx_path: Path | None = None
) -> None:
    """The grants sheet as UTF-8 CSV (no byte order mark: 360Giving's tools read it as is)
    and as an Excel workbook, from one reading of the package: each row goes to both."""
    titles, rows = grants_sheet(package_path)
    with contextlib.ExitStack() as files:
        csv_writer = None
        if csv_path is not None:
            handle = files.enter_context(csv_path.open("w", encoding="utf-8", newline=""))
            csv_writer = csv.writer(handle)
            csv_writer.writerow(titles)
        workbook = sheet = None
        if xlsx_path is not None:
            workbook = Workbook(write_only=True)  # row by row, openpyxl's write-only mode
            sheet = workbook.create_sheet(SHEET_NAME)
            sheet.append(titles)
        try:
            for row in rows:
                if csv_writer is not None:
                    csv_writer.writerow(row)
                if sheet is not None:
                    sheet.append([_cell(sheet, value) if value != "" else None for value in row])
        except CannotFlatten:
            if sheet is not None:
                sheet.close()  # finish the abandoned sheet's temporary file tidily
            raise
        if workbook is not None:
            workbook.save(xlsx_path)
