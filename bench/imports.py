"""Importing another funder's 360Giving file, beside its floor, in the same run.

The service's work: `import_360giving` as a programme manager would run it (store the file,
read it, check it against the schema, code lists and quality checks, then import every grant
and index it for the search), in a process of its own so its peak memory is its own.

The floor: the least work for the same result in plain Python and the same database: parse the
same file and insert the same columns of every grant in one transaction, in a table of its own.

Every grant is made up and says so ("not real").
"""

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from innovation_fund.opendata.search_index import remove_other_funders_grants
from innovation_fund.otherfunders.models import ImportedFile, OtherFunderGrant

from .measure import RateBesideFloor, run_script

PUBLISHER = "Synthetic funder for make bench (not real)"
MEMORY_TARGET_MB = 300  # issue 14: a 50 MB file in at most 300 MB


@dataclass(frozen=True)
class ImportResult(RateBesideFloor):
    grants: int
    file_mb: float
    seconds: float
    startup_seconds: float
    floor_seconds: float
    peak_mb: float

    def as_dict(self) -> dict:
        return {**asdict(self), **self.rates()}


def synthetic_grant(number: int, run: str) -> dict:
    return {
        "id": f"360G-bench-import-{run}-{number:07d}",
        "title": f"Support for families, grant {number} (not real)",
        "description": "Family support workers and group sessions for parents (not real).",
        "currency": "GBP",
        "amountAwarded": 1000 + number % 90_000,
        "awardDate": f"20{10 + number % 14:02d}-0{1 + number % 9}-1{number % 9}",
        "recipientOrganization": [
            {"id": f"GB-CHC-{1_000_000 + number % 50_000}", "name": "A charity (not real)"}
        ],
        "fundingOrganization": [{"id": "GB-CHC-9999999", "name": PUBLISHER}],
        "beneficiaryLocation": [{"geoCode": "E09000012", "geoCodeType": "LONB", "name": "Hackney"}],
    }


def write_file(folder: Path, grants: int, run: str) -> Path:
    path = folder / f"bench-import-{run}.json"
    with path.open("w", encoding="utf-8") as handle:
        json.dump({"grants": [synthetic_grant(n, run) for n in range(grants)]}, handle)
    return path


def measure_import(folder: Path, grants: int) -> ImportResult:
    run = str(int(time.time()))
    path = write_file(folder, grants, run)
    file_mb = path.stat().st_size / 1e6
    try:
        floor_seconds = _floor(path)
        startup = _command(["check"])[0]
        seconds, peak_mb = _command(["import_360giving", str(path), "--publisher", PUBLISHER])
        imported = ImportedFile.objects.filter(original_name=path.name).first()
        if imported is None or imported.status != ImportedFile.Status.IMPORTED:
            raise RuntimeError(f"The bench's file was not imported: {imported and imported.status}")
    finally:
        path.unlink(missing_ok=True)
        _forget(path.name)
    return ImportResult(
        grants=grants,
        file_mb=round(file_mb, 1),
        seconds=round(seconds, 2),
        startup_seconds=round(startup, 2),
        floor_seconds=round(floor_seconds, 3),
        peak_mb=round(peak_mb, 1),
    )


def _floor(path: Path) -> float:
    started = time.perf_counter()
    with path.open("rb") as handle:
        grants = json.load(handle)["grants"]
    rows = [
        (
            grant["id"],
            grant["title"],
            grant["description"],
            grant["currency"],
            round(grant["amountAwarded"] * 100),
            grant["awardDate"],
            grant["fundingOrganization"][0]["id"],
            grant["recipientOrganization"][0]["id"],
            json.dumps(grant),
        )
        for grant in grants
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_floor_grants (grant_id varchar(500) PRIMARY KEY, "
            "title text, description text, currency varchar(3), amount bigint, "
            "award_date date, funder varchar(200), recipient varchar(200), data text)"
        )
        cursor.executemany(
            "INSERT INTO bench_floor_grants VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)", rows
        )
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor_grants")
    return elapsed


def _command(arguments: list[str]) -> tuple[float, float]:
    """Seconds a manage.py command takes, and the most memory (RSS) its own process held, in MB
    (not the bench's own, which a child's rusage would count: see measure.run_script)."""
    return run_script(settings.BASE_DIR / "manage.py", arguments)


def _forget(name: str) -> None:
    """The bench's own grants leave the bench's database, so each run starts the same."""
    files = ImportedFile.objects.filter(original_name=name)
    with transaction.atomic():
        grants = OtherFunderGrant.objects.filter(imported_file__in=files)
        grant_ids = list(grants.values_list("grant_id", flat=True))
        grants.delete()
        remove_other_funders_grants(grant_ids)
        files.delete()
