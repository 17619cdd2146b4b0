"""Producing the open data files. Runs in the background (see tasks.py) or from a command."""

import hashlib
import tempfile

from django.core.files import File
from django.db import transaction

from innovation_fund.core.audit import record

from .export import grants_to_export, write_package
from .models import PublishedFile

ACTOR = "open data publisher"


def publish_360giving_json(on_grant=None) -> PublishedFile:
    """Write every publishable grant to a new 360Giving JSON file and make it the one offered.

    The file is written to a temporary file first, one grant at a time, so memory stays flat
    however many grants there are, and the download page never offers half a file.
    """
    with tempfile.TemporaryFile("w+b") as raw:
        with open(raw.fileno(), "w", encoding="utf-8", closefd=False) as text:
            summary = write_package(text, grants_to_export(), on_grant=on_grant)
        size = raw.seek(0, 2)
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
