"""The public open data page and its downloads, no sign-in needed."""

from typing import NamedTuple

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from innovation_fund.core.dates import to_london

from . import export
from .models import PublishedFile

# What the page says about the grants each reason leaves out. None: said nothing about, since
# even how many grants the public may not see is not the public's to know.
SKIP_REASONS = {
    export.SKIPPED_NOT_PUBLISHED: None,
    export.SKIPPED_UNKNOWN_AMOUNT: "the sources give no amount, which the standard requires",
    export.SKIPPED_NO_AWARD_DATE: "the sources give neither the date nor the year of the award",
    export.SKIPPED_NOT_YET_AWARDED: "they were announced for a day still to come",
}


class Download(NamedTuple):
    label: str  # the link's words
    name: str  # the format, beside the size
    content_type: str


# In the page's order.
DOWNLOADS = {
    PublishedFile.Format.JSON: Download(
        "Grants as a 360Giving JSON package", "JSON", "application/json"
    ),
    PublishedFile.Format.CSV: Download("Grants as a CSV file", "CSV", "text/csv; charset=utf-8"),
    PublishedFile.Format.XLSX: Download(
        "Grants as an Excel spreadsheet",
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def _latest(file_format: str) -> PublishedFile | None:
    return PublishedFile.objects.filter(format=file_format).first()


@require_GET
def open_data(request):
    published = _latest(PublishedFile.Format.JSON)
    skipped, downloads = [], []
    if published:
        skipped = [
            {"count": count, "why": SKIP_REASONS[reason]}
            for reason, count in sorted(published.grants_skipped.items())
            if SKIP_REASONS.get(reason)
        ]
        # The files published together are saved with one time (a JSON published before the
        # spreadsheets existed has none beside it).
        together = {
            file.format: file
            for file in PublishedFile.objects.filter(generated_at=published.generated_at)
        }
        for file_format, download_as in DOWNLOADS.items():
            latest = together.get(file_format)
            if latest:
                downloads.append(
                    {
                        "url": reverse(f"opendata:download_{file_format}"),
                        "label": download_as.label,
                        "name": download_as.name,
                        "size_bytes": latest.size_bytes,
                    }
                )
    return render(
        request,
        "opendata/open_data.html",
        {
            "published": published,
            "downloads": downloads,
            "spreadsheets_missing": len(downloads) < len(DOWNLOADS),
            "skipped": skipped,
            "licence_url": export.LICENCE_URL,
        },
    )


@require_GET
def download(request, file_format: str):
    """The newest file of one format, streamed from storage."""
    published = _latest(file_format)
    if published is None:
        raise Http404("The file has not been produced yet")
    try:
        handle = published.file.open("rb")
    except OSError:  # FileNotFoundError included: the stored file has gone
        raise Http404("The file is missing") from None
    day = to_london(published.generated_at).date()
    return FileResponse(
        handle,
        content_type=DOWNLOADS[file_format].content_type,
        as_attachment=True,
        filename=f"cscip-grants-360giving-{day:%Y-%m-%d}.{file_format}",
    )
