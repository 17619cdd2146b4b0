"""Uploaded documents are checked by their structure: hostile ones are refused, within bounds."""

import io
import tracemalloc
import zipfile

import pypdf
import pytest
import weasyprint

from innovation_fund.core import pdf_checks
from innovation_fund.core.document_checks import (
    DocumentRefused,
    check_document,
    name_for_download,
)
from innovation_fund.core.memory_ceiling import Ceiling
from tests.documents import (
    DOCX_TYPE,
    JAVASCRIPT_ACTION,
    JAVASCRIPT_CATALOG,
    JAVASCRIPT_PDF,
    ODT_TYPE,
    PAGE,
    PAGES,
    PDF,
    POLYGLOT_PDF,
    XLSX_TYPE,
    docx,
    docx_carrying_a_web_page,
    docx_zip_bomb,
    odt,
    pdf,
    pdf_costly_to_parse,
    pdf_with_object_stream,
    xlsx,
    zip_of,
)

ALLOWED = {"application/pdf": "PDF", DOCX_TYPE: "DOCX", XLSX_TYPE: "XLSX", ODT_TYPE: "ODT"}


def check(content: bytes) -> str:
    return check_document(io.BytesIO(content), ALLOWED)


def refusal(content: bytes) -> str:
    with pytest.raises(DocumentRefused) as refused:
        check(content)
    return refused.value.message


@pytest.mark.parametrize(
    ("make", "content_type"),
    [
        (lambda: PDF, "application/pdf"),
        (docx, DOCX_TYPE),
        (xlsx, XLSX_TYPE),
        (odt, ODT_TYPE),
        (lambda: docx(**{"word/media/icon.svg": "<svg><rect width='1'/></svg>"}), DOCX_TYPE),
    ],
)
def test_ordinary_documents_pass_with_their_type(make, content_type):
    assert check(make()) == content_type


def test_a_pdf_written_by_a_real_program_passes():
    page = "<h1>Letter</h1><p>Text and <a href='https://example.org'>a link</a></p>"
    letter = weasyprint.HTML(string=page).write_pdf()
    assert check(letter) == "application/pdf"


def test_the_file_is_left_at_its_start():
    file = io.BytesIO(docx())
    file.seek(10)
    check_document(file, ALLOWED)
    assert file.tell() == 0


# --- Point 7 of issue 15 -------------------------------------------------------------------------


def test_a_pdf_that_is_also_a_web_page_is_refused():
    pypdf.PdfReader(io.BytesIO(POLYGLOT_PDF), strict=True)  # a well-formed PDF all the same
    message = refusal(POLYGLOT_PDF)
    assert message.startswith(
        "The selected file is a PDF that also contains a web page or a script"
    )


def test_a_web_page_split_across_two_chunks_read_is_still_found(monkeypatch):
    monkeypatch.setattr("innovation_fund.core.document_scanning.SCAN_CHUNK_BYTES", 64)
    hidden = pdf(comment=b"x" * 45 + b"<script>alert(1)</script>")
    assert hidden.index(b"<script") // 64 != (hidden.index(b"<script") + 7) // 64
    assert "web page or a script" in refusal(hidden)


def test_a_docx_carrying_a_web_page_is_refused():
    assert "is a DOCX that also contains a web page or a script" in refusal(
        docx_carrying_a_web_page()
    )


@pytest.mark.parametrize(
    "members",
    [
        {"word/page.html": "<p>hello</p>"},  # a page by its name
        {"word/script.js": "alert(1)"},
        {"word/media/image1.png": "<!DOCTYPE html><html><script>1</script>"},  # by its content
        {"word/media/icon.svg": "<svg onload='alert(1)'/>"},  # an image with a script
        {
            "word/_rels/document.xml.rels": (
                '<Relationship Id="x" Target="a.bin" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/aFChunk"/>'
            )
        },
    ],
)
def test_a_docx_with_any_part_that_is_a_web_page_or_script_is_refused(members):
    assert "web page or a script" in refusal(docx(**members))


def test_a_docx_linking_to_a_page_about_javascript_passes():
    link = (
        '<Relationships><Relationship Id="l" TargetMode="External" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        'Target="https://developer.mozilla.org/en-US/docs/Web/JavaScript/page.html"/>'
        "</Relationships>"
    )
    assert check(docx(**{"word/_rels/document.xml.rels": link})) == DOCX_TYPE


def test_a_docx_with_macros_is_refused():
    assert refusal(docx(**{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})).startswith(
        "The selected file contains macros"
    )


def test_an_odt_with_basic_macros_is_refused():
    with_macros = io.BytesIO(odt())
    with zipfile.ZipFile(with_macros, "a") as archive:
        archive.writestr("Basic/Standard/Module1.xml", "<script:module/>")
    assert "macros" in refusal(with_macros.getvalue())


def test_a_1_gib_docx_zip_bomb_is_refused_before_it_is_expanded():
    bomb = docx_zip_bomb()
    assert len(bomb) < 1.1 * 1024 * 1024  # small on disk: about 1 MB declaring 1 GiB
    tracemalloc.start()
    try:
        message = refusal(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "word/document.xml" in message
    assert "1,024 MB" in message
    assert peak < 1024 * 1024  # nothing expanded: the declared sizes alone refuse it


def test_a_part_compressed_by_a_method_office_programs_never_use_is_refused_unread():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>", compress_type=zipfile.ZIP_BZIP2)
    assert "damaged" in refusal(buffer.getvalue())


def test_a_pdf_that_runs_javascript_when_opened_is_refused():
    assert refusal(JAVASCRIPT_PDF).startswith("The selected PDF contains JavaScript")


@pytest.mark.parametrize(
    "catalog",
    [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (calc.exe) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 4 0 R >> >>",
    ],
)
def test_a_pdf_that_launches_a_program_or_carries_files_is_refused(catalog):
    assert "JavaScript, a program to run or an attached file" in refusal(
        pdf(catalog, PAGES, PAGE, b"<< /Names [] >>")
    )


def test_a_pdf_opening_at_a_page_is_not_refused_for_its_open_action():
    opens_at_page_one = b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>"
    assert check(pdf(opens_at_page_one, PAGES, PAGE)) == "application/pdf"


def test_javascript_inside_a_compressed_object_stream_is_found():
    javascript_catalog = JAVASCRIPT_CATALOG
    assert check(pdf_with_object_stream()) == "application/pdf"
    hidden = pdf_with_object_stream(javascript_catalog, PAGES, PAGE, JAVASCRIPT_ACTION)
    assert b"/JavaScript" not in hidden  # compressed: only a parser finds it
    assert refusal(hidden).startswith("The selected PDF contains JavaScript")


def test_object_streams_are_expanded_only_up_to_a_budget(monkeypatch):
    with_object_stream = pdf_with_object_stream()
    assert check(with_object_stream) == "application/pdf"
    monkeypatch.setattr(pdf_checks, "OBJECT_STREAM_BUDGET", 10)
    assert "too complex" in refusal(with_object_stream)


def test_a_pdf_built_to_be_costly_to_parse_fails_within_the_ceiling(monkeypatch):
    monkeypatch.setattr(pdf_checks, "CEILING", Ceiling(memory_bytes=48 * 1024 * 1024))
    costly = pdf_costly_to_parse()
    assert len(costly) < 1024 * 1024
    assert "too complex" in refusal(costly)
    assert check(PDF) == "application/pdf"  # the next file is checked as usual


def test_object_streams_may_declare_only_so_many_objects(monkeypatch):
    monkeypatch.setattr(pdf_checks, "MAX_OBJECTS", 2)  # the test PDF's stream declares 3
    assert "too complex" in refusal(pdf_with_object_stream())


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\nnothing else",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"[" * 5000 + b"]" * 5000, PAGE),
    ],
)
def test_a_pdf_that_does_not_parse_is_refused_as_damaged(content):
    assert refusal(content).startswith("The selected file is not a PDF that can be opened")


@pytest.mark.parametrize(
    "content",
    [
        b"This is only text, whatever its name says.\n",
        b"<html><script>alert(1)</script></html>",
        b"PK\x03\x04" + b"\0" * 64,  # a zip in its first bytes only
        zip_of({"notes.txt": "a zip archive, but not a document"}),
        zip_of({"mimetype": "application/zip", "content.xml": "<x/>"}),
    ],
)
def test_anything_else_is_the_wrong_type(content):
    assert refusal(content) == "The selected file must be a PDF, DOCX, XLSX or ODT"


def test_only_the_allowed_types_pass():
    with pytest.raises(DocumentRefused, match="must be a PDF$"):
        check_document(io.BytesIO(docx()), {"application/pdf": "PDF"})


@pytest.mark.parametrize(
    ("original", "content_type", "expected"),
    [
        ("budget.exe", "application/pdf", "budget.pdf"),
        (".htaccess", "application/pdf", "document.pdf"),
        ("scan", "application/pdf", "scan.pdf"),
        ("Café plan.pdf", "application/pdf", "Café plan.pdf"),
        ("plan.docx.exe", DOCX_TYPE, "plan.docx.docx"),
        ("...", XLSX_TYPE, "document.xlsx"),
        ("notes", "text/html", "notes.bin"),
    ],
)
def test_a_download_name_ends_in_the_checked_type_s_extension(original, content_type, expected):
    assert name_for_download(original, content_type, fallback_stem="document") == expected
