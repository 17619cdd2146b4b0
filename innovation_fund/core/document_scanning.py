"""What the document checkers share: the types, the refusal, the scan for web pages and scripts."""

import re
from typing import BinaryIO

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT_TYPE = "application/vnd.oasis.opendocument.text"

# The start of a web page or of a script inside one. A browser that took the file for HTML
# (or SVG) would run what follows; no PDF or office part has any reason to hold these as they
# are (office XML escapes `<` in text, and PDF text is almost always compressed).
MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed)[\s>/]", re.IGNORECASE
)
MARKUP_OVERLAP = 64  # longer than any match, so one split across two chunks is still found
SCAN_CHUNK_BYTES = 1024 * 1024


class DocumentRefused(Exception):
    """The file is not a document that may be uploaded; the message says why, blaming the file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def find_markup(stream: BinaryIO, limit: int | None = None, pattern=MARKUP) -> bool:
    """Whether the first `limit` bytes of `stream` (all of it if None) hold `pattern`, read a
    chunk at a time so that memory stays small whatever the size."""
    tail = b""
    remaining = limit
    while remaining is None or remaining > 0:
        size = SCAN_CHUNK_BYTES if remaining is None else min(SCAN_CHUNK_BYTES, remaining)
        chunk = stream.read(size)
        if not chunk:
            return False
        if remaining is not None:
            remaining -= len(chunk)
        if pattern.search(tail + chunk):
            return True
        tail = chunk[-MARKUP_OVERLAP:]
    return False


def web_page_message(kind: str) -> str:
    return (
        f"The selected file is a {kind} that also contains a web page or a script, which could "
        f"run on the computer of whoever opens it. Save it again as a {kind} from the program "
        "you made it in, and upload that"
    )
