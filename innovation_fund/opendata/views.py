"""The public open data page and its download, no sign-in needed."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import PublishedFile

SKIP_REASONS = {
    "unknown amount": "the sources give no amount, which the standard requires",
    "no award date": "the sources give neither the date nor the year of the award",
    "project not published": "the project is not published",
    "demonstration round": "they belong to a demonstration round, which is not real",
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
    return render(request, "opendata/open_data.html", {"published": published, "skipped": skipped})


@require_GET
def download_json(request):
    published = _latest()
    if published is None:
        raise Http404("The file has not been produced yet")
    response = FileResponse(
        published.file.open("rb"),
        content_type="application/json",
        as_attachment=True,
        filename=f"cscip-grants-360giving-{published.generated_at:%Y-%m-%d}.json",
    )
    response["Content-Length"] = published.size_bytes
    return response
