"""A file under review keeps its upload and the grants read from it; once imported, or found
unreadable or invalid, the stored copies go (after the transaction commits), and the record
keeps its report."""

import pytest
from django.db import DatabaseError
from django.urls import reverse

from innovation_fund.otherfunders import services
from innovation_fund.otherfunders.models import (
    ImportedFile,
    OtherFunderGrant,
    OtherFunderGrantLocation,
)
from innovation_fund.programmes.models import ProgrammeRole
from tests.factories import ProgrammeRoleFactory
from tests.helpers import sign_in

from .builders import a_file, a_grant

pytestmark = pytest.mark.django_db
Status = ImportedFile.Status


def stored(imported_file: ImportedFile) -> dict[str, bool]:
    """Whether each stored copy the record names is on the disk."""
    return {
        field: bool(getattr(imported_file, field))
        and getattr(imported_file, field).storage.exists(getattr(imported_file, field).name)
        for field in ("file", "package")
    }


def checked(tmp_path, grants, capture):
    with capture(execute=True):
        received = services.receive_path(a_file(tmp_path, grants), publisher_name="A Trust")
        return services.check_received_file(received.pk)


def test_a_file_ready_to_import_keeps_both_copies(tmp_path, django_capture_on_commit_callbacks):
    ready = checked(tmp_path, [a_grant(1)], django_capture_on_commit_callbacks)
    assert ready.status == Status.READY
    assert stored(ready) == {"file": True, "package": True}


def test_importing_removes_both_copies_and_keeps_the_grants(
    tmp_path, django_capture_on_commit_callbacks
):
    ready = checked(tmp_path, [a_grant(1), a_grant(2)], django_capture_on_commit_callbacks)
    names = [ready.file.name, ready.package.name]
    storage = ready.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.import_checked_file(ready)
    ready.refresh_from_db()
    assert ready.status == Status.IMPORTED
    assert (ready.file.name, ready.package.name) == ("", "")
    assert not any(storage.exists(name) for name in names)
    assert OtherFunderGrant.objects.count() == 2
    assert OtherFunderGrant.objects.get(grant_id="360G-example-1").data == a_grant(1)


def test_an_installation_may_keep_imported_originals(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.OTHERFUNDERS_KEEP_ORIGINALS = True
    ready = checked(tmp_path, [a_grant(1)], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_checked_file(ready)
    ready.refresh_from_db()
    assert stored(ready) == {"file": True, "package": False}


def test_an_invalid_file_keeps_its_report_but_not_its_copies(
    tmp_path, django_capture_on_commit_callbacks
):
    invalid = checked(tmp_path, [a_grant(1, currency="pounds")], django_capture_on_commit_callbacks)
    assert invalid.status == Status.INVALID
    assert stored(invalid) == {"file": False, "package": False}
    assert invalid.report["schema_errors"] or invalid.report.get("codelist_errors")


def test_an_import_that_rolls_back_keeps_both_copies(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    ready = checked(tmp_path, [a_grant(1)], django_capture_on_commit_callbacks)

    def fail(*args, **kwargs):
        raise DatabaseError("the database fell over half way")

    monkeypatch.setattr(OtherFunderGrantLocation.objects, "bulk_create", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DatabaseError):
        services.import_checked_file(ready)
    ready.refresh_from_db()
    assert ready.status == Status.READY
    assert stored(ready) == {"file": True, "package": True}


def test_the_report_page_says_whether_the_file_is_kept(
    client, tmp_path, django_capture_on_commit_callbacks
):
    sign_in(client, ProgrammeRoleFactory(role=ProgrammeRole.Role.PROGRAMME_MANAGER).user)
    ready = checked(tmp_path, [a_grant(1)], django_capture_on_commit_callbacks)
    page = reverse("otherfunders:file", args=[ready.pk])
    assert "Kept until it is imported" in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.import_checked_file(ready)
    html = client.get(page).content.decode()
    assert "Not kept: this report and the grants it brought in say what it held" in html
