"""The report on an uploaded 360Giving file: the official tool's checks, in the same order.

1. Can it be read at all (reading.py)?
2. Schema errors, each with its path; closed-codelist errors; grant ids used more than once;
   values the schema allows that cannot be real (a 30th of February). Any of these makes the
   file invalid, and an invalid file is never imported.
3. Quality notices by check, with how many grants each affects. They are advice: a file with
   notices is still imported, as the official tool would still accept it.

The report is stored as JSON on the ImportedFile, so it can be shown again without re-reading.
"""

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings

from innovation_fund.opendata.package_windows import NotReadInWindows, grant_windows
from innovation_fund.opendata.quality import GrantWindow
from innovation_fund.opendata.quality_run import FileAggregates, QualityRun
from innovation_fund.opendata.schema_run import PackageSchemaRun
from innovation_fund.opendata.standard import (
    closed_codelist_errors,
    duplicate_grant_ids,
    schema_errors,
)

from .limits import HARM, check_json
from .mapping import unstorable_values
from .reading import JSON, UnreadableFile, detect_format, read_package

logger = logging.getLogger(__name__)
WINDOWED_FROM_BYTES = 5 * 1024 * 1024  # smaller JSON files are read whole: one pass is quicker
ERRORS_KEPT = 500  # a broken file of 50,000 grants could have millions; the count is kept in full
PATHS_KEPT = 10


@dataclass
class Report:
    read_error: str = ""
    file_format: str = ""
    notes: list[str] = field(default_factory=list)
    grant_count: int = 0
    schema_error_count: int = 0
    schema_errors: list[dict] = field(default_factory=list)
    codelist_error_count: int = 0
    codelist_errors: list[dict] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)
    value_error_count: int = 0
    value_errors: list[dict] = field(default_factory=list)
    own_grant_ids: list[str] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)  # what the file holds (see `_summary`)

    @property
    def readable(self) -> bool:
        return not self.read_error

    @property
    def importable(self) -> bool:
        return (
            self.readable
            and self.grant_count > 0
            and not self.schema_error_count
            and not self.codelist_error_count
            and not self.duplicate_ids
            and not self.value_error_count
            and not self.own_grant_ids
        )

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, stored: dict) -> "Report":
        return cls(**{key: value for key, value in stored.items() if key in cls.__annotations__})


FAULT_MESSAGE = (
    "A fault in this service, not in your file, stopped the work. It has been logged; try "
    "again later, or ask the service team."
)
MEMORY_MESSAGE = (
    "The file needs more memory or time to read than we allow for a file of grants, so it was "
    f"not read. {HARM} If it is a real file of grants, split it into smaller files."
)


def check_file(path: Path, original_name: str) -> tuple[Report, dict | Path | None]:
    """The report on a file, and the package read from it: a dict, or for a large JSON file
    checked a window of grants at a time the file itself (None when it could not be read).

    A fault of our own while checking is reported as such rather than left to fail the
    background task, which would leave the file "being checked" for ever.
    """
    try:
        if is_large_json(path, original_name):
            report = check_json_in_windows(path)
            if report is not None:
                return report, path
        read = read_package(path, original_name)
        report = check_package(read.package, file_format=read.file_format, notes=read.notes)
    except UnreadableFile as error:
        return Report(read_error=str(error)), None
    except MemoryError:  # the memory ceiling on the check (check_process.py)
        return Report(read_error=MEMORY_MESSAGE), None
    except Exception:
        logger.exception("Checking %s failed", original_name)
        return Report(read_error=FAULT_MESSAGE), None
    return report, read.package


def is_large_json(path: Path, original_name: str) -> bool:
    """A JSON file large enough to be checked a window of grants at a time, and within the
    upload limit (a file over it is reported as too large by `read_package`)."""
    size = path.stat().st_size
    if not WINDOWED_FROM_BYTES <= size <= settings.OTHERFUNDERS_MAX_UPLOAD_BYTES:
        return False
    return detect_format(path, original_name) == JSON


def check_package(package: dict, *, file_format: str = "json", notes=()) -> Report:
    grants = package.get("grants")
    check = GrantsCheck()
    check.add(GrantWindow(grants if isinstance(grants, list) else [], 0))
    return check.report(
        file_format=file_format,
        notes=notes,
        schema_found=schema_errors(package),
        codelist_found=closed_codelist_errors(package),
        duplicate_ids=duplicate_grant_ids(package),
    )


def check_json_in_windows(path: Path) -> Report | None:
    """The report on a JSON package read a window of grants at a time, or None where it must be
    read whole: not an object with a list of grants, not JSON ijson reads as json does, or
    refused by the schema (jsonschema then words each error from the whole package)."""
    if not check_json(path):  # within limits, or read whole, where that is checked instead
        return None
    windows = grant_windows(path)
    if windows is None:
        return None
    check, schema = GrantsCheck(), PackageSchemaRun(windows.metadata)
    try:
        for window in windows:
            schema.add(window, window.start)
            if not schema.valid:
                return None
            check.add(window)
    except NotReadInWindows:
        return None
    return check.report(
        file_format=JSON,
        notes=(),
        schema_found=schema.schema_errors(),
        codelist_found=schema.codelist_errors,
        duplicate_ids=schema.duplicate_ids(),
    )


class GrantsCheck:
    """What the report says about a file's grants, added a window at a time in the file's
    order: how many, values that cannot be kept, the programme's own ids, the quality notices
    and the summary."""

    def __init__(self):
        self.count = 0
        self.any_value = False
        self.value_error_count = 0
        self.value_errors: list[dict] = []
        self.own_grant_ids: list[str] = []
        self.quality = QualityRun()
        self.totals = FileAggregates()

    def add(self, window: GrantWindow) -> None:
        self.count += len(window)
        self.any_value = self.any_value or any(_has_a_value(grant) for grant in window)
        for index, grant in enumerate(window, window.start):
            if not isinstance(grant, dict):
                continue
            for name, message in unstorable_values(grant):
                self.value_error_count += 1
                if len(self.value_errors) < ERRORS_KEPT:
                    self.value_errors.append({"path": f"grants/{index}/{name}", "message": message})
        if len(self.own_grant_ids) < ERRORS_KEPT:
            self.own_grant_ids += _own_grant_ids(window)[: ERRORS_KEPT - len(self.own_grant_ids)]
        self.quality.add(window)
        self.totals.add(window)

    def report(self, *, file_format, notes, schema_found, codelist_found, duplicate_ids) -> Report:
        notes = list(notes)
        if self.count and not self.any_value:
            notes.append(
                "Every value in this file is empty (null): there is nothing in it to import."
            )
        return Report(
            file_format=file_format,
            notes=notes,
            grant_count=self.count,
            schema_error_count=len(schema_found),
            schema_errors=[asdict(error) for error in schema_found[:ERRORS_KEPT]],
            codelist_error_count=len(codelist_found),
            codelist_errors=[asdict(error) for error in codelist_found[:ERRORS_KEPT]],
            duplicate_ids=duplicate_ids[:ERRORS_KEPT],
            value_error_count=self.value_error_count,
            value_errors=self.value_errors,
            own_grant_ids=self.own_grant_ids,
            notices=[
                {
                    "check": notice.check,
                    "category": notice.category,
                    "critical": notice.critical,
                    "message": notice.message,
                    "count": notice.count,
                    "paths": list(notice.paths[:PATHS_KEPT]),
                }
                for notice in self.quality.notices()
            ],
            summary=_summary(self.totals),
        )


def _summary(totals: FileAggregates) -> dict:
    """What the official tool shows above its checks: the award dates the file spans, how many
    funders and recipients, and the amounts in each currency (never added across currencies)."""
    return {
        "first_award_date": totals.min_award_date,
        "last_award_date": totals.max_award_date,
        "funders": len(totals.funding_org_ids),
        "recipients": len(totals.recipient_org_ids),
        "amounts": [
            {"currency": currency or "", "grants": amounts.count, "total": str(amounts.total)}
            for currency, amounts in sorted(
                totals.currencies.items(), key=lambda item: item[0] or ""
            )
        ],
    }


def _has_a_value(value) -> bool:
    if isinstance(value, dict):
        return any(_has_a_value(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_a_value(item) for item in value)
    return value is not None


def _own_grant_ids(grants: list) -> list[str]:
    """The programme's own grants, published by this service: they are here already."""
    prefix = settings.OPENDATA_GRANT_ID_PREFIX
    return [
        grant["id"]
        for grant in grants
        if isinstance(grant, dict)
        and isinstance(grant.get("id"), str)
        and grant["id"].startswith(prefix)
    ]
