"""Documents for upload tests, made in memory: ordinary ones, and hostile ones that must be refused.

Each is small in memory and never written to disk by the tests (the zip bomb is about 1 MB that
declares 1 GiB).
"""

import functools
import io
import struct
import zipfile
import zlib

import openpyxl

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT_TYPE = "application/vnd.oasis.opendocument.text"

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def pdf(*objects: bytes, comment: bytes = b"") -> bytes:
    """A PDF whose cross-reference table points at each object, numbered from 1 in order.
    With no objects, a one-page blank PDF; `comment` goes on the line after the header."""
    objects = objects or (CATALOG, PAGES, PAGE)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    if comment:
        out += b"%" + comment + b"\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_with_object_stream(*objects: bytes) -> bytes:
    """A PDF 1.5 file whose objects (numbered from 1, the first the catalogue) are all kept in one
    compressed object stream, found through a cross-reference stream, as most PDFs are today."""
    objects = objects or (CATALOG, PAGES, PAGE)
    stream_number, xref_number = len(objects) + 1, len(objects) + 2
    header, bodies = bytearray(), bytearray()
    for number, body in enumerate(objects, start=1):
        header += b"%d %d " % (number, len(bodies))
        bodies += body + b"\n"
    packed = zlib.compress(bytes(header + bodies))
    out = bytearray(b"%PDF-1.5\n")
    stream_offset = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stream_number,
        len(objects),
        len(header),
        len(packed),
    )
    out += b"stream\n" + packed + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    entries = struct.pack(">BIH", 0, 0, 65535) + b"".join(
        struct.pack(">BIH", 2, stream_number, index) for index in range(len(objects))
    )
    entries += struct.pack(">BIH", 1, stream_offset, 0) + struct.pack(">BIH", 1, xref_offset, 0)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        len(entries),
    )
    out += entries + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


def pdf_costly_to_parse(count: int = 60_000) -> bytes:
    """A PDF (about 0.5 MB) whose object stream holds `count` objects of 45 numbers each: under
    the size limits, yet far more work and memory to parse than its size suggests."""
    return pdf_with_object_stream(CATALOG, PAGES, PAGE, *[b"[" + b"1 " * 45 + b"]"] * count)


PDF = pdf()
# A PDF that is also a web page with a script: a browser that took it for HTML would run it.
POLYGLOT_PDF = pdf(comment=b"<html><body><script>alert(document.cookie)</script></body></html>")
# A PDF that runs JavaScript when it is opened.
JAVASCRIPT_CATALOG = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
JAVASCRIPT_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.alert\\('hello'\\)) >>"
JAVASCRIPT_PDF = pdf(JAVASCRIPT_CATALOG, PAGES, PAGE, JAVASCRIPT_ACTION)


def zip_of(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_MEMBERS = {
    "[Content_Types].xml": "<Types/>",
    "_rels/.rels": "<Relationships/>",
    "word/document.xml": "<w:document/>",
}


def docx(**extra: bytes | str) -> bytes:
    return zip_of({**DOCX_MEMBERS, **extra})


def docx_carrying_a_web_page() -> bytes:
    """A DOCX with an HTML page as an "alternative format chunk", which Word imports."""
    return zip_of(
        {
            "[Content_Types].xml": (
                '<Types><Default Extension="htm" ContentType="text/html"/></Types>'
            ),
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": '<w:document><w:altChunk r:id="page"/></w:document>',
            "word/_rels/document.xml.rels": (
                '<Relationships><Relationship Id="page" Target="page.htm" Type="http://'
                'schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"/>'
                "</Relationships>"
            ),
            "word/page.htm": "<html><script>alert(document.cookie)</script></html>",
        }
    )


@functools.cache
def docx_zip_bomb(expanded_bytes: int = 1024**3) -> bytes:
    """A DOCX whose document part expands to `expanded_bytes` (1 GiB) from about 1 MB. (Made
    once per test run: compressing 1 GiB takes a few seconds.)"""
    chunk = b"\0" * (1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(expanded_bytes // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Budget"
    workbook.save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_TYPE)  # first and uncompressed
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()
