"""The import pages, from the outside: only programme managers, GOV.UK errors, nothing lost."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovation_fund.otherfunders import services
from innovation_fund.otherfunders.models import ImportedFile, OtherFunderGrant
from innovation_fund.programmes.models import ProgrammeRole
from tests.factories import ProgrammeRoleFactory, UserFactory
from tests.helpers import sign_in, tables_outside_scroll_regions, way_back_links

from .builders import a_file, a_grant

pytestmark = pytest.mark.django_db
FILES = reverse("otherfunders:files")


@pytest.fixture
def manager_client(client):
    return sign_in(client, ProgrammeRoleFactory().user)


def upload(client, grants, name="grants.json", **fields):
    content = json.dumps({"grants": grants}).encode()
    data = {
        "file": SimpleUploadedFile(name, content),
        "publisher_name": "The Example Trust",
        **fields,
    }
    return client.post(FILES, data)


def test_a_manager_uploads_sees_the_report_and_imports(
    manager_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(manager_client, [a_grant(1), a_grant(2)])
    imported_file = ImportedFile.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("otherfunders:file", args=[imported_file.pk])

    report = manager_client.get(response.url)
    assert report.status_code == 200
    page = report.content.decode()
    assert "The file has no errors" in page
    assert "Import 2 grants" in page
    assert "PlannedDurationNotPresent" in page  # notices listed by check

    with django_capture_on_commit_callbacks(execute=True):
        queued = manager_client.post(reverse("otherfunders:import", args=[imported_file.pk]))
    assert queued.url == reverse("otherfunders:file", args=[imported_file.pk])
    assert OtherFunderGrant.objects.count() == 2
    assert "2 added, 0 changed, 0 unchanged" in manager_client.get(queued.url).content.decode()


def test_a_file_with_errors_shows_each_error_with_its_path_and_no_import_button(
    manager_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(manager_client, [a_grant(1, awardDate="24/07/2014")])
    page = manager_client.get(
        reverse("otherfunders:file", args=[ImportedFile.objects.get().pk])
    ).content.decode()
    assert "none of its grants can be imported" in page
    assert "grants/0/awardDate" in page
    assert "is not a date the standard accepts" in page
    assert "Import 1 grant" not in page


def test_an_unreadable_file_says_why(manager_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            FILES,
            {
                "file": SimpleUploadedFile("grants.json", b'{"grants": [,]}'),
                "publisher_name": "The Example Trust",
            },
        )
    page = manager_client.get(
        reverse("otherfunders:file", args=[ImportedFile.objects.get().pk])
    ).content.decode()
    assert "The file could not be read" in page
    assert "not well-formed JSON" in page


def test_a_missing_file_is_an_error_at_the_field_and_what_was_typed_is_kept(manager_client):
    response = manager_client.post(
        FILES, {"publisher_name": "The Example Trust", "source_url": "not a web address"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'href="#id_file"' in page
    assert "Select a 360Giving file" in page
    assert "Enter a web address" in page
    assert 'value="The Example Trust"' in page
    assert not ImportedFile.objects.exists()


def test_a_file_over_the_limit_is_refused_at_the_field(manager_client, settings):
    settings.OTHERFUNDERS_MAX_UPLOAD_BYTES = 10
    response = upload(manager_client, [a_grant(1)])
    assert "The selected file must be smaller than 10" in response.content.decode()
    assert not ImportedFile.objects.exists()


@pytest.mark.parametrize(
    "role", [ProgrammeRole.Role.ASSESSOR, ProgrammeRole.Role.FINANCE_OFFICER, None]
)
def test_anyone_but_a_programme_manager_gets_404_everywhere(client, tmp_path, role):
    person = ProgrammeRoleFactory(role=role).user if role else UserFactory()
    sign_in(client, person)
    received = services.receive_path(a_file(tmp_path, [a_grant(1)]), publisher_name="X")
    checked = services.check_received_file(received.pk)
    assert client.get(FILES).status_code == 404
    assert upload(client, [a_grant(2)]).status_code == 404
    assert client.get(reverse("otherfunders:file", args=[checked.pk])).status_code == 404
    importing = client.post(reverse("otherfunders:import", args=[checked.pk]))
    assert importing.status_code == 404
    assert not OtherFunderGrant.objects.exists()


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(FILES)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))


def test_importing_needs_a_post_and_a_get_shows_the_report(manager_client, tmp_path):
    received = services.receive_path(a_file(tmp_path, [a_grant(1)]), publisher_name="X")
    checked = services.check_received_file(received.pk)
    response = manager_client.get(reverse("otherfunders:import", args=[checked.pk]))
    assert response.status_code == 302
    assert response.url == reverse("otherfunders:file", args=[checked.pk])
    assert not OtherFunderGrant.objects.exists()


def test_an_import_that_fails_in_the_background_says_why_on_the_report(
    manager_client, tmp_path, django_capture_on_commit_callbacks
):
    first = services.receive_path(a_file(tmp_path, [a_grant(1)]), publisher_name="Trust A")
    services.import_checked_file(services.check_received_file(first.pk))
    clash = services.receive_path(
        a_file(tmp_path, [a_grant(1, title="Renamed")], name="b.json"), publisher_name="Trust B"
    )
    clash = services.check_received_file(clash.pk)
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("otherfunders:import", args=[clash.pk]))
    clash.refresh_from_db()
    assert clash.status == ImportedFile.Status.READY
    page = manager_client.get(reverse("otherfunders:file", args=[clash.pk])).content.decode()
    assert "The last attempt to import this file failed" in page
    assert "already held from another publisher" in page
    assert OtherFunderGrant.objects.get().title == "Grant 1"


def test_the_list_shows_each_file_with_its_status(manager_client, tmp_path):
    received = services.receive_path(a_file(tmp_path, [a_grant(1)]), publisher_name="The Trust")
    services.import_checked_file(services.check_received_file(received.pk))
    page = manager_client.get(FILES).content.decode()
    assert "The Trust" in page
    assert "Imported" in page
    assert "from the command line" in page
    assert "1 grant from other funders is held" in page


@pytest.mark.parametrize("state", ["invalid", "imported"])
def test_asking_to_import_a_file_that_cannot_be_says_why_and_imports_nothing(
    manager_client, tmp_path, state
):
    grant = a_grant(1, awardDate="24/07/2014") if state == "invalid" else a_grant(1)
    received = services.receive_path(a_file(tmp_path, [grant]), publisher_name="X")
    checked = services.check_received_file(received.pk)
    if state == "imported":
        services.import_checked_file(checked)
    page = manager_client.post(
        reverse("otherfunders:import", args=[checked.pk]), follow=True
    ).content.decode()
    expected = {
        "invalid": "Only a file that has been checked and has no errors can be imported",
        "imported": "This file has already been imported",
    }[state]
    assert expected in page
    assert OtherFunderGrant.objects.count() == (1 if state == "imported" else 0)


def test_an_upload_after_the_session_ended_keeps_what_was_typed(client):
    response = client.post(FILES, {"publisher_name": "The Example Trust"})
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(client, ProgrammeRoleFactory().user)
    page = client.get(FILES).content.decode()
    assert 'value="The Example Trust"' in page
    assert "Select a 360Giving file" in page  # the file itself cannot be kept: asked again


def test_the_pages_lead_back_and_their_tables_scroll_in_a_box(manager_client, tmp_path):
    received = services.receive_path(a_file(tmp_path, [a_grant(1)]), publisher_name="The Trust")
    report = reverse("otherfunders:file", args=[received.pk])
    for url, way_back in (
        (FILES, [reverse("accounts:home")]),
        (report, [reverse("accounts:home"), FILES]),
    ):
        page = manager_client.get(url).content.decode()
        assert way_back_links(page) == way_back
        assert tables_outside_scroll_regions(page) == []


def test_a_file_number_that_does_not_exist_is_404(manager_client):
    assert manager_client.get(reverse("otherfunders:file", args=[999_999])).status_code == 404
