"""8. Documents: uploads checked by their content, kept privately, served only to those allowed."""

import hashlib
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovation_fund.applications import services
from innovation_fund.applications.models import Application, ApplicationDocument
from innovation_fund.applications.sections import BY_SLUG, Status
from innovation_fund.applications.sections.documents import confirm_documents
from innovation_fund.core.models import AuditEvent
from innovation_fund.organisations.models import MemberRole
from tests.applications.sections.support import last_event, loaded, section_url
from tests.documents import (
    DOCX_TYPE,
    JAVASCRIPT_PDF,
    ODT_TYPE,
    PDF,
    POLYGLOT_PDF,
    XLSX_TYPE,
    docx,
    docx_carrying_a_web_page,
    docx_zip_bomb,
    odt,
    xlsx,
)
from tests.factories import ApplicationFactory, MembershipFactory, ProgrammeRoleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

DOCUMENTS = BY_SLUG["documents"]


@pytest.fixture(autouse=True)
def storage(tmp_path, monkeypatch, settings):
    """Private storage in a temporary folder.

    ApplicationDocument.file resolves its storage once, when the model is loaded, so overriding
    settings.STORAGES alone would not move it: the field's storage is swapped as well.
    """
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    private = FileSystemStorage(location=location)
    monkeypatch.setattr(ApplicationDocument._meta.get_field("file"), "storage", private)
    return private


def stored_files(storage) -> list[str]:
    root = storage.path("")
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _, names in os.walk(root)
        for name in names
    )


def url(bid):
    return section_url(bid, "documents")


def upload(client, bid, name, content, *, description="", version=0, content_type="text/plain"):
    return client.post(
        url(bid),
        {
            "action": "upload",
            "version": version,
            "description": description,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def download_url(bid, document):
    return reverse("applications:document", args=[bid.reference, document.pk])


# --- Uploading -------------------------------------------------------------------------------


def test_a_pdf_is_stored_privately_under_a_name_of_our_own(client, bid, editor, storage):
    sign_in(client, editor)
    response = upload(
        client, bid, "Letter of support.pdf", PDF, description=" From the partnership "
    )
    assert response.status_code == 302
    assert response["Location"] == url(bid)
    document = ApplicationDocument.objects.get(application=bid)
    assert document.original_name == "Letter of support.pdf"
    assert document.content_type == "application/pdf"
    assert document.size_bytes == len(PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.description == "From the partnership"
    assert document.uploaded_by == editor
    assert document.file.name == f"applications/{bid.pk}/{document.sha256}"
    assert "Letter" not in document.file.name
    assert stored_files(storage) == [document.file.name]
    with storage.open(document.file.name) as stored:
        assert stored.read() == PDF
    html = client.get(url(bid)).content.decode()
    assert "Letter of support.pdf has been uploaded." in html
    assert f"PDF, {len(PDF)} bytes" in html
    assert download_url(bid, document) in html


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        ("plan.docx", docx, DOCX_TYPE),
        ("costs.xlsx", xlsx, XLSX_TYPE),
        ("plan.odt", odt, ODT_TYPE),
        ("scan", lambda: PDF, "application/pdf"),  # a real PDF with no extension
        ("scan.txt", lambda: PDF, "application/pdf"),  # or the wrong one
    ],
)
def test_the_type_comes_from_the_content(client, bid, editor, name, make, content_type):
    sign_in(client, editor)
    response = upload(client, bid, name, make(), content_type="application/octet-stream")
    assert response.status_code == 302
    document = ApplicationDocument.objects.get(application=bid)
    assert document.content_type == content_type
    assert document.original_name == name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("x.pdf", b"This is only text, whatever its name says.\n"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("image.docx", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
        ("archive.xlsx", b"PK\x03\x04" + b"\0" * 64),  # a zip, but not a spreadsheet
    ],
)
def test_a_file_that_is_not_an_allowed_type_is_refused_whatever_its_name(
    client, bid, editor, storage, name, content
):
    sign_in(client, editor)
    response = upload(client, bid, name, content, content_type="application/pdf")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_file">The selected file must be a PDF, DOCX, XLSX or ODT</a>' in html
    assert not ApplicationDocument.objects.exists()
    assert stored_files(storage) == []


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "budget.pdf",
            lambda: POLYGLOT_PDF,
            "The selected file is a PDF that also contains a web page or a script",
        ),
        (
            "plan.docx",
            docx_carrying_a_web_page,
            "The selected file is a DOCX that also contains a web page or a script",
        ),
        ("plan.docx", docx_zip_bomb, "Part “word/document.xml” of the file expands to 1,024 MB"),
        ("letter.pdf", lambda: JAVASCRIPT_PDF, "The selected PDF contains JavaScript"),
    ],
)
def test_a_hostile_document_is_refused_saying_why_and_the_description_is_kept(
    client, bid, editor, storage, name, make, message
):
    """Issue 15, point 7: each of these was accepted as a PDF or DOCX by its first bytes."""
    sign_in(client, editor)
    response = upload(client, bid, name, make(), description="Our costs", content_type=DOCX_TYPE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert f'<a href="#id_file">{message}' in html  # in the summary, linked to the field
    assert '<p class="govuk-error-message" id="id_file-error">' in html
    assert html.count(message) == 2  # and at the field
    assert 'value="Our costs"' in html
    assert not ApplicationDocument.objects.exists()
    assert stored_files(storage) == []
    assert Application.objects.get(pk=bid.pk).task_versions == {}


def test_a_file_over_the_size_limit_is_refused(client, bid, editor, settings, storage):
    limit = len(PDF) + 10
    settings.UPLOAD_MAX_BYTES = limit
    sign_in(client, editor)
    response = upload(
        client, bid, "big.pdf", PDF.ljust(limit + 1, b"%"), description="Kept description"
    )
    html = response.content.decode()
    assert f"The selected file must be smaller than {limit} bytes" in html
    assert 'value="Kept description"' in html
    assert not ApplicationDocument.objects.exists()
    assert stored_files(storage) == []
    response = upload(client, bid, "small.pdf", PDF.ljust(limit, b"%"))
    assert response.status_code == 302


def test_the_default_limit_is_10_mb(client, bid, editor):
    sign_in(client, editor)
    html = client.get(url(bid)).content.decode()
    assert "smaller than 10 MB" in html


def test_no_file_or_an_empty_file_is_refused(client, bid, editor):
    sign_in(client, editor)
    response = client.post(url(bid), {"action": "upload", "version": 0, "description": ""})
    assert "Select a file to upload" in response.content.decode()
    response = upload(client, bid, "empty.pdf", b"")
    assert "The selected file is empty" in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_the_same_file_twice_is_refused(client, bid, editor):
    sign_in(client, editor)
    upload(client, bid, "one.pdf", PDF)
    response = upload(client, bid, "two.pdf", PDF, version=1)
    assert "The selected file has already been uploaded, as one.pdf" in response.content.decode()
    assert ApplicationDocument.objects.count() == 1


def test_an_upload_is_audited(client, bid, editor):
    sign_in(client, editor)
    upload(client, bid, "a.pdf", PDF)
    event = last_event("application.documents_saved")
    assert event.actor == editor
    assert event.before == {"documents": []}
    [after] = event.after["documents"]
    assert after["original_name"] == "a.pdf"
    assert after["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert after["content_type"] == "application/pdf"


def test_a_failed_save_leaves_no_file_behind(client, bid, editor, storage, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ApplicationDocument, "save", fail)
    sign_in(client, editor)
    with pytest.raises(RuntimeError):
        upload(client, bid, "a.pdf", PDF)
    assert stored_files(storage) == []
    assert Application.objects.get(pk=bid.pk).task_versions == {}
    assert not AuditEvent.objects.filter(action="application.documents_saved").exists()


# --- Removing --------------------------------------------------------------------------------


def test_removing_a_document_deletes_its_file_once_committed(
    client, bid, editor, storage, django_capture_on_commit_callbacks
):
    sign_in(client, editor)
    upload(client, bid, "a.pdf", PDF)
    document = ApplicationDocument.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            url(bid), {"action": "remove", "version": 1, "document": document.pk}
        )
    assert response["Location"] == url(bid)
    assert not ApplicationDocument.objects.exists()
    assert stored_files(storage) == [document.file.name]  # not until the commit
    for callback in callbacks:
        callback()
    assert stored_files(storage) == []
    assert "a.pdf has been removed." in client.get(url(bid)).content.decode()
    event = last_event("application.documents_saved")
    assert [each["original_name"] for each in event.before["documents"]] == ["a.pdf"]
    assert event.after == {"documents": []}


def test_a_document_of_another_bid_cannot_be_removed_through_this_one(client, bid, editor):
    theirs = ApplicationFactory()
    other = MembershipFactory(organisation=theirs.lead_organisation).user
    sign_in(client, other)
    upload(client, theirs, "theirs.pdf", PDF)
    document = ApplicationDocument.objects.get()
    sign_in(client, editor)
    response = client.post(url(bid), {"action": "remove", "version": 0, "document": document.pk})
    assert response.status_code == 200
    assert "That document has already been removed" in response.content.decode()
    assert ApplicationDocument.objects.filter(pk=document.pk).exists()


# --- Status and answers ------------------------------------------------------------------------


def test_not_started_until_visited_then_complete_with_or_without_documents(client, bid, editor):
    application = loaded(bid, editor)
    assert DOCUMENTS.status(application) == Status.NOT_STARTED
    assert DOCUMENTS.problems(application) == [
        "Upload any supporting documents, or confirm that you have none"
    ]
    assert [row.value for row in DOCUMENTS.summary_rows(application)] == ["Not answered"]
    sign_in(client, editor)
    response = client.post(url(bid), {"action": "continue", "version": 0})
    assert response["Location"] == reverse("applications:task_list", args=[bid.reference])
    application = loaded(bid, editor)
    assert DOCUMENTS.status(application) == Status.COMPLETED
    assert [row.value for row in DOCUMENTS.summary_rows(application)] == ["None"]
    assert last_event("application.documents_saved").after == {"documents": []}


def test_a_bid_with_a_document_is_complete_and_lists_it(client, bid, editor):
    sign_in(client, editor)
    upload(client, bid, "plan.docx", docx(), description="Logic model")
    application = loaded(bid, editor)
    assert DOCUMENTS.status(application) == Status.COMPLETED
    [row] = DOCUMENTS.summary_rows(application)
    assert row.key == "plan.docx"
    assert row.value[:2] == [f"DOCX, {len(docx())} bytes", "Logic model"]
    assert row.value[2].startswith(f"Uploaded by {editor.display_name} at ")


def test_answers_read_only_prefetched_rows(client, bid, editor, django_assert_num_queries):
    sign_in(client, editor)
    for number in range(3):
        upload(client, bid, f"{number}.pdf", PDF + str(number).encode(), version=number)
    application = loaded(bid, editor)
    with django_assert_num_queries(0):
        DOCUMENTS.status(application)
        DOCUMENTS.summary_rows(application)


# --- Two people at once ------------------------------------------------------------------------


def test_an_upload_after_someone_else_changed_the_page_is_not_saved(
    client, bid, editor, other_editor, storage
):
    sign_in(client, other_editor)
    upload(client, bid, "theirs.pdf", PDF)
    sign_in(client, editor)
    response = upload(client, bid, "mine.pdf", PDF + b"mine", description="Mine", version=0)
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved this page" in html
    assert "Select the file again to upload it" in html
    assert 'value="Mine"' in html
    assert "theirs.pdf" in html
    assert [d.original_name for d in ApplicationDocument.objects.all()] == ["theirs.pdf"]
    assert len(stored_files(storage)) == 1
    assert 'name="version" value="1"' in html
    assert upload(client, bid, "mine.pdf", PDF + b"mine", version=1).status_code == 302


def test_a_removal_after_someone_else_changed_the_page_is_not_made(
    client, bid, editor, other_editor
):
    sign_in(client, editor)
    upload(client, bid, "a.pdf", PDF)
    document = ApplicationDocument.objects.get()
    sign_in(client, other_editor)
    upload(client, bid, "b.pdf", PDF + b"b", version=1)
    sign_in(client, editor)
    response = client.post(url(bid), {"action": "remove", "version": 1, "document": document.pk})
    assert "saved this page" in response.content.decode()
    assert ApplicationDocument.objects.filter(pk=document.pk).exists()


# --- Downloading -------------------------------------------------------------------------------


@pytest.fixture
def document(client, bid, editor):
    sign_in(client, editor)
    upload(client, bid, "Café plan.pdf", PDF)
    client.logout()
    return ApplicationDocument.objects.get()


def test_a_member_downloads_the_file_as_an_attachment_of_the_sniffed_type(client, bid, document):
    member = MembershipFactory(
        organisation=bid.lead_organisation, role=MemberRole.ACCOUNTABLE_OFFICER
    ).user
    sign_in(client, member)
    response = client.get(download_url(bid, document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Caf%C3%A9%20plan.pdf" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("uploaded_as", "downloads_as"),
    [("budget.exe", "budget.pdf"), (".htaccess", "document.pdf"), ("scan", "scan.pdf")],
)
def test_a_pdf_downloads_as_a_pdf_whatever_it_was_called(
    client, bid, editor, uploaded_as, downloads_as
):
    """Issue 15, point 7: the download kept the uploaded extension (.exe, .htaccess)."""
    sign_in(client, editor)
    upload(client, bid, uploaded_as, PDF)
    document = ApplicationDocument.objects.get()
    assert document.original_name == uploaded_as  # shown as uploaded on the bid's pages
    response = client.get(download_url(bid, document))
    assert response["Content-Disposition"] == f'attachment; filename="{downloads_as}"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_someone_from_another_organisation_gets_404(client, bid, document):
    sign_in(client, MembershipFactory().user)
    assert client.get(download_url(bid, document)).status_code == 404


def test_someone_signed_out_is_sent_to_sign_in(client, bid, document):
    response = client.get(download_url(bid, document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_a_document_of_another_bid_is_404_through_this_one(client, bid, document):
    mine = ApplicationFactory(lead_organisation=bid.lead_organisation)
    member = MembershipFactory(organisation=bid.lead_organisation).user
    sign_in(client, member)
    wrong = reverse("applications:document", args=[mine.reference, document.pk])
    assert client.get(wrong).status_code == 404
    assert client.get(download_url(bid, document)).status_code == 200


def test_a_programme_manager_downloads_only_once_the_bid_is_submitted(client, bid, document):
    manager = ProgrammeRoleFactory(programme=bid.round.programme).user
    sign_in(client, manager)
    assert client.get(download_url(bid, document)).status_code == 404
    Application.objects.filter(pk=bid.pk).update(state=Application.State.SUBMITTED)
    assert client.get(download_url(bid, document)).status_code == 200


def test_documents_cannot_be_changed_once_the_bid_is_sent(client, bid, editor):
    Application.objects.filter(pk=bid.pk).update(state=Application.State.AWAITING_SIGN_OFF)
    sign_in(client, editor)
    response = upload(client, bid, "late.pdf", PDF)
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:check_answers", args=[bid.reference])
    assert not ApplicationDocument.objects.exists()
    with pytest.raises(services.Refused):
        confirm_documents(editor, bid, expected_version=0)


def test_a_description_posted_after_the_session_ended_comes_back_asking_for_the_file(
    client, bid, editor
):
    response = upload(client, bid, "a.pdf", PDF, description="Typed while signed out")
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(client, editor)
    html = client.get(url(bid)).content.decode()
    assert 'value="Typed while signed out"' in html
    assert "Select a file to upload" in html
    assert not ApplicationDocument.objects.exists()
