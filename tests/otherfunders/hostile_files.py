"""Files built to harm what reads them, made small on disk: each expands far past its size only
when it is parsed."""

import zipfile
from contextlib import contextmanager
from pathlib import Path

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
CONTENT_TYPES = "[Content_Types].xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)


def shared_strings_bomb(folder: Path, expands_to: int = 1024**3) -> Path:
    """An XLSX of about 1 MB whose one shared string is `expands_to` bytes of the letter a,
    which openpyxl reads whole as it opens the workbook."""
    path = folder / "bomb.xlsx"
    with _a_workbook_but(folder, path, {CONTENT_TYPES, SHARED_STRINGS}) as (out, parts):
        types = parts[CONTENT_TYPES].replace(
            b"</Types>",
            f'<Override PartName="/{SHARED_STRINGS}" ContentType="{SHARED_STRINGS_TYPE}"/>'
            "</Types>".encode(),
        )
        out.writestr(CONTENT_TYPES, types)
        with out.open(SHARED_STRINGS, "w", force_zip64=True) as member:
            member.write(f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode())
            chunk = b"a" * 1024 * 1024
            for _ in range(expands_to // len(chunk)):
                member.write(chunk)
            member.write(b"</t></si></sst>")
    return path


def sheet_with_false_dimension(folder: Path, rows: int = 200_000) -> Path:
    """An XLSX whose sheet says it spans A1:B2 but holds `rows` rows of grants."""
    path = folder / "false-dimension.xlsx"
    with _a_workbook_but(folder, path, {SHEET}) as (out, _):
        body = "".join(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>360G-x-{n}</t></is></c>'
            f'<c r="B{n}" t="inlineStr"><is><t>GBP</t></is></c></row>'
            for n in range(2, rows + 1)
        )
        out.writestr(
            SHEET,
            f'<worksheet xmlns="{MAIN}"><dimension ref="A1:B2"/><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Identifier</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>Currency</t></is></c></row>'
            f"{body}</sheetData></worksheet>",
        )
    return path


def csv_with_long_field(folder: Path, characters: int) -> Path:
    path = folder / "long-field.csv"
    path.write_text(f"Identifier,Description\n360G-x-1,{'a' * characters}\n", encoding="utf-8")
    return path


def deeply_nested_json(folder: Path, depth: int = 100_000, before: str = "") -> Path:
    """A package whose grants list holds lists within lists, `depth` deep; `before`: JSON put
    ahead of the grants, such as a value only json.load accepts."""
    path = folder / "deep.json"
    path.write_text(f'{{{before}"grants": {"[" * depth}{"]" * depth}}}', encoding="utf-8")
    return path


@contextmanager
def _a_workbook_but(folder: Path, path: Path, replaced: set[str]):
    """A small workbook written to `path` but for the `replaced` parts, which the caller writes
    into the archive it is given (with the parts as they were, by name)."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "grants"
    workbook.active.append(["Identifier", "Currency"])
    workbook.active.append(["360G-x-1", "GBP"])
    workbook.save(folder / "base.xlsx")
    with zipfile.ZipFile(folder / "base.xlsx") as source:
        parts = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            if name not in replaced:
                out.writestr(name, data)
        yield out, parts
