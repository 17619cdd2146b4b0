"""Exporting the programme's grants as its open data, beside its floor, in the same run.

The service's work: `manage.py publish_open_data` as the background task runs it (write every
publishable grant to a 360Giving JSON package one at a time, check the package against the
schema, code lists and quality checks, write the CSV and XLSX grants sheets from it, store the
three files and make the grants search's programme grants the published ones), in a process of
its own so its peak memory (RSS) is its own.

The floor: the least work for the same JSON result in plain Python and the same database: read
the same grants' columns (with their places) in one query and write a package of the same
shape, one dict per grant, with `json.dump`. No checks, no spreadsheets, no search, no Django
models.

At national scale the programme's grants include one for each synthetic project
(bench/projects.py), every one labelled "not real" through its project and recipient.
"""

import json
import tempfile
import time
from dataclasses import asdict, dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Max

from innovation_fund.core.dates import london_today
from innovation_fund.grants.models import Grant, Project, ProjectArea
from innovation_fund.opendata.models import PublishedFile
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import Programme, Round

from .measure import RateBesideFloor, run_script

MB = 1024 * 1024

# As opendata/export.py writes them (the floor writes the same shape, not through its code).
GEO_CODE_TYPES = {"E06": "UA", "E08": "MD", "E09": "LONB", "E10": "CTY"}
INTERNAL_ORG_PREFIX = "360G-cscip-org-"


@dataclass(frozen=True)
class ExportResult(RateBesideFloor):
    grants: int
    json_mb: float
    seconds: float
    startup_seconds: float
    floor_seconds: float
    floor_json_mb: float
    peak_mb: float

    @property
    def ratio_after_startup(self) -> float | None:
        """The ratio had starting Django cost nothing: the work itself beside the floor. None
        where the command took no longer than starting Django did (too little work to tell)."""
        working = self.seconds - self.startup_seconds
        return self.floor_seconds / working if working > 0 else None

    def as_dict(self) -> dict:
        after_startup = self.ratio_after_startup
        return {
            **asdict(self),
            **self.rates(),
            "ratio_after_startup": None if after_startup is None else round(after_startup, 3),
        }


def measure_export() -> ExportResult:
    """Publish the open data once with the command, timed, beside the floor's best of two."""
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        path = Path(folder) / "floor.json"
        # The better of two: the first also reads the tables into the page cache, for both.
        floor_seconds, floor_grants = min(floor(path) for _ in range(2))
        floor_mb = path.stat().st_size / MB
    last_published = PublishedFile.objects.aggregate(last=Max("pk"))["last"] or 0
    startup = min(command(["check"])[0] for _ in range(2))  # the better of two, as the floor
    seconds, peak_mb = command(["publish_open_data"])
    package = PublishedFile.objects.filter(
        pk__gt=last_published, format=PublishedFile.Format.JSON
    ).first()
    if package is None:
        raise RuntimeError("publish_open_data published no JSON package")
    if package.grants_written != floor_grants:
        raise RuntimeError(
            f"The floor wrote {floor_grants:,} grants and the export {package.grants_written:,}: "
            "the floor no longer picks the grants the export publishes"
        )
    return ExportResult(
        grants=package.grants_written,
        json_mb=round(package.size_bytes / MB, 2),
        seconds=round(seconds, 2),
        startup_seconds=round(startup, 2),
        floor_seconds=round(floor_seconds, 4),
        floor_json_mb=round(floor_mb, 2),
        peak_mb=round(peak_mb, 1),
    )


def _floor_sql() -> str:
    tables = {
        "grant": Grant._meta.db_table,
        "project": Project._meta.db_table,
        "organisation": Organisation._meta.db_table,
        "round": Round._meta.db_table,
        "programme": Programme._meta.db_table,
        "area": ProjectArea._meta.db_table,
        "authority": LocalAuthority._meta.db_table,
    }
    # The grants opendata/export.py publishes (`skip_reason`): a public project (published, in
    # no round or one neither a draft nor a demonstration), a known amount, an award date (or
    # year) not still to come.
    return """
        SELECT g.id, p.slug, p.name, p.summary, p.practice_description, g.amount_pence,
               g.awarded_on, g.award_year, g.created_at,
               COALESCE(g.starts_on, p.starts_on), COALESCE(g.ends_on, p.ends_on),
               o.org_id, o.slug, o.name, o.charity_number, o.company_number, o.postcode,
               r.slug, r.name, pg.funder_org_id, pg.funder_name, a.id, a.name, a.gss_code
        FROM {grant} g
        JOIN {project} p ON p.id = g.project_id
        JOIN {organisation} o ON o.id = g.recipient_id
        JOIN {round} r ON r.id = g.round_id
        JOIN {programme} pg ON pg.id = r.programme_id
        LEFT JOIN {round} pr ON pr.id = p.round_id
        LEFT JOIN {area} pa ON pa.project_id = p.id
        LEFT JOIN {authority} a ON a.id = pa.authority_id
        WHERE p.is_published = %s
          AND (p.round_id IS NULL OR (pr.state <> %s AND pr.is_demonstration = %s))
          AND g.amount_pence IS NOT NULL
          AND (g.awarded_on IS NOT NULL OR g.award_year IS NOT NULL)
          AND (g.awarded_on IS NULL OR g.awarded_on <= %s)
        ORDER BY g.id, pa.involvement, a.name
    """.format(**tables)  # noqa: S608 - our own tables' names, no input


def _text(value) -> str:
    return value if isinstance(value, str) else value.isoformat()


def _record(rows: list[tuple], base_url: str, id_prefix: str) -> dict:
    (
        _,
        slug,
        name,
        summary,
        practice,
        amount_pence,
        awarded_on,
        award_year,
        created_at,
        starts_on,
        ends_on,
        org_id,
        org_slug,
        org_name,
        charity_number,
        company_number,
        postcode,
        round_slug,
        round_name,
        funder_org_id,
        funder_name,
        *_,
    ) = rows[0]
    recipient = {"id": org_id or INTERNAL_ORG_PREFIX + org_slug, "name": org_name}
    if charity_number:
        recipient["charityNumber"] = charity_number
    if company_number:
        recipient["companyNumber"] = company_number
    if postcode:
        recipient["postalCode"] = postcode
    record = {
        "id": id_prefix + slug,
        "title": name or f"{round_name} project led by {org_name}",
        "description": (summary or practice).strip(),
        "currency": "GBP",
        "amountAwarded": amount_pence / 100 if amount_pence % 100 else amount_pence // 100,
        "awardDate": _text(awarded_on) if awarded_on else f"{award_year}-01-01",
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": funder_org_id, "name": funder_name}],
        "grantProgramme": [{"code": round_slug, "title": round_name}],
    }
    dates = {}
    if starts_on:
        dates["startDate"] = _text(starts_on)
    if ends_on:
        dates["endDate"] = _text(ends_on)
    if dates:
        record["plannedDates"] = [dates]
    locations = {}
    for *_, authority_id, authority_name, gss_code in rows:
        if authority_id is not None and authority_id not in locations:
            location = {"name": authority_name, "geoCode": gss_code}
            if gss_code[:3] in GEO_CODE_TYPES:
                location["geoCodeType"] = GEO_CODE_TYPES[gss_code[:3]]
            locations[authority_id] = location
    if locations:
        record["beneficiaryLocation"] = list(locations.values())
    record["dateModified"] = _text(created_at)
    record["dataSource"] = f"{base_url}/projects/{slug}/"
    return record


def floor(path: Path) -> tuple[float, int]:
    """Seconds taken to write the floor's package to `path`, and the grants it holds."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(_floor_sql(), [True, Round.State.DRAFT, False, london_today()])
        rows = cursor.fetchall()
    base_url = settings.SERVICE_BASE_URL.rstrip("/")
    grants = [
        _record(list(group), base_url, settings.OPENDATA_GRANT_ID_PREFIX)
        for _, group in groupby(rows, key=itemgetter(0))
    ]
    package = {
        "version": "1.4",
        "license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "publisher": {"name": grants[0]["fundingOrganization"][0]["name"] if grants else ""},
        "grants": grants,
    }
    with path.open("w", encoding="utf-8") as handle:
        json.dump(package, handle, ensure_ascii=False)
    return time.perf_counter() - started, len(grants)


def command(arguments: list[str]) -> tuple[float, float]:
    """Seconds a manage.py command takes, and the most memory (RSS) its own process held, in MB."""
    return run_script(settings.BASE_DIR / "manage.py", arguments)
