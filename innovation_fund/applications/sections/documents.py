"""8. Documents: supporting files (PDF, DOCX, XLSX or ODT), kept privately with the bid.

What kind of file it is comes from its content and structure (core/document_checks), never from
its name: a text file called "budget.pdf" is refused, and a real PDF called "scan" is accepted
and recorded as a PDF. A file that is also a web page, carries a script or a macro, or is a zip
bomb is refused with a message saying so. Files are stored in private storage under a name made
from the bid and the file's SHA-256 (models._document_path), never the name it was uploaded
with, and are served only by the download view (applications/documents.py) to people allowed to
see them, under a name ending in the extension of the checked type.

Documents are optional, so the section is complete once the applicant has dealt with it: when
the bid has at least one document, or the page has been saved at all (uploading, removing, or
"Save and continue" with no documents, which is how an applicant says they have none). Each of
those goes through services.save_section, so it is versioned and audited like any other section.
"""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse

from innovation_fund.accounts.sessions import kept_answers
from innovation_fund.core.dates import format_datetime
from innovation_fund.core.document_checks import DocumentRefused, check_document
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from .. import services
from ..models import Application, ApplicationDocument
from .base import Row, Section, VersionedForm

SLUG = "documents"
# What may be uploaded, by the type read from the content, with its name for people.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.oasis.opendocument.text": "ODT",
}
# A hint for the browser's file chooser only; the content decides.
ACCEPT = ".pdf,.docx,.xlsx,.odt," + ",".join(ALLOWED_TYPES)


def file_size(size_bytes: int) -> str:
    """1,000 bytes, 12 KB, 1.5 MB, 10 MB."""
    if size_bytes < 1024:
        return f"{size_bytes:,} bytes"
    kilobytes = size_bytes / 1024
    if kilobytes < 1024:
        return f"{kilobytes:.0f} KB"
    return f"{kilobytes / 1024:.1f}".removesuffix(".0") + " MB"


def checked_upload(upload) -> tuple[str, str]:
    """The uploaded file's type, read from its content and structure, and its SHA-256; or a
    ValidationError for the file field saying what is wrong with the file."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(f"The selected file must be smaller than {file_size(limit)}")
    try:
        content_type = check_document(upload, ALLOWED_TYPES)
    except DocumentRefused as refusal:
        raise forms.ValidationError(refusal.message) from None
    return content_type, sha256_of(upload)


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


class UploadForm(VersionedForm):
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a file to upload",
            "invalid": "Select a file to upload",
            "missing": "Select a file to upload",
            "empty": "The selected file is empty",
        },
    )
    description = forms.CharField(
        label="Describe the file (optional)",
        help_text="For example, ‘Letter of support from the Safeguarding Partnership’",
        max_length=ApplicationDocument._meta.get_field("description").max_length,
        required=False,
        error_messages={"max_length": "The description must be 200 characters or fewer"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type, self.sha256 = checked_upload(upload)
        return upload

    def clean_description(self):
        return self.cleaned_data["description"].strip()


class RemoveForm(VersionedForm):
    document = forms.IntegerField(min_value=1)


def _snapshot(documents) -> dict:
    return {
        "documents": [
            {
                "id": document.pk,
                "original_name": document.original_name,
                "content_type": document.content_type,
                "size_bytes": document.size_bytes,
                "sha256": document.sha256,
                "description": document.description,
            }
            for document in documents
        ]
    }


def add_document(
    user,
    application: Application,
    *,
    expected_version: int | None,
    upload,
    content_type: str,
    sha256: str,
    description: str = "",
) -> ApplicationDocument:
    """Keep an uploaded (already checked) file with the bid, as one versioned, audited save.

    The file is written inside the save's transaction. If anything after that fails, the
    transaction rolls back and the save raises, and the file just written is deleted here, so no
    file is left without its record. (This relies on save_section's transaction being the one
    that commits, as it is for every page: nothing wraps a request in a bigger transaction.)
    """
    written: list[tuple] = []
    added: list[ApplicationDocument] = []

    def change(locked: Application):
        documents = list(ApplicationDocument.objects.filter(application=locked))
        for existing in documents:
            if existing.sha256 == sha256:
                raise DomainError(
                    f"The selected file has already been uploaded, as {existing.original_name}",
                    field="file",
                )
        document = ApplicationDocument(
            application=locked,
            original_name=upload.name,
            content_type=content_type,
            size_bytes=upload.size,
            sha256=sha256,
            description=description,
            uploaded_by=user,
        )
        document.file.save(upload.name, upload, save=False)  # stored as upload_to names it
        written.append((document.file.storage, document.file.name))
        document.save()
        added.append(document)
        return _snapshot(documents), _snapshot([*documents, document])

    try:
        services.save_section(
            user, application, section=SLUG, expected_version=expected_version, change=change
        )
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    return added[0]


def remove_document(
    user, application: Application, *, expected_version: int | None, document_id: int
) -> ApplicationDocument:
    """Remove a document from the bid. Its file is deleted only once the removal has committed,
    so a rolled-back removal still has its file."""
    removed: list[ApplicationDocument] = []

    def change(locked: Application):
        documents = list(ApplicationDocument.objects.filter(application=locked))
        document = next((each for each in documents if each.pk == document_id), None)
        if document is None:
            raise DomainError("That document has already been removed")
        before = _snapshot(documents)
        after = _snapshot([each for each in documents if each.pk != document_id])
        storage, name = document.file.storage, document.file.name
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))
        removed.append(document)
        return before, after

    services.save_section(
        user, application, section=SLUG, expected_version=expected_version, change=change
    )
    return removed[0]


def confirm_documents(user, application: Application, *, expected_version: int | None) -> None:
    """The applicant has finished with the page (perhaps with no documents at all)."""

    def change(locked: Application):
        snapshot = _snapshot(ApplicationDocument.objects.filter(application=locked))
        return snapshot, snapshot

    services.save_section(
        user, application, section=SLUG, expected_version=expected_version, change=change
    )


def _reload_documents(application: Application) -> None:
    application.refresh_from_db()
    prefetch_related_objects(
        [application],
        Prefetch("documents", queryset=ApplicationDocument.objects.select_related("uploaded_by")),
    )


class DocumentsSection(Section):
    def is_started(self, application: Application) -> bool:
        return bool(application.documents.all()) or self.version(application) > 0

    def problems(self, application: Application) -> list[str]:
        if self.is_started(application):
            return []
        return ["Upload any supporting documents, or confirm that you have none"]

    def summary_rows(self, application: Application) -> list[Row]:
        documents = application.documents.all()
        if not documents:
            answer = "None" if self.is_started(application) else "Not answered"
            return [Row("Documents", answer, "id_file")]
        return [
            Row(
                document.original_name,
                [
                    f"{ALLOWED_TYPES.get(document.content_type, 'File')}, "
                    f"{file_size(document.size_bytes)}",
                    *([document.description] if document.description else []),
                    f"Uploaded by {document.uploaded_by.display_name} at "
                    f"{format_datetime(document.uploaded_at)}",
                ],
                "id_file",
                link=reverse("applications:document", args=[application.reference, document.pk]),
            )
            for document in documents
        ]

    def view(self, request, application: Application):
        """Upload, remove or finish: three small forms on one page, each posting an `action`."""
        data = request.POST if request.method == "POST" else kept_answers(request)
        action = data.get("action") if data else None
        if action == "upload":
            files = request.FILES if request.method == "POST" else None
            upload_form = UploadForm(data, files)
        else:
            upload_form = UploadForm()
        page_errors: list[str] = []
        conflict = None
        if request.method == "POST":
            try:
                if action == "upload" and upload_form.is_valid():
                    answers = upload_form.cleaned_data
                    document = add_document(
                        request.user,
                        application,
                        expected_version=answers.get("version"),
                        upload=answers["file"],
                        content_type=upload_form.content_type,
                        sha256=upload_form.sha256,
                        description=answers["description"],
                    )
                    messages.success(request, f"{document.original_name} has been uploaded.")
                    return redirect(self.url(application))
                if action == "remove":
                    form = RemoveForm(data)
                    if form.is_valid():
                        document = remove_document(
                            request.user,
                            application,
                            expected_version=form.cleaned_data.get("version"),
                            document_id=form.cleaned_data["document"],
                        )
                        messages.success(request, f"{document.original_name} has been removed.")
                    return redirect(self.url(application))
                if action == "continue":
                    form = VersionedForm(data)
                    version = form.cleaned_data.get("version") if form.is_valid() else None
                    confirm_documents(request.user, application, expected_version=version)
                    messages.success(request, f"{self.title}: your answers have been saved.")
                    return redirect("applications:task_list", application.reference)
            except services.EditConflict as error:
                conflict = error
                _reload_documents(application)  # show what is saved now
                if action == "upload":
                    upload_form.add_error(None, error.message)
                    upload_form.add_error("file", "Select the file again to upload it")
                else:
                    page_errors.append(error.message)
            except DomainError as error:
                if action == "upload":
                    add_to_form(upload_form, error)
                else:
                    page_errors.append(error.message)
        error_items = error_summary_items(upload_form) + [{"text": m} for m in page_errors]
        return render(
            request,
            "applications/sections/documents.html",
            {
                "application": application,
                "section": self,
                "version": self.version(application),
                "documents": [
                    {
                        "document": document,
                        "kind": ALLOWED_TYPES.get(document.content_type, "File"),
                        "size": file_size(document.size_bytes),
                    }
                    for document in application.documents.all()
                ],
                "upload_form": upload_form,
                "accept": ACCEPT,
                "max_size": file_size(settings.UPLOAD_MAX_BYTES),
                "conflict": conflict,
                "saved_rows": self.summary_rows(application) if conflict else None,
                "error_items": error_items,
                "form_has_errors": bool(error_items),
            },
        )


DOCUMENTS = DocumentsSection(slug=SLUG, title="Documents")
