"""Produce the open data file the download page offers, now (the same work as the task)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from innovation_fund.opendata.export import grants_to_export
from innovation_fund.opendata.services import PublicationRefused, publish_360giving_json


class Command(BaseCommand):
    help = "Write the 360Giving JSON file that /open-data/ offers for download."

    def handle(self, *args, **options):
        with tqdm(total=grants_to_export().count(), unit="grant", file=self.stderr._out) as bar:
            try:
                published = publish_360giving_json(on_grant=lambda _: bar.update())
            except PublicationRefused as error:
                raise CommandError(error.message) from error
            bar.update(bar.total - bar.n)  # the grants left out
        skipped = sum(published.grants_skipped.values())
        self.stdout.write(
            f"Published {published.grants_written} grants in the 360Giving file "
            f"({published.size_bytes:,} bytes); {skipped} left out"
        )
