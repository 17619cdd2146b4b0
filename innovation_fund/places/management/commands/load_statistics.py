from pathlib import Path

from django.core.management.base import BaseCommand

from innovation_fund.places.loaders import load_statistics


class Command(BaseCommand):
    help = "Load DfE children's social care statistics for England and each local authority."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, help="Defaults to settings.SHARED_DATA_DIR")

    def handle(self, *args, data_dir=None, **options):
        report = load_statistics(data_dir)
        self.stdout.write("\n".join(report.lines()))
