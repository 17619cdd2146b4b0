from pathlib import Path

from django.core.management.base import BaseCommand

from innovation_fund.demo.loaders import load_programme
from innovation_fund.demo.loaders.reviewed import DEMO_DATA_DIR


class Command(BaseCommand):
    help = (
        "Load the Children's Social Care Innovation Programme from the shared data files and "
        "the reviewed facts in demo/demo_data. Safe to run again: unchanged data is left as "
        "it is. Names the name map does not know are reported, not guessed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, help="Folder with projects.csv and friends")
        parser.add_argument("--reviewed-dir", type=Path, default=DEMO_DATA_DIR)
        parser.add_argument("--reference-dir", type=Path, help="data/360giving/reference")

    def handle(self, *args, data_dir, reviewed_dir, reference_dir, **options):
        report = load_programme(
            data_dir=data_dir, reviewed_dir=reviewed_dir, reference_dir=reference_dir
        )
        for line in report.lines():
            self.stdout.write(line)
        if report.unmatched:
            self.stdout.write(
                self.style.WARNING(f"{len(report.unmatched)} names were not matched: see above")
            )
        self.stdout.write(self.style.SUCCESS("Changed" if report.changed else "No changes"))
