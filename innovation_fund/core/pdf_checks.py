"""PDFs from outside: must parse as a PDF (pypdf), within fixed limits and a ceiling on memory and
time, and be nothing else.

A PDF is refused if it is also a web page (a "polyglot" that a browser would run as HTML), if it
runs anything when opened or clicked (JavaScript, launching a program, importing data), or if it
carries other files (attachments, embedded files, XFA forms). Those are found by walking the
objects reachable from the document's catalogue, reading each object's dictionary but never
decoding a page's content.

pypdf expands only what it must to read the objects: the cross-reference and object streams.
Each expansion is limited (PYPDF_LIMITS), and the object streams together may expand to no more
than OBJECT_STREAM_BUDGET and declare no more than MAX_OBJECTS objects, counted before any object
in them is read, so memory stays bounded whatever the file. (A 10 MB file of object streams could
otherwise expand to gigabytes, or to millions of objects.) The parsing runs in a child process
with a ceiling on its memory and CPU time (CEILING), as what pypdf spends on a file within those
limits still depends on the file's shape.
"""

from typing import BinaryIO

import pypdf
from pypdf import PasswordType
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .document_scanning import DocumentRefused, find_markup, web_page_message
from .memory_ceiling import Ceiling, CeilingReached, run_within

PYPDF_LIMITS = dict.fromkeys(
    (
        "array_based_stream_maximum_output_length",
        "zlib_maximum_output_length",
        "lzw_maximum_output_length",
        "run_length_maximum_output_length",
        "brotli_maximum_output_length",
        "jbig2_maximum_output_length",
    ),
    8 * 1024 * 1024,
)
# What parsing one PDF may cost at most, in a child process (memory_ceiling): a file built so
# that what the limits below allow is still costly to parse fails only its own check.
CEILING = Ceiling(memory_bytes=256 * 1024 * 1024, cpu_seconds=10, wall_seconds=60)
OBJECT_STREAM_BUDGET = 8 * 1024 * 1024  # ten times a 2,250-page report's
MAX_OBJECTS = 100_000  # objects in object streams; dictionaries and arrays visited

# A key, an action (/S) or an annotation (/Subtype) that runs something or carries a file.
ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/GoToE"}
ACTIVE_SUBTYPES = {"/FileAttachment", "/RichMedia"}

DAMAGED = (
    "The selected file is not a PDF that can be opened: it may be damaged. Save it again as a "
    "PDF, and upload that"
)
TOO_COMPLEX = (
    "The selected PDF is too complex for us to check. Save it again as a PDF (for example by "
    "printing it to PDF), and upload that"
)
ACTIVE = (
    "The selected PDF contains JavaScript, a program to run or an attached file, which could "
    "harm the computer of whoever opens it. Save it again without them (for example by "
    "printing it to PDF), and upload that"
)
PROTECTED = "The selected PDF is protected with a password. Upload a copy without a password"


def check_pdf(file: BinaryIO) -> None:
    """Return if `file` is a PDF and only a PDF; raise DocumentRefused saying why if not."""
    file.seek(0)
    if find_markup(file):
        raise DocumentRefused(web_page_message("PDF"))
    try:
        run_within(CEILING, _parse_and_inspect, file)
    except CeilingReached:
        raise DocumentRefused(TOO_COMPLEX) from None
    finally:
        file.seek(0)


def _parse_and_inspect(file: BinaryIO) -> None:
    file.seek(0)
    try:
        with pypdf.apply_configuration(**PYPDF_LIMITS):
            reader = pypdf.PdfReader(file, strict=False)
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise DocumentRefused(PROTECTED)
            _expand_object_streams(reader)
            if _has_active_content(reader):
                raise DocumentRefused(ACTIVE)
    except (DocumentRefused, MemoryError):
        raise
    except pypdf.errors.LimitReachedError:
        raise DocumentRefused(TOO_COMPLEX) from None
    except Exception:
        # pypdf raises many kinds of error on a malformed file; each is the file's fault.
        raise DocumentRefused(DAMAGED) from None


def _expand_object_streams(reader: pypdf.PdfReader) -> None:
    """Expand each object stream, counting, before any object in one is read. pypdf keeps each
    expanded stream, and every object in it once one is read, for as long as the reader lives:
    so their total size and the number of objects they declare are what must be bounded."""
    expanded = declared_objects = 0
    # xref_objStm maps each object kept in an object stream to (stream number, index).
    for number in sorted({stream for stream, _ in reader.xref_objStm.values()}):
        stream = reader.get_object(number)
        if not isinstance(stream, pypdf.generic.StreamObject):
            raise DocumentRefused(DAMAGED)
        declared_objects += int(stream.get("/N", 0))
        if declared_objects > MAX_OBJECTS:
            raise DocumentRefused(TOO_COMPLEX)
        expanded += len(stream.get_data())
        if expanded > OBJECT_STREAM_BUDGET:
            raise DocumentRefused(TOO_COMPLEX)


def _has_active_content(reader: pypdf.PdfReader) -> bool:
    """Whether any dictionary reachable from the trailer runs something or carries a file."""
    pending = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # stream objects too: their dictionary only
            visited += 1
            if _is_active(item):
                return True
            pending.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            visited += 1
            pending.extend(list.__iter__(item))
        if visited > MAX_OBJECTS:
            raise DocumentRefused(TOO_COMPLEX)
    return False


def _is_active(dictionary: DictionaryObject) -> bool:
    if ACTIVE_KEYS.intersection(dictionary.keys()):
        return True
    action = dict.get(dictionary, "/S")
    subtype = dict.get(dictionary, "/Subtype")
    kind = dict.get(dictionary, "/Type")
    return (
        (isinstance(action, NameObject) and action in ACTIVE_ACTIONS)
        or (isinstance(subtype, NameObject) and subtype in ACTIVE_SUBTYPES)
        or kind == "/EmbeddedFile"
    )
