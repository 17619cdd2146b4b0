"""A report's documents: the evaluator uploads and removes them while the report may be edited.

The file's type is read from its content by the form (`evaluation_forms.ReportDocumentForm`,
with the same checks as bid documents); it is stored privately under its SHA-256, never the name
it was uploaded with, and deleted again if the transaction rolls back. Until the report is
published only the evaluator and the programme team can download it.
"""

from django.core.files import File
from django.db import transaction

from innovation_fund.core.audit import record
from innovation_fund.core.stored_files import atomic_with_files, save_file

from ..models import EvaluationReport, ReportDocument
from ..policies import may


def upload_report_document(
    user, report: EvaluationReport, upload, *, content_type: str, sha256: str, description: str
) -> ReportDocument:
    with atomic_with_files():
        report = (
            EvaluationReport.objects.select_for_update(of=("self",))
            .select_related("evaluation")
            .get(pk=report.pk)
        )
        may(user, "edit_report", report).enforce()
        document = ReportDocument(
            report=report,
            original_name=(upload.name or "report")[:255],
            content_type=content_type,
            size_bytes=upload.size,
            sha256=sha256,
            description=description.strip(),
            uploaded_by=user,
        )
        save_file(document.file, sha256, File(upload))
        document.save()
        record(
            actor=user,
            action="evaluation_report.document_uploaded",
            target=report,
            after={
                "document_id": document.pk,
                "name": document.original_name,
                "content_type": content_type,
                "size_bytes": document.size_bytes,
                "sha256": sha256,
            },
        )
    return document


def remove_report_document(user, document: ReportDocument) -> None:
    with atomic_with_files():
        report = (
            EvaluationReport.objects.select_for_update(of=("self",))
            .select_related("evaluation")
            .get(pk=document.report_id)
        )
        may(user, "edit_report", report).enforce()
        name, stored = document.original_name, document.file.name
        record(
            actor=user,
            action="evaluation_report.document_removed",
            target=report,
            before={"document_id": document.pk, "name": name},
        )
        document.delete()
        storage = document.file.storage
        # The file goes only once the removal is committed.
        transaction.on_commit(lambda: storage.delete(stored))
