"""Files built to harm the service (issue 15, points 1, 2 and 6): each is refused within fixed
limits, quickly, with a message that the file is at fault, and the worker carries on."""

import os
import signal
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovation_fund.otherfunders import check_process, checking, limits, services
from innovation_fund.otherfunders.checking import FAULT_MESSAGE, MEMORY_MESSAGE
from innovation_fund.otherfunders.models import ImportedFile
from tests.factories import ProgrammeRoleFactory
from tests.helpers import sign_in

from .builders import a_file, a_grant
from .hostile_files import (
    csv_with_long_field,
    deeply_nested_json,
    shared_strings_bomb,
    sheet_with_false_dimension,
)

pytestmark = pytest.mark.django_db
UNREADABLE = ImportedFile.Status.UNREADABLE


def checked(path):
    received = services.receive_path(path, publisher_name="A funder")
    return services.check_received_file(received.pk)


def read_error(imported_file) -> str:
    assert imported_file.status == UNREADABLE, imported_file.report
    message = imported_file.report["read_error"]
    assert message != FAULT_MESSAGE
    return message


def test_a_workbook_whose_shared_strings_expand_to_a_gibibyte_is_refused_unopened(tmp_path):
    bomb = shared_strings_bomb(tmp_path)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    message = read_error(checked(bomb))
    assert "“xl/sharedStrings.xml” of the file expands to 1,024 MB" in message


def test_a_sheet_that_under_states_its_rows_is_counted_and_refused_quickly(tmp_path):
    lying = sheet_with_false_dimension(tmp_path, rows=200_000)
    assert lying.stat().st_size < 3 * 1024 * 1024
    started = time.monotonic()
    message = read_error(checked(lying))
    assert time.monotonic() - started < 20
    assert "the sheet “grants” has more than 50,000 rows" in message


def test_a_csv_field_over_the_limit_is_the_files_fault(tmp_path):
    long_field = csv_with_long_field(tmp_path, limits.MAX_FIELD_CHARACTERS * 8)
    message = read_error(checked(long_field))
    assert "longer than 131,072 characters" in message


def test_a_csv_field_at_the_limit_is_read(tmp_path):
    at_limit = csv_with_long_field(tmp_path, limits.MAX_FIELD_CHARACTERS - len("360G-x-1,"))
    assert checked(at_limit).status != UNREADABLE


def test_json_nested_a_hundred_thousand_deep_is_the_files_fault(tmp_path):
    message = read_error(checked(deeply_nested_json(tmp_path, depth=100_000)))
    assert "nested more than 64 levels deep" in message


def test_json_nested_past_the_limit_is_refused_read_whole_or_in_windows(tmp_path, monkeypatch):
    deep = deeply_nested_json(tmp_path, depth=limits.MAX_JSON_DEPTH)  # the package is one more
    assert "nested more than 64" in read_error(checked(deep))
    monkeypatch.setattr(checking, "WINDOWED_FROM_BYTES", 10)
    assert "nested more than 64" in read_error(checked(deep))


def test_deep_json_only_json_load_can_read_is_refused_once_loaded(tmp_path):
    # ijson, which checks the depth as it streams, stops at NaN; json.load reads it.
    deep = deeply_nested_json(tmp_path, depth=500, before='"amount": NaN, ')
    assert "nested more than 64" in read_error(checked(deep))


def test_a_json_string_over_the_limit_is_the_files_fault(tmp_path):
    long_title = a_grant(1, title="a" * (limits.MAX_FIELD_CHARACTERS + 1))
    message = read_error(checked(a_file(tmp_path, [long_title])))
    assert "longer than 131,072 characters" in message


def test_json_within_the_limits_is_read_as_before_and_quickly(tmp_path):
    grant = a_grant(1, title="a" * limits.MAX_FIELD_CHARACTERS)
    started = time.monotonic()
    assert checked(a_file(tmp_path, [grant])).status == ImportedFile.Status.READY
    # The e-mail address check once took 70 seconds over a value this long.
    assert time.monotonic() - started < 15


def test_a_check_past_the_memory_ceiling_fails_only_the_file(tmp_path, settings, monkeypatch):
    settings.OTHERFUNDERS_CHECK_MEMORY_LIMIT_BYTES = 256 * 1024 * 1024

    def greedy_check(path, original_name):
        return [bytearray(64 * 1024 * 1024) for _ in range(8)]  # 512 MB, past the ceiling

    monkeypatch.setattr(check_process, "check_file", greedy_check)
    assert read_error(checked(a_file(tmp_path, [a_grant(1)]))) == MEMORY_MESSAGE
    monkeypatch.undo()
    # The worker carries on: the next file is checked as usual.
    assert checked(a_file(tmp_path, [a_grant(2)], "next.json")).status == "ready"


def test_a_check_killed_before_it_reports_fails_only_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(
        check_process, "check_file", lambda *args: os.kill(os.getpid(), signal.SIGKILL)
    )
    assert read_error(checked(a_file(tmp_path, [a_grant(1)]))) == MEMORY_MESSAGE


def test_a_fault_of_ours_in_the_child_is_still_reported_as_ours(tmp_path, monkeypatch):
    def broken_check(path, original_name):
        raise RuntimeError("a bug")

    monkeypatch.setattr(check_process, "check_file", broken_check)
    imported_file = checked(a_file(tmp_path, [a_grant(1)]))
    assert imported_file.report["read_error"] == FAULT_MESSAGE


@pytest.mark.parametrize("name", ["grants.json", "grants.csv"])
def test_a_good_file_checked_in_the_child_gives_what_check_file_gives(tmp_path, name):
    path = a_file(tmp_path, [a_grant(1), a_grant(2)])
    if name.endswith(".csv"):
        path = tmp_path / name
        path.write_text("Identifier,Title,Currency\n360G-x-1,A grant,GBP\n", encoding="utf-8")
    report, package = checking.check_file(path, name)
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    in_child, package_file = check_process.check_file_within_memory(path, name, workspace)
    assert in_child == report
    assert package_file.read_text(encoding="utf-8") == check_process.json.dumps(
        package, ensure_ascii=False
    )


def test_the_person_who_uploaded_a_hostile_file_sees_why_on_its_report(
    client, tmp_path, django_capture_on_commit_callbacks
):
    sign_in(client, ProgrammeRoleFactory().user)
    deep = deeply_nested_json(tmp_path, depth=100_000)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("otherfunders:files"),
            {
                "file": SimpleUploadedFile("deep.json", deep.read_bytes()),
                "publisher_name": "A funder",
            },
        )
    page = client.get(response.url).content.decode()
    assert "nested more than 64 levels deep" in page
    assert "fault in this service" not in page
    assert ImportedFile.objects.get().status == UNREADABLE
