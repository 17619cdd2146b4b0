"""Checking an uploaded file in a child process under a ceiling on its memory, so that a hostile
file can fail only its own check.

The limits in limits.py refuse the hostile files we know of before they are parsed; this is the
backstop for the ones we do not. The child's address space is capped (RLIMIT_AS) at what the
worker had when it forked plus OTHERFUNDERS_CHECK_MEMORY_LIMIT_BYTES: past that, allocations fail
(MemoryError) or the child is killed, and either way the worker carries on and reports the file
as needing more memory than we allow.

The child is forked, so it has the worker's code and settings without starting again. It does
no database work (a forked child must not use the worker's connection): it hands back the report
and the package it read through files in `workspace`, and the worker writes them to the database.
"""

import json
import logging
import os
import resource
from multiprocessing import get_context
from pathlib import Path

from django.conf import settings

from .checking import FAULT_MESSAGE, MEMORY_MESSAGE, Report, check_file

logger = logging.getLogger(__name__)
RESULT = "check-result.json"
PACKAGE = "package.json"


def check_file_within_memory(
    path: Path, original_name: str, workspace: Path
) -> tuple[Report, Path | None]:
    """`check_file`'s report on the file, checked in a child process under the memory ceiling,
    and the package read from it as a JSON file in `workspace` (or the file itself, for a large
    JSON file checked in windows; None when it could not be read)."""
    result = workspace / RESULT
    ceiling = _address_space_in_use() + settings.OTHERFUNDERS_CHECK_MEMORY_LIMIT_BYTES
    child = get_context("fork").Process(
        target=_check_in_child,
        args=(path, original_name, workspace, ceiling),
        name=f"check {original_name[:50]}",
    )
    child.start()
    child.join()
    if child.exitcode != 0 or not result.exists():
        # Killed (the kernel's out-of-memory killer, or a library that could not allocate and
        # aborted) before it could say what happened: the file asked for too much.
        logger.warning("Checking %s ended with exit code %s", original_name, child.exitcode)
        return Report(read_error=MEMORY_MESSAGE), None
    with result.open(encoding="utf-8") as handle:
        returned = json.load(handle)
    result.unlink()
    package = returned["package"]
    return Report.from_json(returned["report"]), None if package is None else Path(package)


def _check_in_child(path: Path, original_name: str, workspace: Path, ceiling: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    try:
        report, package = check_file(path, original_name)
        if isinstance(package, dict):
            package = _written(package, workspace / PACKAGE)
    except MemoryError:
        report, package = Report(read_error=MEMORY_MESSAGE), None
    except Exception:
        logger.exception("Checking %s failed", original_name)
        report, package = Report(read_error=FAULT_MESSAGE), None
    partial = workspace / f"{RESULT}.partial"
    with partial.open("w", encoding="utf-8") as handle:
        json.dump({"report": report.as_json(), "package": package and str(package)}, handle)
    partial.rename(workspace / RESULT)  # whole or not there: the worker never reads half


def _written(package: dict, path: Path) -> Path:
    """The package as services._store_package would write it, so the stored copy is the same."""
    with path.open("w", encoding="utf-8") as handle:
        json.dump(package, handle, ensure_ascii=False)
    return path


def _address_space_in_use() -> int:
    """The virtual memory this process has now (Linux): the child starts with all of it."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")
