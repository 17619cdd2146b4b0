"""Check another funder's 360Giving file and import its grants (the same as uploading it)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from innovation_fund.otherfunders import services
from innovation_fund.otherfunders.checking import Report

ERRORS_PRINTED = 20


class Command(BaseCommand):
    help = (
        "Check a 360Giving file (JSON, CSV or .xlsx) the way the official tool does and, if it "
        "has no errors, import its grants as another funder's."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--publisher", required=True, help="Who published the file")
        parser.add_argument("--url", default="", help="Where the file was published")
        parser.add_argument("--licence", default="", help="The licence the publisher gives")
        parser.add_argument(
            "--check-only", action="store_true", help="Report on the file but import nothing"
        )

    def handle(self, *args, path: Path, publisher: str, url: str, licence: str, **options):
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise CommandError(f"--url must be a web address (http or https): {url}") from None
        result = services.import_path(
            path,
            publisher_name=publisher,
            source_url=url,
            licence=licence,
            check_only=options["check_only"],
        )
        report = Report.from_json(result.imported_file.report)
        self._print_report(report)
        if not report.importable:
            status = result.imported_file.get_status_display()
            raise CommandError(f"{path.name} was not imported: {status}")
        if result.counts is None:
            self.stdout.write(f"{path.name} passed its checks; nothing imported (--check-only).")
            return
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {counts.added} grants added, {counts.changed} changed, "
                f"{counts.unchanged} unchanged."
            )
        )

    def _print_report(self, report: Report) -> None:
        write = self.stdout.write
        if report.read_error:
            write(self.style.ERROR(report.read_error))
            return
        for note in report.notes:
            write(note)
        write(f"{report.grant_count} grants, read as {report.file_format}.")
        for title, count, errors in (
            ("schema errors", report.schema_error_count, report.schema_errors),
            ("closed codelist errors", report.codelist_error_count, report.codelist_errors),
            ("values that cannot be real", report.value_error_count, report.value_errors),
        ):
            if count:
                write(self.style.ERROR(f"{count} {title}:"))
                for error in errors[:ERRORS_PRINTED]:
                    write(f"  {error['path'] or '(the file)'}: {error['message']}")
                if count > ERRORS_PRINTED:
                    write(f"  … and {count - ERRORS_PRINTED} more")
        if report.duplicate_ids:
            write(self.style.ERROR(f"Grant ids used more than once: {report.duplicate_ids}"))
        if report.own_grant_ids:
            write(
                self.style.ERROR(
                    f"{len(report.own_grant_ids)} grants are this programme's own, published "
                    "by this service; they are here already."
                )
            )
        for notice in report.notices:
            critical = " (critical)" if notice["critical"] else ""
            write(f"Notice{critical} {notice['check']}: {notice['message']}")
