"""Checking an uploaded file in a child process under a ceiling on its memory and time, so that a
hostile file can fail only its own check.

The limits in limits.py refuse the hostile files we know of before they are parsed; this is the
backstop for the ones we do not. The child (core/memory_ceiling.py) may use
OTHERFUNDERS_CHECK_MEMORY_LIMIT_BYTES more memory than the worker had when it forked, and must
finish within the lease the check holds (leases.py), so that a check that would outlive its lease
ends with a report saying why rather than being given up as if its worker had died.

The child does no database work (a forked child must not use the worker's connection): it writes
the package it read to `workspace` and hands back its report and the package's path, and the
worker writes them to the database.
"""

import json
import logging
from pathlib import Path

from django.conf import settings

from innovation_fund.core.memory_ceiling import Ceiling, CeilingReached, run_within

from .checking import FAULT_MESSAGE, MEMORY_MESSAGE, Report, check_file

logger = logging.getLogger(__name__)
PACKAGE = "package.json"
# Time for the worker to keep the report before the lease runs out.
MARGIN_BEFORE_THE_LEASE_ENDS_SECONDS = 30


def check_file_within_memory(
    path: Path, original_name: str, workspace: Path
) -> tuple[Report, Path | None]:
    """`check_file`'s report on the file, checked in a child process under the ceiling, and the
    package read from it as a JSON file in `workspace` (or the file itself, for a large JSON file
    checked in windows; None when it could not be read)."""
    seconds = max(
        settings.OTHERFUNDERS_TASK_LEASE_SECONDS - MARGIN_BEFORE_THE_LEASE_ENDS_SECONDS, 1
    )
    ceiling = Ceiling(
        memory_bytes=settings.OTHERFUNDERS_CHECK_MEMORY_LIMIT_BYTES,
        cpu_seconds=seconds,
        wall_seconds=seconds,
    )
    try:
        report, package = run_within(ceiling, _check, path, original_name, workspace)
    except CeilingReached as reached:
        logger.warning("Checking %s stopped: %s", original_name, reached)
        return Report(read_error=MEMORY_MESSAGE), None
    return Report.from_json(report), None if package is None else Path(package)


def _check(path: Path, original_name: str, workspace: Path) -> tuple[dict, str | None]:
    try:
        report, package = check_file(path, original_name)
        if isinstance(package, dict):
            package = _written(package, workspace / PACKAGE)
    except MemoryError:
        report, package = Report(read_error=MEMORY_MESSAGE), None
    except Exception:
        logger.exception("Checking %s failed", original_name)
        report, package = Report(read_error=FAULT_MESSAGE), None
    return report.as_json(), None if package is None else str(package)


def _written(package: dict, path: Path) -> Path:
    """The package as services._store_package would write it, so the stored copy is the same."""
    with path.open("w", encoding="utf-8") as handle:
        json.dump(package, handle, ensure_ascii=False)
    return path
