"""Office documents from outside (DOCX, XLSX, ODT): zip archives, checked before and while reading.

The archive's declared sizes are checked first (zip_limits.check_archive), so a zip bomb is
refused before anything is expanded. Only then are parts read, and only a bounded amount of each:
the few small parts that say what the document is, and the start of every other part. Whatever
kind the archive is, it must hold the parts that kind must have, and nothing that is a web page,
a script or a macro, which Word, Excel or a browser could run.
"""

import re
import zipfile
import zlib
from typing import BinaryIO

from .document_scanning import (
    DOCX_TYPE,
    ODT_TYPE,
    XLSX_TYPE,
    DocumentRefused,
    find_markup,
    web_page_message,
)
from .zip_limits import ArchiveRefused, ZipLimits, check_archive

LIMITS = ZipLimits()
# Office programs write parts stored or deflated; other methods (bzip2, LZMA) are not bounded
# while reading by zipfile, so a part using one is refused unread.
READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
DESCRIPTION_BYTES = 1024 * 1024  # how much of [Content_Types].xml, a manifest or a .rels is read
HEAD_BYTES = 4096  # how much of every other part is read, to see whether it is a web page
# A part that a browser would open as a page, or that is a script (Word imports an HTML
# "alternative format chunk"; an .svg image may carry script and is scanned as a whole instead).
WEB_PAGE_NAME = re.compile(r"\.(?:html?|xhtml|xht|mht|mhtml|js|mjs|hta|xsl|xslt)$", re.IGNORECASE)
WEB_PAGE_TYPE = re.compile(
    rb"(?:text/html|application/xhtml\+xml|message/rfc822|javascript|ecmascript)", re.IGNORECASE
)
ALT_CHUNK_RELATIONSHIP = re.compile(rb"relationships/afchunk", re.IGNORECASE)
SVG_SCRIPT = re.compile(
    rb"<(?:script|foreignObject|iframe|embed|object|html)[\s>/]|javascript:|\son[a-z]+\s*=",
    re.IGNORECASE,
)
MACRO_NAME = re.compile(r"(?:^|/)vbaProject\.bin$|^(?:Basic|Scripts)/", re.IGNORECASE)
MACRO_TYPE = re.compile(rb"macroEnabled|vbaProject", re.IGNORECASE)
MACRO_RELATIONSHIP = re.compile(rb"relationships/vbaProject", re.IGNORECASE)

NAMES = {DOCX_TYPE: "DOCX", XLSX_TYPE: "XLSX", ODT_TYPE: "ODT"}
DAMAGED = "The selected file is damaged, or is not the kind of file its name says"


def office_type(file: BinaryIO) -> str | None:
    """The archive's type (DOCX, XLSX or ODT) once it has passed every check; None if it is not
    one of them; DocumentRefused if it is over a limit or carries a web page, script or macro."""
    if not zipfile.is_zipfile(file):
        return None
    file.seek(0)
    try:
        members = check_archive(file, LIMITS)
    except ArchiveRefused as refusal:
        raise DocumentRefused(str(refusal)) from None
    for member in members:
        if member.compress_type not in READABLE_METHODS:
            raise DocumentRefused(DAMAGED)
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            content_type = _type_from_parts(archive, {each.filename for each in members})
            if content_type is not None:
                _refuse_active_parts(archive, members, NAMES[content_type])
            return content_type
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError):
        # A damaged part, a wrong checksum, or a part encrypted with a zip password.
        raise DocumentRefused(DAMAGED) from None


def _type_from_parts(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    if "mimetype" in names and "content.xml" in names:
        with archive.open("mimetype") as part:
            declared = part.read(100).strip()
        return ODT_TYPE if declared == ODT_TYPE.encode() else None
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return DOCX_TYPE
        if "xl/workbook.xml" in names:
            return XLSX_TYPE
    return None


def _refuse_active_parts(archive: zipfile.ZipFile, members, kind: str) -> None:
    for member in members:
        name = member.filename
        if member.is_dir():
            continue
        if MACRO_NAME.search(name):
            raise DocumentRefused(_macro_message(kind))
        if WEB_PAGE_NAME.search(name):
            raise DocumentRefused(web_page_message(kind))
        with archive.open(member) as part:
            if name.lower().endswith(".svg"):
                if find_markup(part, pattern=SVG_SCRIPT):
                    raise DocumentRefused(web_page_message(kind))
            elif name in ("[Content_Types].xml", "META-INF/manifest.xml"):
                # What type each part is: none may be a page, a script or macros.
                types = part.read(DESCRIPTION_BYTES)
                if MACRO_TYPE.search(types):
                    raise DocumentRefused(_macro_message(kind))
                if WEB_PAGE_TYPE.search(types):
                    raise DocumentRefused(web_page_message(kind))
            elif name.endswith(".rels"):
                # How parts relate. Links to web addresses are here too, so only the kinds of
                # relationship are looked at, never the addresses.
                relationships = part.read(DESCRIPTION_BYTES)
                if MACRO_RELATIONSHIP.search(relationships):
                    raise DocumentRefused(_macro_message(kind))
                if ALT_CHUNK_RELATIONSHIP.search(relationships):
                    raise DocumentRefused(web_page_message(kind))
            elif find_markup(part, limit=HEAD_BYTES):
                raise DocumentRefused(web_page_message(kind))


def _macro_message(kind: str) -> str:
    return (
        f"The selected file contains macros, which could run on the computer of whoever opens "
        f"it. Save it again as a {kind} without macros, and upload that"
    )
