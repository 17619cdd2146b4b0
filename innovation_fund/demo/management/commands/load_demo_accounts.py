from django.conf import settings
from django.core.management import BaseCommand, CommandError

from innovation_fund.demo.accounts import load_demo_accounts


class Command(BaseCommand):
    help = "Development only: demonstration accounts of every role and an open demonstration round."

    def add_arguments(self, parser):
        parser.add_argument(
            "--even-without-debug",
            action="store_true",
            help="Load them although DEBUG is off (for a private test deployment only)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["even_without_debug"]:
            raise CommandError("Demonstration accounts are for development: set DJANGO_DEBUG=true")
        for line in load_demo_accounts():
            self.stdout.write(line)
