import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovation_fund.core.backups import BackupFailed, RestoreRefused
from innovation_fund.core.backups.operations import DEFAULT_MAX_RESTORE_BYTES, restore


class Command(BaseCommand):
    help = (
        "Replace the database and the private files with those in an archive made by "
        "`manage.py backup`, after checking every part of it. Stop the service and the worker "
        "first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds data without asking",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Never ask; refuse if the database holds data and --force is not given",
        )
        parser.add_argument(
            "--max-gb",
            type=float,
            default=DEFAULT_MAX_RESTORE_BYTES / 1024**3,
            help="The most the archive may expand to (default %(default)s GB)",
        )

    def handle(self, *args, archive, force, interactive, max_gb, **options):
        def may_replace_data() -> bool:
            if force:
                return True
            if not interactive or not sys.stdin.isatty():
                return False
            answer = input(
                "The database already holds data. Restoring replaces all of it, and every "
                "private file, with the backup's. Type 'yes' to go on: "
            )
            return answer.strip().lower() == "yes"

        try:
            restored = restore(
                archive, may_replace_data=may_replace_data, max_bytes=int(max_gb * 1024**3)
            )
        except (RestoreRefused, BackupFailed) as error:
            raise CommandError(str(error)) from None
        manifest = restored.manifest
        self.stdout.write(
            f"Restored the backup made at {manifest.created_at}: {len(manifest.tables)} tables "
            f"({sum(manifest.tables.values()):,} rows) and {len(manifest.files):,} private "
            f"files; {restored.files_removed} files not in the backup removed; "
            f"in {restored.seconds:.1f} s."
        )
        if restored.migrations_to_apply:
            self.stdout.write(
                f"The backup is from an earlier version: run `manage.py migrate` to apply "
                f"{restored.migrations_to_apply} migrations."
            )
