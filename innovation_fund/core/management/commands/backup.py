from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovation_fund.core.backups import BackupFailed
from innovation_fund.core.backups.operations import backup


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) holding the database and every private file (bid documents, "
        "letters, open data files, other funders' uploads, evaluation documents), with a "
        "manifest of what it holds. It can be run while the service runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            type=Path,
            help="The archive to write, or a folder to write a dated one in (default: here)",
        )

    def handle(self, *args, destination=None, **options):
        try:
            made = backup(destination)
        except BackupFailed as error:
            raise CommandError(str(error)) from None
        manifest = made.manifest
        self.stdout.write(
            f"Backed up {len(manifest.tables)} tables ({sum(manifest.tables.values()):,} rows) "
            f"and {len(manifest.files):,} private files to {made.path} "
            f"({made.path.stat().st_size:,} bytes) in {made.seconds:.1f} s."
        )
        if manifest.missing_files:
            self.stderr.write(
                f"{len(manifest.missing_files)} files named in the database were not on disk: "
                + ", ".join(manifest.missing_files[:10])
            )
