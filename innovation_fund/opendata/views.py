"""The public open data page and its download, no sign-in needed."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import export
from .models import PublishedFile

SKIP_REASONS = {
    export.SKIPPED_UNKNOWN_AMOUNT: "the sources give no amount, which the standard requires",
    export.SKIPPED_NO_AWARD_DATE: "the sources give neither the date nor the year of the award",
    export.SKIPPED_NOT_PUBLISHED: "the project is not published",
    export.SKIPPED_DEMONSTRATION: "they belong to a demonstration round, which is not real",
    export.SKIPPED_NOT_YET_AWARDED: "they were announced for a day still to come",
}


def _latest() -> PublishedFile | None:
    return PublishedFile.objects.filter(format=PublishedFile.Format.JSON).first()


@require_GET
def open_data(request):
    published = _latest()
    skipped = []
    if published:
        skipped = [
            {"count": count, "why": SKIP_REASONS.get(reason, reason)}
            for reason, count in sorted(published.grants_skipped.items())
        ]
    return render(
        request,
        "opendata/open_data.html",
        {"published": published, "skipped": skipped, "licence_url": export.LICENCE_URL},
    )


@require_GET
def download_json(request):
    published = _latest()
    if published is None:
        raise Http404("The file has not been produced yet")
    try:
        handle = published.file.open("rb")
    except OSError:  # FileNotFoundError included: the stored file has gone
        raise Http404("The file is missing") from None
    return FileResponse(
        handle,
        content_type="application/json",
        as_attachment=True,
        filename=f"cscip-grants-360giving-{published.generated_at:%Y-%m-%d}.json",
    )
