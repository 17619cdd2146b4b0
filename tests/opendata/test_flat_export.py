"""The grants as CSV and XLSX with the 360Giving standard's column titles: made from the same
checked JSON package, read back by flattentool (as 360Giving's tools do) to the same grants, and
offered beside the JSON on the open data page."""

import csv
import hashlib
import io
import json
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import flattentool
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from flattentool.exceptions import DataErrorWarning, FlattenToolWarning

from innovation_fund.core.models import AuditEvent
from innovation_fund.opendata import export, flat, services
from innovation_fund.opendata.models import PublishedFile
from innovation_fund.opendata.services import PublicationRefused, publish_open_data_files
from innovation_fund.opendata.standard import closed_codelist_errors, schema_errors

pytestmark = pytest.mark.django_db

CSV = PublishedFile.Format.CSV
XLSX = PublishedFile.Format.XLSX
JSON = PublishedFile.Format.JSON
STANDARD_TEMPLATE_NAME = "360-giving-schema-titles-with-meta-tab-2023.xlsx"


def downloaded(client, file_format: str) -> bytes:
    response = client.get(reverse(f"opendata:download_{file_format}"))
    assert response.status_code == 200
    assert response.streaming  # served from the stored file, not built in memory
    return b"".join(response.streaming_content)


def unflattened(path: Path, input_format: str, tmp_path: Path) -> list[dict]:
    """The grants flattentool reads back from a CSV folder or an XLSX file, titles converted."""
    output = tmp_path / f"unflattened-{input_format}.json"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FlattenToolWarning)  # e.g. untitled schema fields
        warnings.simplefilter("error", DataErrorWarning)  # a value it could not read as typed
        flattentool.unflatten(
            str(path),
            input_format=input_format,
            output_name=str(output),
            root_list_path="grants",
            schema=str(flat.grant_schema_path()),
            convert_titles=True,
        )
    # flattentool reads numbers as Decimal and writes whole ones as JSON integers and the others
    # as floats, which is how our package has them, so the grants compare without normalising.
    return json.loads(output.read_text(encoding="utf-8"))["grants"]


def csv_folder(content: bytes, tmp_path: Path) -> Path:
    """flattentool reads CSV as a folder with one file per sheet."""
    folder = tmp_path / "csv"
    folder.mkdir(exist_ok=True)
    (folder / "grants.csv").write_bytes(content)
    return folder


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


@pytest.fixture
def published(loaded, client) -> dict:
    """The three files published from the real programme, and the JSON package's contents."""
    files = publish_open_data_files()
    package = json.loads(downloaded(client, JSON))
    return {"files": files, "package": package}


# The real programme -----------------------------------------------------------------------------


def test_the_csv_has_the_standard_titles_and_one_row_per_grant(client, published):
    titles, *rows = csv_rows(downloaded(client, CSV))
    for title in [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Grant Programme:Code",
        "Grant Programme:Title",
        "Beneficiary Location:0:Name",
        "Beneficiary Location:0:Geographic Code",
        "Beneficiary Location:0:Geographic Code Type",
        "Beneficiary Location:1:Geographic Code",
        "Last Modified",
        "Data Source",
    ]:
        assert title in titles
    # Some project involved several authorities, so locations are numbered, never rolled up.
    assert "Beneficiary Location:Geographic Code" not in titles
    grants = published["package"]["grants"]
    assert len(rows) == len(grants) == published["files"][CSV].grants_written
    column = {title: index for index, title in enumerate(titles)}
    first = grants[0]
    assert rows[0][column["Identifier"]] == first["id"]
    assert rows[0][column["Amount Awarded"]] == str(first["amountAwarded"])
    assert rows[0][column["Recipient Org:Identifier"]] == first["recipientOrganization"][0]["id"]


def test_every_title_is_one_of_the_standards_template_titles(client, published, settings):
    template = openpyxl.load_workbook(
        Path(settings.OPENDATA_STANDARD_DIR) / "templates" / STANDARD_TEMPLATE_NAME,
        read_only=True,
    )
    standard_titles = set(next(template["grants"].iter_rows(max_row=1, values_only=True)))
    titles = csv_rows(downloaded(client, CSV))[0]
    # "Beneficiary Location:3:Name" is the template's "Beneficiary Location:Name", numbered.
    unnumbered = {
        ":".join(part for part in title.split(":") if not part.isdigit()) for title in titles
    }
    assert unnumbered == standard_titles


def test_the_csv_reads_back_to_the_same_valid_grants(client, published, tmp_path):
    folder = csv_folder(downloaded(client, CSV), tmp_path)
    grants = unflattened(folder, "csv", tmp_path)
    package = published["package"]
    assert grants == package["grants"]
    again = {**package, "grants": grants}
    assert schema_errors(again) == []
    assert closed_codelist_errors(again) == []


def test_the_xlsx_reads_back_to_the_same_valid_grants(client, published, tmp_path):
    workbook = tmp_path / "grants.xlsx"
    workbook.write_bytes(downloaded(client, XLSX))
    grants = unflattened(workbook, "xlsx", tmp_path)
    package = published["package"]
    assert grants == package["grants"]
    again = {**package, "grants": grants}
    assert schema_errors(again) == []
    assert closed_codelist_errors(again) == []


def test_the_xlsx_is_one_grants_sheet_with_numbers_as_numbers(client, published, tmp_path):
    workbook = tmp_path / "grants.xlsx"
    workbook.write_bytes(downloaded(client, XLSX))
    sheets = openpyxl.load_workbook(workbook, read_only=True)
    assert sheets.sheetnames == ["grants"]
    titles, first, *_ = sheets["grants"].iter_rows(values_only=True)
    row = dict(zip(titles, first, strict=False))  # read-only mode drops empty cells at the end
    grant = published["package"]["grants"][0]
    assert row["Identifier"] == grant["id"]
    assert row["Amount Awarded"] == grant["amountAwarded"]
    assert isinstance(row["Amount Awarded"], int)


def test_each_file_is_recorded_with_its_hash_and_size(published):
    for file_format, file in published["files"].items():
        event = AuditEvent.objects.get(action="opendata.published", object_id=str(file.pk))
        with file.file.open("rb") as handle:
            content = handle.read()
        assert event.after["format"] == file_format
        assert event.after["sha256"] == hashlib.sha256(content).hexdigest()
        assert event.after["size_bytes"] == file.size_bytes == len(content)
    assert len({file.generated_at for file in published["files"].values()}) == 1


# The page and the downloads ---------------------------------------------------------------------


def test_the_page_lists_the_three_downloads_with_format_and_size(client, published):
    page = client.get(reverse("opendata:open_data")).content.decode()
    assert '<ul class="govuk-list">' in page
    for file_format, name in [(JSON, "JSON"), (CSV, "CSV"), (XLSX, "XLSX")]:
        assert f'href="{reverse(f"opendata:download_{file_format}")}"' in page
        assert f"({name}, " in page
    assert "not available yet" not in page
    assert "Spreadsheet versions of this data have not been produced yet" not in page
    assert "use the standard's column titles, so 360Giving's tools can read them" in page


def test_the_downloads_have_their_content_types_and_dated_names(client, published):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    PublishedFile.objects.update(generated_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    for file_format, content_type in [
        (JSON, "application/json"),
        (CSV, "text/csv; charset=utf-8"),
        (XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]:
        response = client.get(reverse(f"opendata:download_{file_format}"))
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == (
            f'attachment; filename="cscip-grants-360giving-2026-07-01.{file_format}"'
        )


def test_the_spreadsheets_are_not_found_before_they_are_produced(client):
    assert client.get(reverse("opendata:download_csv")).status_code == 404
    assert client.get(reverse("opendata:download_xlsx")).status_code == 404


def test_a_missing_stored_spreadsheet_is_not_found(client, published):
    for file_format in (CSV, XLSX):
        file = published["files"][file_format]
        file.file.storage.delete(file.file.name)
        assert client.get(reverse(f"opendata:download_{file_format}")).status_code == 404


def test_a_json_file_from_before_the_spreadsheets_says_they_are_still_to_come(client, published):
    PublishedFile.objects.exclude(format=JSON).delete()
    page = client.get(reverse("opendata:open_data")).content.decode()
    assert "Spreadsheet versions of this data have not been produced yet" in page
    assert reverse("opendata:download_csv") not in page
    assert reverse("opendata:download_json") in page


# Refusals ---------------------------------------------------------------------------------------


def test_a_refused_json_leaves_the_previous_spreadsheets_on_offer(client, published, monkeypatch):
    before = {file_format: downloaded(client, file_format) for file_format in (CSV, XLSX)}
    monkeypatch.setattr(
        services, "written_package_problems", lambda path: ["grants/0/amountAwarded: required"]
    )
    with pytest.raises(PublicationRefused):
        publish_open_data_files()
    assert set(PublishedFile.objects.all()) == set(published["files"].values())
    for file_format, content in before.items():
        assert downloaded(client, file_format) == content


def test_a_value_the_sheet_has_no_column_for_refuses_all_three_files(loaded, monkeypatch):
    real = export.grant_records

    def with_described_places(grants, summary=None):
        for record in real(grants, summary):
            # Valid in the standard, but its grants sheet has no column for it.
            places = record.get("beneficiaryLocation", [])
            yield {**record, "beneficiaryLocation": [{**p, "description": "A"} for p in places]}

    monkeypatch.setattr(export, "grant_records", with_described_places)
    with pytest.raises(
        PublicationRefused,
        match=r"no column in the standard.s grants sheet for beneficiaryLocation/\d+/description",
    ):
        publish_open_data_files()
    assert not PublishedFile.objects.exists()


def test_the_three_files_are_saved_together_or_not_at_all(loaded, monkeypatch):
    real = services._save

    def failing_on_the_workbook(file_format, *args):
        if file_format == XLSX:
            raise OSError("disk full")
        return real(file_format, *args)

    monkeypatch.setattr(services, "_save", failing_on_the_workbook)
    with pytest.raises(OSError, match="disk full"):
        publish_open_data_files()
    assert not PublishedFile.objects.exists()
    assert not AuditEvent.objects.filter(action="opendata.published").exists()


def test_files_stored_before_a_failure_are_not_left_behind(loaded, monkeypatch):
    storage = PublishedFile._meta.get_field("file").storage
    real_save, stored = storage.save, []

    def save(name, content, *args, **kwargs):
        stored.append(real_save(name, content, *args, **kwargs))
        return stored[-1]

    monkeypatch.setattr(storage, "save", save)
    real_record, recorded = services.record, []

    def failing_on_the_third(**kwargs):
        if len(recorded) == 2:
            raise OSError("audit failed")
        recorded.append(real_record(**kwargs))

    monkeypatch.setattr(services, "record", failing_on_the_third)
    with pytest.raises(OSError, match="audit failed"):
        publish_open_data_files()
    assert len(stored) == 3  # all three were stored before the failure ...
    assert [name for name in stored if storage.exists(name)] == []  # ... and none is left
    assert not PublishedFile.objects.exists()


# The sheet itself, from a small package ---------------------------------------------------------


def grant(**fields) -> dict:
    return {
        "id": "360G-cscip-test-1",
        "title": "Family help",
        "description": "Plain words",
        "currency": "GBP",
        "amountAwarded": 1250,
        "awardDate": "2020-04-01",
        "recipientOrganization": [{"id": "GB-LAE-LDS", "name": "Leeds City Council"}],
        "fundingOrganization": [{"id": "GB-GOR-D6", "name": "Department for Education"}],
        **fields,
    }


def write_package(tmp_path: Path, grants: list[dict]) -> Path:
    path = tmp_path / "package.json"
    path.write_text(json.dumps({"version": "1.4", "grants": grants}), encoding="utf-8")
    return path


def both_ways(package: Path, tmp_path: Path) -> dict[str, list[dict]]:
    folder = tmp_path / "csv"
    folder.mkdir()
    flat.write_spreadsheets(
        package, csv_path=folder / "grants.csv", xlsx_path=tmp_path / "grants.xlsx"
    )
    return {
        "csv": unflattened(folder, "csv", tmp_path),
        "xlsx": unflattened(tmp_path / "grants.xlsx", "xlsx", tmp_path),
    }


def test_awkward_values_read_back_as_they_were(tmp_path):
    grants = [
        grant(
            description='=HYPERLINK("x"), a "quoted" word,\nanother line and Children’s services',
            amountAwarded=12.5,
            relatedActivity=["360G-a", "360G-b"],
            beneficiaryLocation=[
                {"name": "Leeds", "geoCode": "E08000035", "geoCodeType": "MD"},
                {"name": "Kent", "geoCode": "E10000016", "geoCodeType": "CTY"},
            ],
        ),
        grant(id="360G-cscip-test-2", plannedDates=[{"startDate": "2020-05-01"}]),
    ]
    for read_back in both_ways(write_package(tmp_path, grants), tmp_path).values():
        assert read_back == grants


def test_amounts_stay_exact_in_the_csv_and_the_workbook(tmp_path):
    path = tmp_path / "package.json"
    # Written as the export writes it: exact digits, as JSON text.
    path.write_text(
        '{"version": "1.4", "grants": ['
        + json.dumps(grant())[:-1]
        + ', "amountAwarded": 123456789.01}]}',
        encoding="utf-8",
    )
    flat.write_spreadsheets(path, csv_path=tmp_path / "grants.csv", xlsx_path=tmp_path / "g.xlsx")

    rows = csv_rows((tmp_path / "grants.csv").read_bytes())
    assert rows[1][rows[0].index("Amount Awarded")] == "123456789.01"
    with zipfile.ZipFile(tmp_path / "g.xlsx") as workbook:
        sheet_xml = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>123456789.01</v>" in sheet_xml


def test_an_amount_a_spreadsheet_number_cannot_hold_exactly_is_refused_not_changed(tmp_path):
    path = tmp_path / "package.json"
    path.write_text(
        '{"version": "1.4", "grants": ['
        + json.dumps(grant())[:-1]
        + ', "amountAwarded": 90071992547409.93}]}',
        encoding="utf-8",
    )
    flat.write_spreadsheets(path, csv_path=tmp_path / "grants.csv")  # CSV is text: exact
    rows = csv_rows((tmp_path / "grants.csv").read_bytes())
    assert rows[1][rows[0].index("Amount Awarded")] == "90071992547409.93"
    with pytest.raises(flat.CannotFlatten, match="90071992547409.93"):
        flat.write_spreadsheets(path, xlsx_path=tmp_path / "g.xlsx")


def test_a_formula_like_text_is_text_in_the_workbook(tmp_path):
    package = write_package(tmp_path, [grant(title="=1+1")])
    flat.write_spreadsheets(package, xlsx_path=tmp_path / "grants.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "grants.xlsx")["grants"]
    title = sheet.cell(row=2, column=2)
    assert title.value == "=1+1"
    assert title.data_type == "s"


def test_lists_of_one_keep_the_standard_titles(tmp_path):
    package = write_package(
        tmp_path, [grant(beneficiaryLocation=[{"name": "Leeds", "geoCode": "E08000035"}])]
    )
    titles, _ = flat.grants_sheet(package)
    assert "Beneficiary Location:Geographic Code" in titles
    assert not any(":0:" in title for title in titles)


def test_a_list_item_with_the_separator_cannot_be_flattened(tmp_path):
    package = write_package(tmp_path, [grant(relatedActivity=["360G-a;b"])])
    with pytest.raises(flat.CannotFlatten, match="relatedActivity"):
        flat.write_spreadsheets(package, csv_path=tmp_path / "grants.csv")


def test_the_open_data_page_points_to_the_api(client, loaded):
    call_command("publish_open_data", stdout=io.StringIO(), stderr=io.StringIO())
    page = client.get(reverse("opendata:open_data")).content.decode()
    assert 'href="/api/v1/openapi.json"' in page
