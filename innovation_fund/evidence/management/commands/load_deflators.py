from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovation_fund.evidence.deflators_loader import UnreadableDeflators, load_deflators


class Command(BaseCommand):
    help = "Load HM Treasury's GDP deflators (gdp_deflators.csv) into the service."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            help="Defaults to SHARED_DATA_DIR/evidence/gdp_deflators.csv",
        )

    def handle(self, *args, file=None, **options):
        try:
            load = load_deflators(file)
        except (UnreadableDeflators, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write("\n".join(load.lines()))
