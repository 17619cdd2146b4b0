"""Load regions, local authorities and their successors from geo/local_authorities.csv."""

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from innovation_fund.core.loading import sync_rows

from ..models import LocalAuthority, Region, Succession
from .imports import record_import
from .report import LoadReport

DATASET = "places.authorities"
FILE = Path("geo/local_authorities.csv")


@dataclass(frozen=True)
class AuthorityRow:
    gss_code: str
    name: str
    dfe_code: str
    region_code: str
    region_name: str
    valid_from: date
    valid_to: date | None
    successors: tuple[str, ...]


def load_authorities(data_dir: Path | None = None) -> LoadReport:
    data_dir = Path(data_dir or settings.SHARED_DATA_DIR)
    path = data_dir / FILE
    report = LoadReport(DATASET)
    rows = read_authorities(path, report.problems)
    slugs = authority_slugs(rows)
    with transaction.atomic():
        report.tallies["regions"] = sync_rows(
            Region,
            key=("code",),
            wanted=_regions(rows, report.problems),
            existing=Region.objects.all(),
        )
        region_ids = dict(Region.objects.values_list("code", "id"))
        report.tallies["authorities"] = sync_rows(
            LocalAuthority,
            key=("gss_code",),
            wanted={
                (row.gss_code,): {
                    "name": row.name,
                    "slug": slugs[row.gss_code],
                    "dfe_code": row.dfe_code,
                    "region_id": region_ids[row.region_code],
                    "valid_from": row.valid_from,
                    "valid_to": row.valid_to,
                }
                for row in rows
            },
            existing=LocalAuthority.objects.all(),
        )
        authority_ids = dict(LocalAuthority.objects.values_list("gss_code", "id"))
        # The file lists every successor of each authority in it, so successions of those
        # authorities that the file no longer lists are removed.
        report.tallies["successions"] = sync_rows(
            Succession,
            key=("predecessor_id", "successor_id"),
            wanted=_successions(rows, authority_ids, report.problems),
            existing=Succession.objects.filter(
                predecessor__gss_code__in=[r.gss_code for r in rows]
            ),
            delete_missing=True,
        )
        record_import(report, data_dir=data_dir, files=[path])
    return report


def read_authorities(path: Path, problems: list[str]) -> list[AuthorityRow]:
    """The file's rows; a row that cannot be read is left out and named in `problems`."""
    rows: dict[str, AuthorityRow] = {}
    with path.open(newline="", encoding="utf-8-sig") as file:
        for line_number, raw in enumerate(csv.DictReader(file), start=2):
            try:
                row = _authority_row(raw)
            except (KeyError, ValueError) as error:
                problems.append(f"{FILE} line {line_number}: {error}")
                continue
            if row.gss_code in rows:
                problems.append(f"{FILE} line {line_number}: {row.gss_code} appears twice")
                continue
            rows[row.gss_code] = row
    return list(rows.values())


def authority_slugs(rows: list[AuthorityRow]) -> dict[str, str]:
    """A unique, readable slug for each GSS code, from the authority's name.

    Where several codes share a name (Barnsley's code changed in 2025; Buckinghamshire county
    became a unitary authority in 2020), the code still in force keeps the plain slug and the
    ended ones say when they ended: "barnsley-until-2025". If that still clashes, the code is
    added.
    """
    by_name = defaultdict(list)
    for row in rows:
        by_name[slugify(row.name)].append(row)
    slugs = {}
    for base, group in by_name.items():
        for row in group:
            ended = len(group) > 1 and row.valid_to is not None
            slugs[row.gss_code] = f"{base}-until-{row.valid_to.year}" if ended else base
    clashes = Counter(slugs.values())
    return {
        code: f"{slug}-{code.lower()}" if clashes[slug] > 1 else slug
        for code, slug in slugs.items()
    }


def _authority_row(raw: dict[str, str]) -> AuthorityRow:
    gss_code = raw["gss_code"].strip()
    if not gss_code.startswith("E") or len(gss_code) != 9:
        raise ValueError(f"{gss_code!r} is not an English GSS code")
    dfe_code = raw["dfe_la_code"].strip()
    if not (dfe_code.isdigit() and len(dfe_code) == 3):
        raise ValueError(f"{gss_code}: DfE code {dfe_code!r} is not 3 digits")
    valid_from = date.fromisoformat(raw["valid_from"].strip())
    valid_to = date.fromisoformat(raw["valid_to"]) if raw["valid_to"].strip() else None
    if valid_to is not None and valid_to < valid_from:
        raise ValueError(f"{gss_code}: valid_to {valid_to} is before valid_from {valid_from}")
    name = raw["name"].strip()
    region_code = raw["region_code"].strip()
    if not name or not region_code:
        raise ValueError(f"{gss_code}: name and region_code are required")
    return AuthorityRow(
        gss_code=gss_code,
        name=name,
        dfe_code=dfe_code,
        region_code=region_code,
        region_name=raw["region_name"].strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        successors=tuple(code.strip() for code in raw["replaced_by"].split(";") if code.strip()),
    )


def _regions(rows: list[AuthorityRow], problems: list[str]) -> dict[tuple, dict]:
    regions: dict[tuple, dict] = {}
    for row in rows:
        known = regions.setdefault((row.region_code,), {"name": row.region_name})
        if known["name"] != row.region_name:
            problems.append(
                f"{row.gss_code}: region {row.region_code} is named {row.region_name!r} here "
                f"and {known['name']!r} elsewhere; kept the first"
            )
    return regions


def _successions(
    rows: list[AuthorityRow], authority_ids: dict[str, int], problems: list[str]
) -> dict[tuple, dict]:
    successions = {}
    for row in rows:
        for position, code in enumerate(row.successors):
            if code not in authority_ids:
                problems.append(f"{row.gss_code}: successor {code} is not a known authority")
                continue
            successions[(authority_ids[row.gss_code], authority_ids[code])] = {"position": position}
    return successions
