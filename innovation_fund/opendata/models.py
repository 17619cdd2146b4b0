"""Open data files the public can download, each produced in the background from the records."""

from django.db import models
from django.utils import timezone

from innovation_fund.core.storage import private_storage


class PublishedFile(models.Model):
    """One produced copy of the grants in the 360Giving Data Standard. The newest one of each
    format is what the download page offers; older ones are kept so a change can be traced.
    The three formats are produced together from the same checked JSON package."""

    class Format(models.TextChoices):
        # The value is also the file name's extension.
        JSON = "json", "360Giving JSON package"
        CSV = "csv", "360Giving grants sheet (CSV)"
        XLSX = "xlsx", "360Giving grants sheet (Excel)"

    format = models.CharField(max_length=10, choices=Format.choices)
    file = models.FileField(storage=private_storage, upload_to="opendata/%Y/%m/")
    size_bytes = models.PositiveBigIntegerField()
    grants_written = models.PositiveIntegerField()
    grants_skipped = models.JSONField(
        default=dict, help_text="How many grants were left out, by reason"
    )
    generated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-generated_at", "-id"]
        get_latest_by = "generated_at"

    def __str__(self) -> str:
        return f"{self.get_format_display()} of {self.generated_at:%Y-%m-%d %H:%M}"
