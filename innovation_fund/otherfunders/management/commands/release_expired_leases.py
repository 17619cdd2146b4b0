"""Give up the checks and imports whose worker died (their lease expired), for cron. The import
pages and the worker do this too; this is for an installation that wants it on a timer."""

from django.core.management.base import BaseCommand

from innovation_fund.otherfunders.leases import release_expired_leases


class Command(BaseCommand):
    help = (
        "Give up every check or import of another funder's file whose lease has expired (its "
        "worker died), so the programme team can ask for it again from the file's page."
    )

    def handle(self, *args, **options):
        released = release_expired_leases()
        for imported_file in released:
            self.stdout.write(
                f"Given up: {imported_file} (now {imported_file.get_status_display()})"
            )
        self.stdout.write(f"{len(released)} given up.")
