"""Write the programme's published grants to a 360Giving JSON file, with a progress bar."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from innovation_fund.opendata.export import NoFunderId, grants_to_export, write_package


class Command(BaseCommand):
    help = "Export every published grant as a 360Giving package (JSON) to the given file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Where to write the JSON file")

    def handle(self, *args, path: Path, **options):
        grants = grants_to_export()
        partial = path.with_name(path.name + ".partial")
        with tqdm(total=grants.count(), unit="grant", file=self.stderr._out) as progress:
            try:
                with partial.open("w", encoding="utf-8") as stream:
                    summary = write_package(stream, grants, on_grant=lambda _: progress.update())
                progress.update(progress.total - progress.n)  # the skipped grants
            except NoFunderId as error:
                partial.unlink(missing_ok=True)
                raise CommandError(str(error)) from error
        os.replace(partial, path)  # a reader never sees half a file
        self.stdout.write(f"Wrote {summary.written} grants to {path}")
        for reason, count in sorted(summary.skipped.items()):
            self.stdout.write(f"Skipped {count} {'grant' if count == 1 else 'grants'}: {reason}")
        if not summary.written:
            self.stderr.write(
                "No grant could be published, so the file is not valid 360Giving data"
            )
