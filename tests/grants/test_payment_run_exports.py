"""The payment run's downloads for the finance system: the same columns in CSV and XLSX, text a
spreadsheet could run as a formula kept as text, and money exact to the penny."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from innovation_fund.grants.models import Payment
from innovation_fund.grants.payment_exports import HEADERS
from tests.grants.payment_builders import accepted_grant, approved_payments, travel
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example","Click")'


@pytest.fixture
def cast():
    accepted = accepted_grant()
    recipient = accepted.grant.recipient
    recipient.name = EVIL
    recipient.org_id = "GB-CHC-1234567"
    recipient.save()
    with travel():
        yield accepted


def download_csv(client, cast) -> list[dict]:
    response = sign_in(client, cast.finance_officer).get(
        reverse("grant_management:payment_run_csv")
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def download_xlsx(client, cast):
    response = sign_in(client, cast.finance_officer).get(
        reverse("grant_management:payment_run_xlsx")
    )
    assert "attachment;" in response["Content-Disposition"]
    return response.content


def xlsx_rows(content: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    return [
        dict(zip(header, [cell.value for cell in row], strict=True))
        for row in sheet.iter_rows(min_row=2)
    ]


def make_odd_amount(payment: Payment, pence: int) -> None:
    """An amount no float holds exactly, written past the service (the export must not care)."""
    Payment.objects.filter(pk=payment.pk).update(amount_pence=pence)


def test_the_csv_has_the_finance_systems_columns_formula_safe(client, cast):
    waiting = approved_payments(cast, 2)
    rows = download_csv(client, cast)

    assert [row["Payment id"] for row in rows] == [str(payment.pk) for payment in waiting]
    first = rows[0]
    assert first["Recipient"] == "'" + EVIL
    assert first["Recipient org-id"] == "GB-CHC-1234567"
    assert first["Grant id"] == str(cast.grant.pk)
    assert first["Instalment"] == "1"
    assert first["Financial year"] == "2027-28"
    assert first["Approved by"] == cast.finance_officer.email
    assert first["Approved at (UK time)"].startswith("2027-07-15 10:00")


def test_the_xlsx_has_the_same_columns_and_keeps_the_formula_as_text(client, cast):
    approved_payments(cast, 2)
    content = download_xlsx(client, cast)

    rows = xlsx_rows(content)
    assert list(rows[0]) == HEADERS
    assert rows[0]["Recipient"] == "'" + EVIL
    assert rows[0]["Recipient org-id"] == "GB-CHC-1234567"
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no cell is a formula


@pytest.mark.parametrize("pence", [7, 1_500_000, 1_234_567_890_17])
def test_money_is_exact_in_pence_and_in_pounds_in_both_files(client, cast, pence):
    (payment,) = approved_payments(cast, 1)
    make_odd_amount(payment, pence)
    pounds = f"{Decimal(pence) / 100:.2f}"

    (row,) = download_csv(client, cast)
    assert row["Amount (pence)"] == str(pence)
    assert row["Amount (£)"] == pounds

    (cell,) = xlsx_rows(download_xlsx(client, cast))
    assert cell["Amount (pence)"] == pence
    assert cell["Amount (£)"] == pounds


def test_control_characters_are_dropped_and_the_formula_still_neutralised(client, cast):
    cast.grant.recipient.name = "\x07=1+1"
    cast.grant.recipient.save()
    approved_payments(cast, 1)

    (row,) = xlsx_rows(download_xlsx(client, cast))
    assert row["Recipient"] == "'=1+1"
    (csv_row,) = download_csv(client, cast)
    assert not csv_row["Recipient"].startswith("=")


def test_the_downloads_hold_only_approved_unpaid_payments_of_the_programme(client, cast):
    approved, requested = approved_payments(cast, 2)
    Payment.objects.filter(pk=requested.pk).update(
        state=Payment.State.REQUESTED, approved_by=None, approved_at=None
    )

    assert [row["Payment id"] for row in download_csv(client, cast)] == [str(approved.pk)]
    assert [row["Payment id"] for row in xlsx_rows(download_xlsx(client, cast))] == [approved.pk]
