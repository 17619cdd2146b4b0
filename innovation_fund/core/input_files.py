"""Read input files as they are, with the sha256 that records which version was read."""

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

URL_SEPARATOR = " ; "


@dataclass(frozen=True)
class InputFile:
    path: Path
    sha256: str
    content: Any  # list of row dicts for CSV and TSV, the parsed document for JSON

    @property
    def name(self) -> str:
        return self.path.name


def read_csv(path: Path, delimiter: str = ",") -> InputFile:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    rows = [
        {key: (value or "").strip() for key, value in row.items()}
        for row in csv.DictReader(text.splitlines(), delimiter=delimiter)
    ]
    return InputFile(path=path, sha256=hashlib.sha256(raw).hexdigest(), content=rows)


def read_json(path: Path) -> InputFile:
    raw = path.read_bytes()
    return InputFile(path=path, sha256=hashlib.sha256(raw).hexdigest(), content=json.loads(raw))


def split_urls(text: str) -> list[str]:
    return [url.strip() for url in text.split(URL_SEPARATOR) if url.strip()]


def split_list(text: str) -> list[str]:
    """A `;`-separated cell (partners, scale_of, member codes) to its parts, in order."""
    return [part.strip() for part in text.split(";") if part.strip()]
