"""Load children's social care statistics for England and each authority from stats/.

Sources, by reporting year (the year to 31 March):

* counts of children in need (b1 `At31_episodes`) and on child protection plans
  (d5 `CPP_At31`) at 31 March, 2013–2025;
* the child population: the ONS mid-year estimate that is the denominator of that year's
  rates, i.e. mid-year Y-1 is stored under reporting year Y, 2013–2025;
* the published rates per 10,000 and the looked-after count from LAIT, 2016–2025;
* children in need and child protection plan rates for 2013–2015, derived exactly as DfE
  does: count at 31 March of Y / population of mid-year Y-1 × 10,000, to 1 decimal place.

The looked-after rate and count for 2013–2015 are in none of these files, so nothing is stored
for them. Rows from the EES files and LAIT are matched to an authority by DfE number and year,
because DfE numbers are reused across GSS code changes (825 is Buckinghamshire county until
March 2020 and the unitary authority after) and EES files sometimes re-code history.
"""

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from innovation_fund.core.loading import sync_rows

from ..models import LocalAuthority, Measure, StatisticValue
from .imports import record_import
from .report import LoadReport

DATASET = "places.statistics"

CIN_FILE = Path("stats/b1_children_in_need_2013_to_2025.csv")
CPP_FILE = Path("stats/d5_cpps_at31march_by_duration_2013_to_2025.csv")
POPULATION_FILE = Path("stats/ons_mid-year_population_estimates_2012_to_2024.csv")
LAIT_FILE = Path("stats/lait_csc_indicators_2016_2025.csv")
FILES = (CIN_FILE, CPP_FILE, POPULATION_FILE, LAIT_FILE)

FIRST_YEAR = 2013
FIRST_LAIT_YEAR = 2016
ENGLAND_DFE_CODE = "970"

LAIT_MEASURES = {
    "CIN": Measure.CHILDREN_IN_NEED_RATE,
    "CPP_rate": Measure.CHILD_PROTECTION_PLAN_RATE,
    "LAC": Measure.LOOKED_AFTER_RATE,
    "LACnum": Measure.LOOKED_AFTER,
}
DERIVED_RATES = {
    Measure.CHILDREN_IN_NEED_RATE: (Measure.CHILDREN_IN_NEED, CIN_FILE),
    Measure.CHILD_PROTECTION_PLAN_RATE: (Measure.CHILD_PROTECTION_PLANS, CPP_FILE),
}

Status = StatisticValue.Status
# EES symbols and LAIT's "-". "u" (low reliability) marks figures DfE withheld, such as
# Hampshire's 2024 return, so it counts as suppressed like "x" and "c".
SYMBOLS = {
    "x": Status.SUPPRESSED,
    "c": Status.SUPPRESSED,
    "u": Status.SUPPRESSED,
    "z": Status.NOT_APPLICABLE,
    "-": Status.NOT_AVAILABLE,
}
ONE_DECIMAL = Decimal("0.1")

# (authority id or None for England, reporting year, measure)
Key = tuple[int | None, int, str]


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    status: str


def parse_figure(text: str) -> Figure:
    """A published cell as a value to 1 decimal place, or the status its symbol stands for.

    LAIT stores some values as binary floats ("306.89999999999998"); rounding to one decimal
    place gives back the published figure.
    """
    text = text.strip()
    if text in SYMBOLS:
        return Figure(None, SYMBOLS[text])
    try:
        value = Decimal(text).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"{text!r} is neither a number nor a known symbol") from None
    return Figure(value, Status.PUBLISHED)


def rate_per_10000(count: Figure, population: Figure | None) -> Figure:
    """DfE's rate; when an input is missing, the rate takes that input's status."""
    if count.value is None:
        return Figure(None, count.status)
    if population is None:
        return Figure(None, Status.NOT_AVAILABLE)
    if not population.value:
        return Figure(None, population.status)
    value = (count.value / population.value * 10000).quantize(ONE_DECIMAL, ROUND_HALF_UP)
    return Figure(value, Status.DERIVED)


class AuthorityIndex:
    """Finds the authority a DfE number stood for in a reporting year."""

    def __init__(self, authorities: list[LocalAuthority]):
        self.by_dfe_code = defaultdict(list)
        for authority in authorities:
            self.by_dfe_code[authority.dfe_code].append(authority)
        self.by_gss_code = {authority.gss_code: authority for authority in authorities}

    def knows(self, dfe_code: str) -> bool:
        return dfe_code in self.by_dfe_code

    def for_year(self, dfe_code: str, year: int, gss_code: str = "") -> LocalAuthority | None:
        day = date(year, 3, 31)
        for authority in self.by_dfe_code.get(dfe_code, []):
            if authority.is_valid_on(day):
                return authority
        # 2013 rows already carry the codes Northumberland and Gateshead took on 1 April 2013;
        # trust the publisher's code when it is the same authority by DfE number.
        authority = self.by_gss_code.get(gss_code)
        return authority if authority and authority.dfe_code == dfe_code else None


class _Collector:
    """Gathers one figure per key and notes anything that could not be placed."""

    def __init__(self, authorities: AuthorityIndex, problems: list[str]):
        self.authorities = authorities
        self.problems = problems
        self.figures: dict[Key, tuple[Figure, str]] = {}

    def put(self, key: Key, figure: Figure, source: str) -> None:
        if key in self.figures:
            self.problems.append(f"{source}: a second figure for {_describe(key)}; kept the first")
            return
        self.figures[key] = (figure, source)

    def figure(self, key: Key) -> Figure | None:
        found = self.figures.get(key)
        return found[0] if found else None


def load_statistics(data_dir: Path | None = None) -> LoadReport:
    data_dir = Path(data_dir or settings.SHARED_DATA_DIR)
    report = LoadReport(DATASET)
    authorities = list(LocalAuthority.objects.all())
    if not authorities:
        report.problems.append("No local authorities: run load_places first.")
        return report
    collector = _Collector(AuthorityIndex(authorities), report.problems)
    _collect_ees(collector, data_dir, CIN_FILE, "At31_episodes", Measure.CHILDREN_IN_NEED)
    _collect_ees(collector, data_dir, CPP_FILE, "CPP_At31", Measure.CHILD_PROTECTION_PLANS)
    _collect_ees(
        collector,
        data_dir,
        POPULATION_FILE,
        "population_estimate",
        Measure.CHILD_POPULATION,
        year_offset=1,
    )
    _derive_early_rates(collector)
    _collect_lait(collector, data_dir)
    wanted = {
        key: {"value": figure.value, "status": figure.status, "source_file": source}
        for key, (figure, source) in collector.figures.items()
    }
    with transaction.atomic():
        # The files are the whole data set: a figure they no longer give is removed.
        report.tallies["statistics"] = sync_rows(
            StatisticValue,
            key=("authority_id", "year", "measure"),
            wanted=wanted,
            existing=StatisticValue.objects.all(),
            delete_missing=True,
        )
        record_import(report, data_dir=data_dir, files=[data_dir / path for path in FILES])
    return report


def _collect_ees(
    collector: _Collector,
    data_dir: Path,
    path: Path,
    column: str,
    measure: str,
    *,
    year_offset: int = 0,
) -> None:
    """National and local authority rows of an EES file; `year_offset` shifts to the
    reporting year (the population of mid-year Y-1 belongs to reporting year Y)."""
    for line_number, row in _csv_rows(data_dir / path):
        level = row["geographic_level"]
        if level not in ("National", "Local authority"):
            continue
        where = f"{path} line {line_number}"
        year = int(row["time_period"]) + year_offset
        if year < FIRST_YEAR:
            continue
        try:
            figure = parse_figure(row[column])
        except ValueError as error:
            collector.problems.append(f"{where}: {error}")
            continue
        if level == "National":
            collector.put((None, year, measure), figure, str(path))
            continue
        authority = collector.authorities.for_year(row["old_la_code"], year, row["new_la_code"])
        if authority is None:
            collector.problems.append(
                f"{where}: no authority had DfE number {row['old_la_code']} in {year}"
            )
            continue
        if row["new_la_code"] != authority.gss_code:
            collector.problems.append(
                f"{where}: the file says {row['new_la_code']}, the DfE number and year say "
                f"{authority.gss_code}; used {authority.gss_code}"
            )
        collector.put((authority.pk, year, measure), figure, str(path))


def _derive_early_rates(collector: _Collector) -> None:
    for rate, (count_measure, count_file) in DERIVED_RATES.items():
        source = f"{count_file} + {POPULATION_FILE}"
        counts = [
            (key, figure)
            for key, (figure, _) in collector.figures.items()
            if key[2] == count_measure and key[1] < FIRST_LAIT_YEAR
        ]
        for (authority_id, year, _), count in counts:
            population = collector.figure((authority_id, year, Measure.CHILD_POPULATION))
            collector.put((authority_id, year, rate), rate_per_10000(count, population), source)


def _collect_lait(collector: _Collector, data_dir: Path) -> None:
    for line_number, row in _csv_rows(data_dir / LAIT_FILE):
        measure = LAIT_MEASURES.get(row["measure"])
        if measure is None:
            continue
        where = f"{LAIT_FILE} line {line_number}"
        year = int(row["year"])
        dfe_code = row["dfe_la_code"]
        try:
            figure = parse_figure(row["value"])
        except ValueError as error:
            collector.problems.append(f"{where}: {error}")
            continue
        if dfe_code == ENGLAND_DFE_CODE:
            collector.put((None, year, measure), figure, str(LAIT_FILE))
            continue
        if not collector.authorities.knows(dfe_code):
            continue  # a region or Inner/Outer London
        authority = collector.authorities.for_year(dfe_code, year)
        if authority is None:
            # LAIT lists every DfE number every year; one that was not in use has no value.
            if figure.value is not None:
                collector.problems.append(
                    f"{where}: a value for DfE number {dfe_code} in {year}, when no authority "
                    "had it"
                )
            continue
        if row["gss_code"] and row["gss_code"] != authority.gss_code:
            collector.problems.append(
                f"{where}: LAIT says {row['gss_code']}, the DfE number and year say "
                f"{authority.gss_code}; used {authority.gss_code}"
            )
        collector.put((authority.pk, year, measure), figure, str(LAIT_FILE))


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as file:
        yield from enumerate(csv.DictReader(file), start=2)


def _describe(key: Key) -> str:
    authority_id, year, measure = key
    where = "England" if authority_id is None else f"authority {authority_id}"
    return f"{where}, {year}, {measure}"
