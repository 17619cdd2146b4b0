"""Producing the open data files. Runs in the background (see tasks.py) or from a command."""

import hashlib
import json
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.stored_files import atomic_with_files, save_file

from . import flat
from .export import NoFunderId, grants_to_export, write_package
from .models import PublishedFile
from .package_windows import NotReadInWindows, grant_windows, grants_in_file
from .quality_run import QualityRun, run_quality_checks
from .schema_run import PackageSchemaRun
from .search_index import replace_programme_grants
from .standard import closed_codelist_errors, duplicate_grant_ids, schema_errors

ACTOR = "open data publisher"
PROBLEMS_SHOWN = 5
PROBLEM_LENGTH = 200  # a schema message can quote a whole grant
# The JSON first: the spreadsheets are made from it.
FORMATS = [PublishedFile.Format.JSON, PublishedFile.Format.CSV, PublishedFile.Format.XLSX]


class PublicationRefused(DomainError):
    """The new files failed a check, so they are not offered; the previous ones stay on offer."""

    def __init__(self, problems: list[str]):
        shown = "; ".join(_shorten(problem) for problem in problems[:PROBLEMS_SHOWN])
        more = len(problems) - PROBLEMS_SHOWN
        extra = f" (and {more} more)" if more > 0 else ""
        super().__init__(f"The open data files were not published: {shown}{extra}")
        self.problems = problems


def _shorten(problem: str) -> str:
    return problem if len(problem) <= PROBLEM_LENGTH else problem[: PROBLEM_LENGTH - 1] + "…"


def package_problems(package: dict) -> list[str]:
    """Why a package may not be offered: the standard's schema, its closed code lists, grant ids
    used twice and the critical quality checks. Empty when it may be offered."""
    grants = package.get("grants") if isinstance(package, dict) else None
    return _problems(
        schema_errors(package),
        closed_codelist_errors(package),
        duplicate_grant_ids(package),
        run_quality_checks(grants if isinstance(grants, list) else []),
    )


def written_package_problems(path: Path) -> list[str]:
    """`package_problems` of a package written to `path`, read a window of grants at a time so
    memory does not grow with the programme; read whole where the windows cannot say (the
    schema refuses a window: jsonschema then words each error)."""
    windows = grant_windows(path, use_float=False)
    if windows is not None:
        schema, quality = PackageSchemaRun(windows.metadata), QualityRun()
        try:
            for window in windows:
                schema.add(window, window.start)
                quality.add(window)
        except NotReadInWindows:
            schema.valid = False
        if schema.valid:
            return _problems(
                schema.schema_errors(),
                schema.codelist_errors,
                schema.duplicate_ids(),
                quality.notices(),
            )
    with path.open("rb") as raw:
        return package_problems(json.load(raw, parse_float=Decimal))


def _problems(schema_found, codelist_found, duplicate_ids, notices) -> list[str]:
    problems = [f"{error.path or 'package'}: {error.message}" for error in schema_found]
    problems += [f"{error.path or 'package'}: {error.message}" for error in codelist_found]
    problems += [f"grant id used more than once: {grant_id}" for grant_id in duplicate_ids]
    problems += [f"{notice.check}: {notice.message}" for notice in notices if notice.critical]
    return problems


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def publish_open_data_files(on_grant=None) -> dict[str, PublishedFile]:
    """Write every publishable grant to a new 360Giving JSON package and, from it, the grants
    sheet as CSV and as XLSX; make the three the files offered. Returns them by format.

    The JSON is written one grant at a time to a temporary folder, so the download page never
    offers half a file, and the spreadsheets are written from it row by row. The check (see
    `written_package_problems`) and the grants search read it back a window of grants at a
    time, so memory does not grow with the programme. If the check fails, or the spreadsheets cannot
    hold every value in it, PublicationRefused is raised, nothing is saved and the previous files
    stay on offer. The grants search's programme grants become the published ones, in the same
    transaction as the files.
    """
    with tempfile.TemporaryDirectory(prefix="opendata-") as directory:
        folder = Path(directory)
        files = {file_format: folder / f"grants-360giving.{file_format}" for file_format in FORMATS}
        package_path = files[PublishedFile.Format.JSON]
        try:
            with package_path.open("w", encoding="utf-8") as text:
                summary = write_package(text, grants_to_export(), on_grant=on_grant)
        except NoFunderId as error:
            raise PublicationRefused([str(error)]) from error
        problems = written_package_problems(package_path)
        if problems:
            raise PublicationRefused(problems)
        try:
            flat.write_spreadsheets(
                package_path,
                csv_path=files[PublishedFile.Format.CSV],
                xlsx_path=files[PublishedFile.Format.XLSX],
            )
        except flat.CannotFlatten as error:
            raise PublicationRefused([str(error)]) from error
        digests = {file_format: _sha256(path) for file_format, path in files.items()}
        generated_at = timezone.now()
        published = {}
        # The three files and their rows together or not at all: a rollback deletes the files.
        with atomic_with_files():
            for file_format, path in files.items():
                published[file_format] = _save(
                    file_format, path, digests[file_format], summary, generated_at
                )
            replace_programme_grants(grants_in_file(package_path, use_float=False))
    return published


def _save(file_format, path: Path, sha256: str, summary, generated_at) -> PublishedFile:
    """Store one file and its row, and record it (inside the caller's transaction)."""
    size = path.stat().st_size
    published = PublishedFile(
        format=file_format,
        size_bytes=size,
        grants_written=summary.written,
        grants_skipped=dict(summary.skipped),
        generated_at=generated_at,
    )
    with path.open("rb") as handle:
        save_file(published.file, path.name, File(handle))
    published.save()
    record(
        actor=None,
        actor_label=ACTOR,
        action="opendata.published",
        target=published,
        after={
            "format": file_format,
            "file": published.file.name,
            "size_bytes": size,
            "sha256": sha256,
            "grants_written": summary.written,
            "grants_skipped": dict(summary.skipped),
        },
    )
    return published
