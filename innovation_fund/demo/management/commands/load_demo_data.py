"""Load the reference data and the real programme, in order. Safe to run again: it only adds
or corrects what differs from the files."""

from django.core.management import BaseCommand, call_command

LOADERS = ["load_places", "load_statistics", "load_programme"]


class Command(BaseCommand):
    help = "Load England's local authorities, their statistics and the real programme's projects."

    def handle(self, *args, **options):
        for loader in LOADERS:
            self.stdout.write(self.style.MIGRATE_HEADING(f"{loader}:"))
            call_command(loader, stdout=self.stdout, stderr=self.stderr)
