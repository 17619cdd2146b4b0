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

from innovation_fund.opendata.quality import file_aggregates, run_quality_checks
from innovation_fund.opendata.standard import (
    closed_codelist_errors,
    duplicate_grant_ids,
    schema_errors,
)

from .mapping import unstorable_values
from .reading import UnreadableFile, read_package

logger = logging.getLogger(__name__)
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


def check_file(path: Path, original_name: str) -> tuple[Report, dict | None]:
    """The report on a file, and the package read from it (None when it could not be read).

    A fault of our own while checking is reported as such rather than left to fail the
    background task, which would leave the file "being checked" for ever.
    """
    try:
        read = read_package(path, original_name)
        report = check_package(read.package, file_format=read.file_format, notes=read.notes)
    except UnreadableFile as error:
        return Report(read_error=str(error)), None
    except Exception:
        logger.exception("Checking %s failed", original_name)
        return Report(read_error=FAULT_MESSAGE), None
    return report, read.package


def check_package(package: dict, *, file_format: str = "json", notes=()) -> Report:
    grants = package.get("grants")
    grant_list = grants if isinstance(grants, list) else []
    notes = list(notes)
    if grant_list and not any(_has_a_value(grant) for grant in grant_list):
        notes.append("Every value in this file is empty (null): there is nothing in it to import.")
    found_schema_errors = schema_errors(package)
    found_codelist_errors = closed_codelist_errors(package)
    found_value_errors = [
        {"path": f"grants/{index}/{name}", "message": message}
        for index, grant in enumerate(grant_list)
        if isinstance(grant, dict)
        for name, message in unstorable_values(grant)
    ]
    return Report(
        file_format=file_format,
        notes=notes,
        grant_count=len(grant_list),
        schema_error_count=len(found_schema_errors),
        schema_errors=[asdict(error) for error in found_schema_errors[:ERRORS_KEPT]],
        codelist_error_count=len(found_codelist_errors),
        codelist_errors=[asdict(error) for error in found_codelist_errors[:ERRORS_KEPT]],
        duplicate_ids=duplicate_grant_ids(package)[:ERRORS_KEPT],
        value_error_count=len(found_value_errors),
        value_errors=found_value_errors[:ERRORS_KEPT],
        own_grant_ids=_own_grant_ids(grant_list)[:ERRORS_KEPT],
        notices=[
            {
                "check": notice.check,
                "category": notice.category,
                "critical": notice.critical,
                "message": notice.message,
                "count": notice.count,
                "paths": list(notice.paths[:PATHS_KEPT]),
            }
            for notice in run_quality_checks(grant_list)
        ],
        summary=_summary(grant_list),
    )


def _summary(grants: list) -> dict:
    """What the official tool shows above its checks: the award dates the file spans, how many
    funders and recipients, and the amounts in each currency (never added across currencies)."""
    totals = file_aggregates(grants)
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
