"""Approved, unpaid payments as CSV and XLSX for the finance system.

The same columns in both, from the same rows as the payment run page. Money is exact: pence as
an integer column (numeric in the XLSX, for sums), and pounds as decimal text "1234.56" from
Decimal(pence) / 100 in both files. The XLSX pounds are text, not a number, on purpose: openpyxl
writes a Decimal through a float, and £0.07 would reach the file as 0.07000000000000001. Text a
spreadsheet could take for a formula is neutralised as the bid exports do
(`applications.exports.neutralise` and `xlsx_text`).
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from innovation_fund.applications.exports import (
    DATETIME_FORMAT,
    XLSX_CONTENT_TYPE,
    neutralise,
    xlsx_text,
)
from innovation_fund.core.dates import london_today, to_london
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.money import pence_to_pounds

from .models import Payment

HEADERS = [
    "Payment id",
    "Grant id",
    "Project",
    "Recipient",
    "Recipient org-id",
    "Instalment",
    "Financial year",
    "Amount (£)",
    "Amount (pence)",
    "Requested by",
    "Approved by",
    "Approved at (UK time)",
]
DATE_COLUMN = HEADERS.index("Approved at (UK time)")

Cell = str | int | Decimal | datetime | None
RIGHT = Alignment(horizontal="right")


def rows(payments: Iterable[Payment]) -> Iterator[list[Cell]]:
    for payment in payments:
        grant = payment.grant
        row: list[Cell] = [
            payment.pk,
            grant.pk,
            grant.project.display_name if grant.project_id else "",
            grant.recipient.name,
            grant.recipient.org_id or "",
            payment.instalment.number,
            FinancialYear(payment.instalment.financial_year).label,
            pence_to_pounds(payment.amount_pence),
            payment.amount_pence,
            payment.requested_by.email,
            payment.approved_by.email if payment.approved_by_id else "",
            to_london(payment.approved_at).replace(tzinfo=None) if payment.approved_at else None,
        ]
        yield [neutralise(value) if isinstance(value, str) else value for value in row]


def filename(extension: str) -> str:
    return f"payments-to-make-{london_today().isoformat()}.{extension}"


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pounds_text(value: Decimal) -> str:
    return f"{value:.2f}"


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, Decimal):
        return _pounds_text(value)
    return str(value)


def csv_response(payments: Iterable[Payment]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows(payments):
        writer.writerow([_csv_text(value) for value in row])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, filename("csv"))


def xlsx_response(payments: Iterable[Payment]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Payments")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in HEADERS:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows(payments):
        sheet.append([_xlsx_cell(sheet, index, value) for index, value in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename("xlsx"))


def _xlsx_cell(sheet, index: int, value: Cell):
    if isinstance(value, str):
        return xlsx_text(value)
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=_pounds_text(value))
        cell.alignment = RIGHT
        return cell
    if index == DATE_COLUMN and value is not None:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    return value
