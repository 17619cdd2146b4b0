"""Producing the open data files. Runs in the background (see tasks.py) or from a command."""

import hashlib
import json
import tempfile

from django.core.files import File
from django.db import transaction

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError

from .export import NoFunderId, grants_to_export, write_package
from .models import PublishedFile
from .quality import run_quality_checks
from .standard import closed_codelist_errors, duplicate_grant_ids, schema_errors

ACTOR = "open data publisher"
PROBLEMS_SHOWN = 5
PROBLEM_LENGTH = 200  # a schema message can quote a whole grant


class PublicationRefused(DomainError):
    """The new file failed a check, so it is not offered; the previous file stays on offer."""

    def __init__(self, problems: list[str]):
        shown = "; ".join(_shorten(problem) for problem in problems[:PROBLEMS_SHOWN])
        more = len(problems) - PROBLEMS_SHOWN
        extra = f" (and {more} more)" if more > 0 else ""
        super().__init__(f"The open data file was not published: {shown}{extra}")
        self.problems = problems


def _shorten(problem: str) -> str:
    return problem if len(problem) <= PROBLEM_LENGTH else problem[: PROBLEM_LENGTH - 1] + "…"


def package_problems(package: dict) -> list[str]:
    """Why a package may not be offered: the standard's schema, its closed code lists, grant ids
    used twice and the critical quality checks. Empty when it may be offered."""
    problems = [f"{error.path or 'package'}: {error.message}" for error in schema_errors(package)]
    problems += [
        f"{error.path or 'package'}: {error.message}" for error in closed_codelist_errors(package)
    ]
    problems += [
        f"grant id used more than once: {grant_id}" for grant_id in duplicate_grant_ids(package)
    ]
    grants = package.get("grants") if isinstance(package, dict) else None
    problems += [
        f"{notice.check}: {notice.message}"
        for notice in run_quality_checks(grants if isinstance(grants, list) else [])
        if notice.critical
    ]
    return problems


def publish_360giving_json(on_grant=None) -> PublishedFile:
    """Write every publishable grant to a new 360Giving JSON file and make it the one offered.

    The file is written to a temporary file first, one grant at a time, so memory stays flat
    however many grants there are, and the download page never offers half a file. The file is
    then checked (see `package_problems`); if it fails, PublicationRefused is raised, nothing is
    saved and the previously published file stays on offer.
    """
    with tempfile.TemporaryFile("w+b") as raw:
        try:
            with open(raw.fileno(), "w", encoding="utf-8", closefd=False) as text:
                summary = write_package(text, grants_to_export(), on_grant=on_grant)
        except NoFunderId as error:
            raise PublicationRefused([str(error)]) from error
        size = raw.seek(0, 2)
        raw.seek(0)
        problems = package_problems(json.load(raw))
        if problems:
            raise PublicationRefused(problems)
        raw.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: raw.read(64 * 1024), b""):
            digest.update(chunk)
        raw.seek(0)
        with transaction.atomic():
            published = PublishedFile(
                format=PublishedFile.Format.JSON,
                size_bytes=size,
                grants_written=summary.written,
                grants_skipped=dict(summary.skipped),
            )
            published.file.save("grants-360giving.json", File(raw), save=False)
            published.save()
            record(
                actor=None,
                actor_label=ACTOR,
                action="opendata.published",
                target=published,
                after={
                    "file": published.file.name,
                    "size_bytes": size,
                    "sha256": digest.hexdigest(),
                    "grants_written": summary.written,
                    "grants_skipped": dict(summary.skipped),
                },
            )
    return published
