"""Load HM Treasury's GDP deflators from `gdp_deflators.csv` into `GdpDeflator`.

`load_deflators(path=None)` is the one entry point (the demo loader and
`manage.py load_deflators [--file PATH]` both call it). The default file is
settings.SHARED_DATA_DIR / "evidence" / "gdp_deflators.csv". Limits on the file's size and row
count are decided before it is parsed; a file over them, or with any row that cannot be read,
loads nothing. Each index is kept as the Decimal written in the file; financial years are read
with `FinancialYear.parse`. Loading the same file twice changes nothing (records are keyed by
financial year and written only when a field differs).
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.input_files import read_csv
from innovation_fund.core.loading import Tally, record_data_import, upsert

from .models import GdpDeflator

DATASET = "gdp_deflators"
ACTOR_LABEL = "loader:gdp_deflators"
MOST_BYTES = 200_000
MOST_ROWS = 200
COLUMNS = ("financial_year", "index", "base_year", "release", "source_url")
# The index column holds at most 10 digits, 4 after the point (GdpDeflator.index).
MOST_INDEX = Decimal("999999.9999")


class UnreadableDeflators(ValueError):
    """The file cannot be loaded; says which row and why."""


@dataclass
class DeflatorLoad:
    file_name: str
    tally: Tally = field(default_factory=Tally)

    def lines(self) -> list[str]:
        t = self.tally
        return [
            f"{self.file_name}: {t.created} created, {t.updated} updated, {t.unchanged} unchanged"
        ]


def default_path() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "evidence" / "gdp_deflators.csv"


def _row_values(number: int, row: dict) -> tuple[int, dict]:
    missing = [name for name in COLUMNS if not row.get(name)]
    if missing:
        raise UnreadableDeflators(f"Row {number} has no {', '.join(missing)}")
    try:
        year = FinancialYear.parse(row["financial_year"]).start_year
    except ValueError as error:
        raise UnreadableDeflators(f"Row {number}: {error}") from error
    try:
        index = Decimal(row["index"])
    except InvalidOperation as error:
        raise UnreadableDeflators(f"Row {number}: {row['index']!r} is not a number") from error
    exponent = index.as_tuple().exponent
    if not index.is_finite() or index <= 0 or index > MOST_INDEX or exponent < -4:
        raise UnreadableDeflators(
            f"Row {number}: the index {row['index']} must be above 0, below 1,000,000 and "
            "have at most 4 decimal places"
        )
    values = {
        "index": index,
        "base_year": row["base_year"][:50],
        "release": row["release"][:300],
        "source_url": row["source_url"][:500],
    }
    return year, values


def load_deflators(path: Path | None = None) -> DeflatorLoad:
    """Create or update one GdpDeflator per financial year in the file, in one transaction."""
    path = Path(path) if path else default_path()
    size = path.stat().st_size
    if size > MOST_BYTES:
        raise UnreadableDeflators(f"{path.name} is {size:,} bytes; at most {MOST_BYTES:,}")
    source = read_csv(path)
    rows = source.content
    if len(rows) > MOST_ROWS:
        raise UnreadableDeflators(f"{path.name} has {len(rows):,} rows; at most {MOST_ROWS}")
    if rows and set(COLUMNS) - set(rows[0]):
        missing = ", ".join(sorted(set(COLUMNS) - set(rows[0])))
        raise UnreadableDeflators(f"{path.name} has no column {missing}")
    wanted: dict[int, dict] = {}
    for number, row in enumerate(rows, start=1):
        year, values = _row_values(number, row)
        if year in wanted:
            raise UnreadableDeflators(f"Row {number} repeats {FinancialYear(year).label}")
        wanted[year] = values
    load = DeflatorLoad(file_name=path.name)
    with transaction.atomic():
        for year, values in wanted.items():
            _, status = upsert(GdpDeflator, {"financial_year": year}, values)
            load.tally.count(status)
        if load.tally.changed:
            record_data_import(
                dataset=DATASET,
                actor_label=ACTOR_LABEL,
                file_name=path.name,
                file_sha256=source.sha256,
                summary={
                    "created": load.tally.created,
                    "updated": load.tally.updated,
                    "unchanged": load.tally.unchanged,
                },
            )
    return load
