"""Reading a 360Giving JSON package a window of grants at a time (ijson), so that checking it
holds one window in memory rather than the whole package (about four times the file's size as
Python objects: a 50 MB file took 416 MB to check whole). Used for other funders' large files
and for the programme's own package before it is published.

Two passes over the file: the first reads everything but the grants (the package's metadata,
which the schema checks too) and makes sure the grants are one list; the second reads the grants.
Anything this cannot read exactly as `json.load` would (a file that is not an object with one list
of grants, a key twice at the top, JSON that ijson refuses) is read whole instead, where the
report says what is wrong with it.
"""

from collections.abc import Iterator
from pathlib import Path

import ijson

from innovation_fund.core.batches import batched

from .quality import GrantWindow

WINDOW = 2_000  # grants
BOM = b"\xef\xbb\xbf"
STARTS = ("start_map", "start_array")
ENDS = ("end_map", "end_array")


class NotReadInWindows(Exception):
    """The file cannot be read a window at a time exactly as json.load reads it."""


class GrantWindows:
    def __init__(self, path: Path, metadata: dict, *, use_float: bool):
        self.path = path
        self.metadata = metadata  # the package without its grants
        self.use_float = use_float

    def __iter__(self) -> Iterator[GrantWindow]:
        try:
            with self.path.open("rb") as handle:
                grants = each_grant(handle, use_float=self.use_float)
                for number, window in enumerate(batched(grants, WINDOW)):
                    yield GrantWindow(window, number * WINDOW)
        except (ijson.JSONError, UnicodeDecodeError, ValueError) as error:
            raise NotReadInWindows(str(error)) from error


def each_grant(handle, *, use_float: bool) -> Iterator:
    """The grants of a package in an open binary file, one at a time, as json.load gives them
    (`use_float`), or as json.load(parse_float=Decimal) does."""
    skip_bom(handle)
    return ijson.items(handle, "grants.item", use_float=use_float)


def grants_in_file(path: Path, *, use_float: bool) -> Iterator:
    """`each_grant` of the package at `path`, the file closed once they have all been read."""
    with path.open("rb") as handle:
        yield from each_grant(handle, use_float=use_float)


def grant_windows(path: Path, *, use_float: bool = True) -> GrantWindows | None:
    """The file's grants, to be read in windows, or None if it must be read whole. Numbers with
    a fraction are floats, as json.load reads them, or with `use_float` False Decimals, as
    json.load(parse_float=Decimal) does."""
    try:
        with path.open("rb") as handle:
            skip_bom(handle)
            metadata = _metadata(ijson.parse(handle, use_float=use_float))
    except (ijson.JSONError, UnicodeDecodeError, ValueError):
        return None
    return None if metadata is None else GrantWindows(path, metadata, use_float=use_float)


def _metadata(events) -> dict | None:
    """Every top-level value but the grants, from the parser's events; None unless the file is
    an object with exactly one "grants", and that a list."""
    metadata: dict = {}
    seen: set[str] = set()
    first = next(events, None)
    if first is None or first[:2] != ("", "start_map"):
        return None
    key = None
    for prefix, event, value in events:
        if prefix == "" and event == "map_key":
            if value in seen:
                return None
            seen.add(value)
            key = value
        elif prefix == "" and event == "end_map":
            break
        elif key == "grants":
            if (prefix, event) != ("grants", "start_array"):
                return None
            _skip_value(events)
            key = None
        elif key is not None:
            metadata[key] = _built(event, value, events)
            key = None
    return metadata if "grants" in seen else None


def _built(event: str, value, events):
    """The value that starts with this event, built from the events that follow."""
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1 if event in STARTS else 0
    while depth:
        _, event, value = next(events)
        builder.event(event, value)
        depth += (event in STARTS) - (event in ENDS)
    return builder.value


def _skip_value(events) -> None:
    """Past the end of the list just started."""
    depth = 1
    while depth:
        _, event, _ = next(events)
        depth += (event in STARTS) - (event in ENDS)


def skip_bom(handle) -> None:
    """Past a UTF-8 byte order mark at the start, which json.load (utf-8-sig) accepts."""
    if handle.read(len(BOM)) != BOM:
        handle.seek(0)
