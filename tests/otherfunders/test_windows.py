"""A JSON file checked a window of grants at a time gets exactly the report it gets read whole,
and one the windows cannot read exactly is read whole instead."""

import json

import pytest
from django.conf import settings

from innovation_fund.opendata import package_windows
from innovation_fund.otherfunders import checking, services
from innovation_fund.otherfunders.models import ImportedFile, OtherFunderGrant
from innovation_fund.otherfunders.reading import read_package

from .builders import a_grant

SAMPLES = settings.OPENDATA_STANDARD_DIR / "samples"
REAL_AND_FIXTURE_JSON = sorted(
    [*SAMPLES.glob("*.json"), *(SAMPLES / "validator-fixtures").glob("*.json")],
    key=lambda path: path.name,
)


@pytest.fixture
def small_windows(monkeypatch):
    """Every JSON file read in windows, of 3 grants, so windows' edges are crossed."""
    monkeypatch.setattr(checking, "WINDOWED_FROM_BYTES", 0)
    monkeypatch.setattr(package_windows, "WINDOW", 3)


def read_whole(path):
    read = read_package(path, path.name)
    return checking.check_package(read.package, file_format=read.file_format, notes=read.notes)


def windowed(path):
    report = checking.check_json_in_windows(path)
    assert report is not None, f"{path.name} was not read in windows"
    return report


@pytest.mark.parametrize("path", REAL_AND_FIXTURE_JSON, ids=lambda path: path.name)
def test_real_and_official_files_get_the_same_report_in_windows(path, small_windows):
    try:
        whole = read_whole(path)
    except Exception:  # not readable whole: the windows must not claim to read it either
        assert checking.check_json_in_windows(path) is None
        return
    report = checking.check_json_in_windows(path)
    if report is None:  # read whole instead (refused by the schema, or not one list of grants)
        assert whole.schema_error_count or not isinstance(
            json.loads(path.read_text(encoding="utf-8-sig")).get("grants"), list
        )
        return
    assert report.as_json() == whole.as_json()


def a_file(folder, package, name="grants.json", *, bom=False):
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + json.dumps(package).encode())
    return path


def test_duplicates_repeats_codelists_notices_and_own_ids_across_windows(tmp_path, small_windows):
    other_funder = [{"id": "GB-CHC-2000002", "name": "Another funder"}]
    grants = [a_grant(number, amountAwarded=0 if number == 2 else 10.5) for number in range(1, 9)]
    grants += [
        dict(grants[0]),  # grant 9 repeats grant 1 exactly (and its id)
        a_grant(3, title="Another grant 3"),  # an id used twice, not the same grant
        a_grant(11, regrantType="XYZ"),  # not in the regrant type codelist
        a_grant(12, id=f"{settings.OPENDATA_GRANT_ID_PREFIX}R1-001"),
        a_grant(13, fundingOrganization=other_funder),  # a second funder
        a_grant(14, awardDate="2019-02-30"),  # not a day on the calendar
    ]
    path = a_file(tmp_path, {"license": "https://example.org/licence", "grants": grants}, bom=True)
    report = windowed(path)
    assert report.as_json() == read_whole(path).as_json()
    assert report.duplicate_ids == ["360G-example-1", "360G-example-3"]
    assert "grant 9 is the same as grant 1" in report.schema_errors[0]["message"]
    assert report.codelist_errors[0]["path"] == "grants/10/regrantType"
    assert report.own_grant_ids == [grants[11]["id"]]
    assert report.value_errors[0]["path"] == "grants/13/awardDate"
    notices = {notice["check"]: notice for notice in report.notices}
    assert notices["ZeroAmountTest"]["paths"] == ["grants/1/amountAwarded"]
    assert notices["MoreThanOneFundingOrg"]["count"] == 1
    assert report.summary["funders"] == 2


@pytest.mark.parametrize(
    "package",
    [
        [a_grant(1)],  # not an object
        {"grants": {"1": a_grant(1)}},  # grants not a list
        {"grants": [a_grant(1)], "license": "https://example.org/l", "grants ": 1},
        {"grants": [a_grant(1)], "publisher": {"name": "P", "parts": [1, [2, {"x": None}]]}},
    ],
)
def test_what_the_windows_read_and_what_they_leave_whole(tmp_path, small_windows, package):
    path = a_file(tmp_path, package)
    report = checking.check_json_in_windows(path)
    if isinstance(package, dict) and isinstance(package.get("grants"), list):
        assert report is not None and report.as_json() == read_whole(path).as_json()
    else:
        assert report is None


def test_a_key_twice_or_json_ijson_refuses_is_read_whole(tmp_path, small_windows):
    twice = tmp_path / "twice.json"
    grant = json.dumps(a_grant(1))
    twice.write_text(f'{{"grants": [], "grants": [{grant}]}}')
    assert checking.check_json_in_windows(twice) is None
    not_a_number = tmp_path / "nan.json"
    odd_grant = json.dumps(a_grant(1, amountAwarded=float("nan")))
    not_a_number.write_text(f'{{"grants": [{odd_grant}]}}')
    assert checking.check_json_in_windows(not_a_number) is None
    # Read whole, each gets its report as before.
    for path in (twice, not_a_number):
        report, _ = checking.check_file(path, path.name)
        assert report == read_whole(path)


@pytest.mark.django_db
def test_a_large_file_is_checked_in_windows_stored_as_it_came_and_imported(
    tmp_path, small_windows, monkeypatch
):
    seen = []
    monkeypatch.setattr(
        checking, "read_package", lambda *args: seen.append(args) or read_package(*args)
    )
    path = a_file(tmp_path, {"grants": [a_grant(n) for n in range(1, 8)]}, bom=True)
    received = services.receive_path(path, publisher_name="The Trust")
    imported_file = services.check_received_file(received.pk)
    assert seen == []  # never read whole
    assert imported_file.status == ImportedFile.Status.READY
    assert imported_file.report["grant_count"] == 7
    counts = services.import_checked_file(imported_file)
    assert counts.added == 7
    assert OtherFunderGrant.objects.count() == 7
