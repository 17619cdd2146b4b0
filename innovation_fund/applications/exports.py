"""The bids in a round as a CSV or XLSX file, for programme managers.

Both files hold the same columns, from the same rows as the page (manage_selectors.bids_for_round
with the page's filters). They are written within the request: a round has at most a few
hundred bids and the rows come from a fixed number of queries, so a file takes well under a
second. Background tasks are used for email; if rounds grow far beyond this, move the export to
a task that stores the file and emails a link (DESIGN.md §4).

Money is exact: the XLSX amount is Decimal(pence) / 100 in a numeric cell with a £ format (no
float is computed here), and a separate column gives the integer pence. Times are London wall
clock, written without a time zone because spreadsheets have none; the headers say "(UK time)".

Text that a spreadsheet could take for a formula (starting =, +, -, @, tab or carriage return)
gets a leading apostrophe in both formats, so a bid titled "=HYPERLINK(…)" stays text.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from innovation_fund.core.dates import london_today, to_london
from innovation_fund.core.money import pence_to_pounds
from innovation_fund.programmes.models import Round

from .models import Application

# (header, width in the XLSX)
COLUMNS = [
    ("Reference", 18),
    ("Title", 50),
    ("State", 12),
    ("Lead organisation", 40),
    ("Lead organisation org-id", 22),
    ("Organisation type", 24),
    ("Focus area", 30),
    ("Amount requested (£)", 18),
    ("Amount requested (pence)", 22),
    ("Local authorities", 40),
    ("Innovation kind", 30),
    ("Innovation", 36),
    ("Submitted at (UK time)", 20),
    ("Withdrawn at (UK time)", 20),
]
HEADERS = [header for header, _ in COLUMNS]
POUNDS_COLUMN = HEADERS.index("Amount requested (£)")
DATE_COLUMNS = {HEADERS.index("Submitted at (UK time)"), HEADERS.index("Withdrawn at (UK time)")}

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
POUNDS_FORMAT = '"£"#,##0.00'
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | Decimal | datetime | None


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula."""
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def xlsx_text(text: str) -> str:
    """Text for an XLSX cell: control characters (not allowed in XLSX) dropped, then neutralised
    (again, in case what is left now starts with a formula trigger)."""
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", text))


def _uk_time(moment: datetime | None) -> datetime | None:
    return to_london(moment).replace(tzinfo=None) if moment else None


def _innovation(bid: Application) -> str:
    if bid.innovation_id:
        return bid.innovation.name
    return bid.new_practice_name


def rows(bids: Iterable[Application]) -> Iterator[list[Cell]]:
    """One list of typed values per bid, in COLUMNS order. Text is neutralised here."""
    for bid in bids:
        organisation = bid.lead_organisation
        row: list[Cell] = [
            bid.reference,
            bid.title,
            bid.get_state_display(),
            organisation.name,
            organisation.org_id or "",
            organisation.get_organisation_type_display(),
            bid.focus_area.name if bid.focus_area_id else "",
            pence_to_pounds(bid.amount_requested_pence),
            bid.amount_requested_pence,
            "; ".join(place.authority.name for place in bid.places.all()),
            bid.get_innovation_kind_display(),
            _innovation(bid),
            _uk_time(bid.submitted_at),
            _uk_time(bid.withdrawn_at),
        ]
        yield [neutralise(value) if isinstance(value, str) else value for value in row]


def filename(round: Round, extension: str) -> str:
    """round-4-bids-2026-11-23.csv: the round's number and today's date in London."""
    return f"round-{round.number}-bids-{london_today().isoformat()}.{extension}"


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def csv_response(round: Round, bids: Iterable[Application]) -> HttpResponse:
    """UTF-8 with a byte order mark, so Excel reads "£" and accented names correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows(bids):
        writer.writerow([_csv_text(value) for value in row])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, filename(round, "csv"))


def xlsx_response(round: Round, bids: Iterable[Application]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Bids")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_header_cell(sheet, header, bold) for header in HEADERS])
    for row in rows(bids):
        sheet.append([_xlsx_cell(sheet, index, value) for index, value in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename(round, "xlsx"))


def _header_cell(sheet, header: str, font: Font):
    cell = WriteOnlyCell(sheet, value=header)
    cell.font = font
    return cell


def _xlsx_cell(sheet, index: int, value: Cell):
    if isinstance(value, str):
        return xlsx_text(value)
    if index == POUNDS_COLUMN:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = POUNDS_FORMAT
        return cell
    if index in DATE_COLUMNS and value is not None:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    return value
