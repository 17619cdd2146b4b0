"""Checking a document uploaded from outside (a bid's supporting file, an evaluation report) by its
structure, not its name or first bytes alone.

A file's type is read from its content: `%PDF-` at the start is a PDF; a zip archive is a DOCX,
XLSX or ODT when it holds the parts that kind of document must have. Then the file must be only
that: a PDF must parse as a PDF (pdf_checks) and an office document's archive must be within
fixed limits before anything in it is expanded (office_checks). Neither may also be a web page or
carry a script, which a browser or an office program could run. check_document answers the type,
or raises DocumentRefused with a plain message saying what is wrong with the file.

Downloads take the extension of the checked type (name_for_download), so a PDF uploaded as
`budget.exe` or `.htaccess` always downloads as a `.pdf`.
"""

from collections.abc import Mapping
from typing import BinaryIO

from .document_scanning import DOCX_TYPE, ODT_TYPE, PDF_TYPE, XLSX_TYPE, DocumentRefused
from .office_checks import office_type
from .pdf_checks import check_pdf

__all__ = ["DocumentRefused", "check_document", "name_for_download", "wrong_type_message"]

EXTENSIONS = {PDF_TYPE: "pdf", DOCX_TYPE: "docx", XLSX_TYPE: "xlsx", ODT_TYPE: "odt"}


def wrong_type_message(allowed: Mapping[str, str]) -> str:
    """'The selected file must be a PDF, DOCX, XLSX or ODT', from the allowed types' names."""
    names = list(allowed.values())
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"The selected file must be a {listed}"


def check_document(file: BinaryIO, allowed: Mapping[str, str]) -> str:
    """The checked content type of `file`, one of `allowed` (content type: name for people).

    Raises DocumentRefused if the file is not one of them, is damaged, is over a limit, or is
    also a web page or carries a script. The file is left at its start.
    """
    try:
        file.seek(0)
        head = file.read(8)
        file.seek(0)
        if head.startswith(b"%PDF-"):
            content_type = PDF_TYPE
        elif head.startswith(b"PK\x03\x04"):
            content_type = office_type(file)
        else:
            content_type = None
        if content_type not in allowed:
            raise DocumentRefused(wrong_type_message(allowed))
        if content_type == PDF_TYPE:
            check_pdf(file)
        return content_type
    finally:
        file.seek(0)


def name_for_download(original_name: str, content_type: str, fallback_stem: str) -> str:
    """The uploaded name with the extension of the type read from its content: `budget.exe`
    checked as a PDF is `budget.pdf`, and `.htaccess` is `<fallback_stem>.pdf`."""
    stem = original_name.rsplit(".", 1)[0].strip(" .") if "." in original_name else original_name
    return f"{stem.strip() or fallback_stem}.{EXTENSIONS.get(content_type, 'bin')}"
