"""Produce the open data files the download page offers, now (the same work as the task)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from innovation_fund.opendata.export import grants_to_export
from innovation_fund.opendata.models import PublishedFile
from innovation_fund.opendata.services import PublicationRefused, publish_open_data_files


class Command(BaseCommand):
    help = "Write the 360Giving files (JSON, CSV and XLSX) that /open-data/ offers for download."

    def handle(self, *args, **options):
        with tqdm(total=grants_to_export().count(), unit="grant", file=self.stderr._out) as bar:
            try:
                published = publish_open_data_files(on_grant=lambda _: bar.update())
            except PublicationRefused as error:
                raise CommandError(error.message) from error
            bar.update(bar.total - bar.n)  # the grants left out
        package = published[PublishedFile.Format.JSON]
        skipped = sum(package.grants_skipped.values())
        sizes = ", ".join(
            f"{file_format.upper()} {file.size_bytes:,} bytes"
            for file_format, file in published.items()
        )
        self.stdout.write(
            f"Published {package.grants_written} grants in the 360Giving files ({sizes}); "
            f"{skipped} left out"
        )
