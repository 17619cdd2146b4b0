from pathlib import Path

from django.core.management.base import BaseCommand

from innovation_fund.places.loaders import load_authorities, load_boundaries, load_districts


class Command(BaseCommand):
    help = (
        "Load regions, local authorities, successors, boundaries and districts from the shared "
        "data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, help="Defaults to settings.SHARED_DATA_DIR")

    def handle(self, *args, data_dir=None, **options):
        for load in (load_authorities, load_boundaries, load_districts):
            report = load(data_dir)
            self.stdout.write("\n".join(report.lines()))
