"""The command line import: the same checks and report as the upload page."""

import io

import pytest
from django.core.management import CommandError, call_command

from innovation_fund.otherfunders import services
from innovation_fund.otherfunders.models import ImportedFile, OtherFunderGrant

from .builders import a_file, a_grant

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_360giving", *args, stdout=out)
    return out.getvalue()


def test_a_good_file_is_reported_and_imported(tmp_path):
    path = a_file(tmp_path, [a_grant(1), a_grant(2)])
    output = run(str(path), "--publisher", "The Trust", "--licence", "CC BY 4.0")
    assert "2 grants, read as json." in output
    assert "Notice PlannedDurationNotPresent: 2 grants" in output
    assert "Imported grants.json: 2 grants added, 0 changed, 0 unchanged." in output
    assert OtherFunderGrant.objects.count() == 2
    assert ImportedFile.objects.get().licence == "CC BY 4.0"


def test_check_only_imports_nothing(tmp_path):
    output = run(str(a_file(tmp_path, [a_grant(1)])), "--publisher", "X", "--check-only")
    assert "passed its checks; nothing imported" in output
    assert not OtherFunderGrant.objects.exists()


def test_a_file_checked_with_check_only_is_imported_without_being_checked_again(
    tmp_path, monkeypatch
):
    path = a_file(tmp_path, [a_grant(1), a_grant(2)])
    run(str(path), "--publisher", "The Trust", "--check-only")
    checked = ImportedFile.objects.get()

    def check_again(*args, **kwargs):
        raise AssertionError("checked again")

    monkeypatch.setattr(services, "check_received_file", check_again)
    output = run(str(path), "--publisher", "The Trust")
    assert "Imported grants.json: 2 grants added" in output
    assert list(ImportedFile.objects.values_list("pk", "status")) == [
        (checked.pk, ImportedFile.Status.IMPORTED)
    ]
    # From another publisher it is another file, checked on its own.
    monkeypatch.undo()
    run(str(path), "--publisher", "Someone else", "--check-only")
    assert ImportedFile.objects.count() == 2


def test_a_file_with_errors_prints_them_and_fails(tmp_path):
    out = io.StringIO()
    path = a_file(tmp_path, [a_grant(1, awardDate="24/07/2014")])
    with pytest.raises(CommandError, match="was not imported: Has errors"):
        call_command("import_360giving", str(path), "--publisher", "X", stdout=out)
    assert "grants/0/awardDate: '24/07/2014' is not a date" in out.getvalue()
    assert not OtherFunderGrant.objects.exists()


def test_no_such_file(tmp_path):
    with pytest.raises(CommandError, match="There is no file at"):
        run(str(tmp_path / "missing.json"), "--publisher", "X")


def test_a_url_that_is_not_a_web_address_is_refused(tmp_path):
    path = a_file(tmp_path, [a_grant(1)])
    with pytest.raises(CommandError, match="--url must be a web address"):
        run(str(path), "--publisher", "X", "--url", "javascript:alert(1)")
    assert not ImportedFile.objects.exists()


def test_a_value_that_cannot_be_real_is_named_when_the_file_is_refused(tmp_path):
    out = io.StringIO()
    path = a_file(tmp_path, [a_grant(1, awardDate="2019-02-30")])
    with pytest.raises(CommandError, match="was not imported"):
        call_command("import_360giving", str(path), "--publisher", "X", stdout=out)
    assert "grants/0/awardDate: '2019-02-30' is not a day on the calendar" in out.getvalue()


def test_the_demonstration_files_are_imported_once(tmp_path, monkeypatch):
    from innovation_fund.otherfunders.management.commands import load_other_funders_demo

    small = [
        (a_file(tmp_path, [a_grant(1), a_grant(2)], name="a.json").name, "Trust A", "", ""),
        (a_file(tmp_path, [a_grant(3)], name="b.json").name, "Trust B", "", ""),
    ]
    monkeypatch.setattr(load_other_funders_demo, "SAMPLES", tmp_path)
    monkeypatch.setattr(load_other_funders_demo, "REAL_FILES", small)
    first, second = io.StringIO(), io.StringIO()
    call_command("load_other_funders_demo", stdout=first)
    call_command("load_other_funders_demo", stdout=second)
    assert "a.json: 2 grants added from Trust A" in first.getvalue()
    assert second.getvalue().splitlines() == [
        "a.json: imported already",
        "b.json: imported already",
    ]
    assert OtherFunderGrant.objects.count() == 3
