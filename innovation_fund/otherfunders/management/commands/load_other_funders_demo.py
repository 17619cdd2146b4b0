"""Import the three real 360Giving files in the shared data, for the demonstration.

They are real published grants (see 360giving/SOURCE.md): two charitable trusts' files and UK
central government's grant awards for 2016-17. A file already imported is left alone.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from innovation_fund.otherfunders import services
from innovation_fund.otherfunders.models import ImportedFile

SAMPLES = Path(settings.OPENDATA_STANDARD_DIR) / "samples"
REAL_FILES = [
    (
        "abct-a001p00000zgyHZAAY.json",
        "A B Charitable Trust",
        "https://abcharitabletrust.org.uk/uploads/ABCT-360-Giving-Data.xlsx",
        "CC BY 4.0",
    ),
    (
        "alwf-a003W000001B7PzQAK.json",
        "Andrew Lloyd Webber Foundation",
        "http://andrewlloydwebberfoundation.com/downloads/"
        "final-360-file-for-website-grants-and-scholarships-feb-2021-updated.xlsx",
        "CC BY 4.0",
    ),
    (
        "ggis-grant-awards-2016-17.json",
        "Cabinet Office (Government Grants Information System)",
        "https://www.gov.uk/government/publications/government-grants-data-and-statistics",
        "Open Government Licence v3.0",
    ),
]


class Command(BaseCommand):
    help = "Import the real 360Giving files held in the shared data as other funders' grants."

    def handle(self, *args, **options):
        for file_name, publisher, url, licence in REAL_FILES:
            path = SAMPLES / file_name
            if ImportedFile.objects.filter(
                original_name=file_name, status=ImportedFile.Status.IMPORTED
            ).exists():
                self.stdout.write(f"{file_name}: imported already")
                continue
            result = services.import_path(
                path, publisher_name=publisher, source_url=url, licence=licence
            )
            if result.counts is None:
                self.stderr.write(f"{file_name}: {result.imported_file.get_status_display()}")
                continue
            self.stdout.write(f"{file_name}: {result.counts.added} grants added from {publisher}")
