"""Reading uploads: every way a file can fail to be read gets a message a person can act on."""

import json

import openpyxl
import pytest
from django.conf import settings

from innovation_fund.otherfunders import limits
from innovation_fund.otherfunders.reading import (
    CSV,
    JSON,
    XLSX,
    UnreadableFile,
    detect_format,
    read_package,
)

FIXTURES = settings.OPENDATA_STANDARD_DIR / "samples" / "validator-fixtures"


def read_fixture(name: str):
    return read_package(FIXTURES / name, name)


def unreadable_message(path, name=None) -> str:
    with pytest.raises(UnreadableFile) as raised:
        read_package(path, name or path.name)
    return str(raised.value)


def test_an_empty_file_is_refused_as_empty():
    assert unreadable_message(FIXTURES / "bad.xlsx") == "The file is empty."


def test_malformed_json_says_where_the_json_breaks():
    message = unreadable_message(FIXTURES / "fundingproviders-grants_malformed.json")
    assert message.startswith("The file is not well-formed JSON")
    assert "line 10, column 15" in message


@pytest.mark.parametrize(
    ("name", "sheets"),
    [
        ("badfile_too_many_rows.xlsx", "the sheet “grants” has more than 50,000 rows"),
        (
            "badfile_too_many_rows_multiple_sheets.xlsx",
            "the sheets “grants”, “grants_2” each have more than 50,000 rows",
        ),
    ],
)
def test_a_spreadsheet_over_50000_rows_is_refused_naming_the_sheets(name, sheets):
    message = unreadable_message(FIXTURES / name)
    assert sheets in message
    assert "at most 50,000 rows" in message


def test_the_row_limit_counts_the_title_row_and_allows_exactly_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SPREADSHEET_ROWS", 3)
    workbook = openpyxl.Workbook()
    workbook.active.title = "grants"
    for row in (["Identifier", "Currency"], ["360G-x-1", "GBP"], ["360G-x-2", "GBP"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "three.xlsx")
    assert len(read_package(tmp_path / "three.xlsx", "three.xlsx").package["grants"]) == 2
    workbook.active.append(["360G-x-3", "GBP"])
    workbook.save(tmp_path / "four.xlsx")
    assert "“grants” has more than 3 rows" in unreadable_message(tmp_path / "four.xlsx")


def test_a_byte_order_mark_is_not_part_of_the_first_column_title():
    read = read_fixture("bom.csv")
    assert read.package["grants"] == [{"id": "42", "currency": "GBP"}]
    assert read.notes == []


def test_a_cp1252_csv_is_read_as_windows_1252_and_the_person_is_told():
    read = read_fixture("fundingproviders-grants_2_grants_cp1252.csv")
    assert read.file_format == CSV
    assert read.package["grants"][0]["id"].startswith("360G-<~>€funding€")
    assert read.notes and "Windows-1252" in read.notes[0]


def test_a_utf8_csv_has_no_note():
    assert read_fixture("fundingproviders_grants_2_grants.csv").notes == []


def test_a_txt_file_that_is_not_json_is_refused_with_what_to_do():
    message = unreadable_message(FIXTURES / "fundingtrust-grants_dc.txt")
    assert "JSON, CSV or Excel (.xlsx)" in message
    assert "rename it to end in .csv" in message


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(tmp_path):
    fake = tmp_path / "grants.xlsx"
    fake.write_text("Identifier,Title\n")
    assert "is not an Excel spreadsheet" in unreadable_message(fake)


def test_a_damaged_workbook_is_refused(tmp_path):
    damaged = tmp_path / "grants.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert "could not be opened" in unreadable_message(damaged)


def test_json_that_is_not_an_object_is_refused(tmp_path):
    listed = tmp_path / "grants.json"
    listed.write_text(json.dumps([{"id": "1"}]))
    assert 'must be an object with a "grants" list' in unreadable_message(listed)


def test_json_in_another_encoding_is_refused(tmp_path):
    latin = tmp_path / "grants.json"
    latin.write_bytes('{"grants": [{"title": "Caf\u00e9"}]}'.encode("cp1252"))
    assert "not in UTF-8" in unreadable_message(latin)


def test_a_file_too_large_is_refused_before_reading(tmp_path, settings):
    settings.OTHERFUNDERS_MAX_UPLOAD_BYTES = 1024 * 1024
    large = tmp_path / "grants.json"
    large.write_bytes(b" " * (1024 * 1024 + 1))
    assert "larger than 1 MB" in unreadable_message(large)


@pytest.mark.parametrize(
    ("name", "start", "expected"),
    [
        ("grants.json", b"{}", JSON),
        ("GRANTS.CSV", b"Identifier", CSV),
        ("grants.xlsx", b"PK\x03\x04", XLSX),
        ("grants", b'\xef\xbb\xbf {"grants": []}', JSON),
        ("download.txt", b"[]", JSON),
    ],
)
def test_the_format_comes_from_the_name_checked_against_the_content(
    tmp_path, name, start, expected
):
    path = tmp_path / "upload"
    path.write_bytes(start)
    assert detect_format(path, name) == expected


def test_a_csv_over_the_row_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SPREADSHEET_ROWS", 3)
    lines = ["Identifier,Currency", "360G-x-1,GBP", "360G-x-2,GBP"]
    (tmp_path / "three.csv").write_text("\n".join(lines))
    assert len(read_package(tmp_path / "three.csv", "three.csv").package["grants"]) == 2
    (tmp_path / "four.csv").write_text("\n".join([*lines, "360G-x-3,GBP"]))
    assert "The file has more than 3 rows. A sheet may have at most 3 rows" in unreadable_message(
        tmp_path / "four.csv"
    )
