"""What is kept of an uploaded file once nobody needs it. A file under review (checked, ready to
import) keeps its upload and the grants read from it; once it is imported, or found unreadable
or invalid, its record keeps the report and the grants keep their data, and the stored copies go.
`OTHERFUNDERS_KEEP_ORIGINALS` keeps imported uploads as they came, for an installation that must.
"""

from django.conf import settings
from django.db import transaction

from .models import ImportedFile


def discard_stored_copies(imported_file: ImportedFile, *, original: bool) -> None:
    """Forget the stored grants (and, with `original`, the upload) on the record, and delete the
    files once the transaction commits: a rollback leaves both the row and the files as they
    were. The caller saves the record."""
    fields = ("package", "file") if original else ("package",)
    doomed = []
    for field in fields:
        stored = getattr(imported_file, field)
        if stored:
            doomed.append((stored.storage, stored.name))
            setattr(imported_file, field, "")
    if doomed:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in doomed])


def keeps_imported_originals() -> bool:
    return settings.OTHERFUNDERS_KEEP_ORIGINALS
