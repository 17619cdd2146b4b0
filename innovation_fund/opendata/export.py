"""The programme's grants as a 360Giving package (JSON), written one grant at a time.

What is published, and what is left out:
- Only grants whose project the public may see (`Project.is_public`: published, in a published
  round that is not a demonstration). A grant with no project has no public page to point
  `dataSource` at, so it is not published either. These are counted but not described on the
  public page, which must not tell how many hidden grants there are.
- `amountAwarded` is the grant's current amount (after approved variations; what it kept, if it
  was handed back), and `plannedDates` its current planned dates (see `planned_dates`).
- `amountAwarded` and `awardDate` are required by the standard. A grant whose amount no source
  gives cannot be published honestly, so it is skipped and counted ("unknown amount").
- The award date: `Grant.awarded_on` when we know it (grants made through this service). The
  historical grants' sources give only the year of the award. Where a sourced announcement of
  that year names the project, its date is the award date. Otherwise, since the standard has no
  year-only form for `awardDate`, we give the earliest day the records allow (1 January of the
  year, or the programme's start or the round's closing day if later in that year) and say so in
  the grant's description, so a reader is never told a day we do not know. A grant with neither
  a date nor a year is skipped ("no award date").
- `dateModified` is a real timestamp from the records: the later of when the grant row was
  made and when the project's source file was imported, in London time with its UTC offset.
"""

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from innovation_fund.core import exact_json
from innovation_fund.core.dates import LONDON, london_today, to_london
from innovation_fund.core.links import absolute_url
from innovation_fund.core.money import format_gbp, pence_to_pounds
from innovation_fund.grants.models import Grant, ProjectArea
from innovation_fund.opendata.standard import standard_dir
from innovation_fund.organisations.identifiers import org_id_of
from innovation_fund.organisations.registers import (
    CHARITY_PREFIX,
    COMPANY_PREFIX,
    GOVERNMENT_PREFIX,
)

STANDARD_VERSION = "1.4"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
CURRENCY = "GBP"
CHUNK_SIZE = 500

# The ONS entity (first three characters of a GSS code) of an upper-tier English authority, and
# its code in the standard's geoCodeType codelist.
GEO_CODE_TYPES = {"E06": "UA", "E08": "MD", "E09": "LONB", "E10": "CTY"}

SKIPPED_UNKNOWN_AMOUNT = "unknown amount"
SKIPPED_NO_AWARD_DATE = "no award date"
SKIPPED_NOT_PUBLISHED = "project not published"
SKIPPED_NOT_YET_AWARDED = "award date still to come"


class NoFunderId(ValueError):
    """The programme's funder has no org-id and the government register has none for its name."""


@dataclass
class ExportSummary:
    """How many grants were written, and how many were left out for each reason."""

    written: int = 0
    skipped: Counter = field(default_factory=Counter)


# The funder ---------------------------------------------------------------------------------


@cache
def _government_codes(path: Path) -> dict[str, str]:
    """Name to GB-GOR code, for organisations the register shows as still existing."""
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["name"]: row["government-organisation"] for row in rows if not row["end-date"]}


def government_org_id(name: str) -> str | None:
    """`GB-GOR-<code>` for a government organisation's exact name, from the register."""
    path = standard_dir() / "reference" / "gb-gor-government-organisation.tsv"
    code = _government_codes(path).get(name)
    return f"{GOVERNMENT_PREFIX}{code}" if code else None


def funding_organization(programme) -> dict:
    org_id = programme.funder_org_id or government_org_id(programme.funder_name)
    if not org_id:
        raise NoFunderId(
            f"{programme.funder_name} has no org-id: add the programme's funder org-id first"
        )
    return {"id": org_id, "name": programme.funder_name}


# One grant ----------------------------------------------------------------------------------


def pounds(pence: int) -> Decimal:
    """Integer pence as exact pounds, never through a float: 486000000 -> 4860000,
    1250 -> 12.5, 12345678901 -> 123456789.01 (written to the JSON as those digits)."""
    return pence_to_pounds(pence)


def recipient_organization(organisation) -> dict:
    org_id = org_id_of(organisation)
    recipient = {"id": org_id, "name": organisation.name}
    if org_id.startswith(CHARITY_PREFIX):
        recipient["charityNumber"] = org_id.removeprefix(CHARITY_PREFIX)
    elif organisation.charity_number:
        recipient["charityNumber"] = organisation.charity_number
    if org_id.startswith(COMPANY_PREFIX):
        recipient["companyNumber"] = org_id.removeprefix(COMPANY_PREFIX)
    elif organisation.company_number:
        recipient["companyNumber"] = organisation.company_number
    if organisation.postcode:
        recipient["postalCode"] = organisation.postcode
    return recipient


def beneficiary_locations(project) -> list[dict]:
    """Each authority the project involved, once, with its GSS code and geoCode type."""
    locations, seen = [], set()
    for area in project.areas.all():
        authority = area.authority
        if authority.pk in seen:
            continue
        seen.add(authority.pk)
        location = {"name": authority.name, "geoCode": authority.gss_code}
        geo_code_type = GEO_CODE_TYPES.get(authority.gss_code[:3])
        if geo_code_type:
            location["geoCodeType"] = geo_code_type
        locations.append(location)
    return locations


def award_date(grant) -> tuple[date | None, bool]:
    """(The award date to publish, whether only its year is known). See the module docstring."""
    if grant.awarded_on:
        return grant.awarded_on, False
    if not grant.award_year:
        return None, False
    announced = [
        announcement.announced_on
        for announcement in grant.project.announcements.all()
        if announcement.announced_on.year == grant.award_year
    ]
    if announced:
        return min(announced), False
    # Nothing is awarded before the programme starts or before the round's bids close.
    bounds = [date(grant.award_year, 1, 1), grant.round.programme.starts_on]
    if grant.round.closes_at:
        bounds.append(to_london(grant.round.closes_at).date())
    in_year = [day for day in bounds if day and day.year == grant.award_year]
    return max(in_year), True


def date_modified(grant) -> datetime:
    moments = [grant.created_at]
    imported_from = grant.project.imported_from
    if imported_from is not None:
        moments.append(imported_from.imported_at)
    return max(moments).astimezone(LONDON)


def description(grant, year_only: bool) -> str:
    """The project's own words; failing those, a sentence made only from the facts we hold."""
    project = grant.project
    text = (project.summary or project.practice_description).strip()
    if not text:
        text = (
            f"A grant of {format_gbp(grant.amount_pence)} to {grant.recipient.name} "
            f"from {grant.round.name} of the {grant.round.programme.name}."
        )
    if year_only:
        text = text if text.endswith((".", "!", "?")) else text + "."
        text += (
            f" The records give only the year of the award ({grant.award_year}); the award date "
            "given is the earliest day they allow."
        )
    return text


def planned_dates(grant) -> list[dict]:
    """The standard's `plannedDates`: the grant's planned start and end as they stand now (an
    approved variation may have moved the end), else its project's as the source gives them.
    A date neither gives is left out, never made up."""
    project = grant.project
    starts_on = grant.starts_on or project.starts_on
    ends_on = grant.ends_on or project.ends_on
    dates = {}
    if starts_on:
        dates["startDate"] = starts_on.isoformat()
    if ends_on:
        dates["endDate"] = ends_on.isoformat()
    return [dates] if dates else []


def skip_reason(grant, awarded: date | None) -> str | None:
    """Why a grant cannot be published, or None. `awarded` is its award date (`award_date`)."""
    if grant.project is None or not grant.project.is_public:
        return SKIPPED_NOT_PUBLISHED
    if grant.amount_pence is None:
        return SKIPPED_UNKNOWN_AMOUNT
    if awarded is None:
        return SKIPPED_NO_AWARD_DATE
    if awarded > london_today():
        # Announced for a later day: published once that day comes (the standard counts a
        # future award date as a critical error).
        return SKIPPED_NOT_YET_AWARDED
    return None


def grant_record(grant, funder: dict, awarded: date, year_only: bool) -> dict:
    """One publishable grant as a 360Giving grant object (`award_date` gives the last two)."""
    project = grant.project
    record = {
        "id": f"{settings.OPENDATA_GRANT_ID_PREFIX}{project.slug}",
        "title": project.display_name,
        "description": description(grant, year_only),
        "currency": CURRENCY,
        "amountAwarded": pounds(grant.amount_pence),
        "awardDate": awarded.isoformat(),
        "recipientOrganization": [recipient_organization(grant.recipient)],
        "fundingOrganization": [funder],
        "grantProgramme": [{"code": grant.round.slug, "title": grant.round.name}],
    }
    dates = planned_dates(grant)
    if dates:
        record["plannedDates"] = dates
    locations = beneficiary_locations(project)
    if locations:
        record["beneficiaryLocation"] = locations
    record["dateModified"] = date_modified(grant).isoformat()
    record["dataSource"] = absolute_url("public:project_detail", project.slug)
    return record


# Many grants --------------------------------------------------------------------------------


def _rows(grants: Iterable[Grant]) -> Iterator[Grant]:
    """A queryset in chunks with what each grant needs fetched per chunk; other iterables as is."""
    if not isinstance(grants, QuerySet):
        yield from grants
        return
    queryset = grants.select_related(
        "project__imported_from",
        "project__lead_organisation",
        "project__round",
        "round__programme",
        "recipient",
    ).prefetch_related(
        Prefetch("project__areas", queryset=ProjectArea.objects.select_related("authority")),
        "project__announcements",
    )
    yield from queryset.iterator(chunk_size=CHUNK_SIZE)


def grant_records(grants: Iterable[Grant], summary: ExportSummary | None = None) -> Iterator[dict]:
    """360Giving grant objects for the publishable grants, one at a time.

    Grants that cannot be published are counted in `summary.skipped` by reason.
    """
    summary = summary if summary is not None else ExportSummary()
    funders: dict[int, dict] = {}
    for grant in _rows(grants):
        awarded, year_only = award_date(grant)
        reason = skip_reason(grant, awarded)
        if reason:
            summary.skipped[reason] += 1
            continue
        programme = grant.round.programme
        if programme.pk not in funders:
            funders[programme.pk] = funding_organization(programme)
        summary.written += 1
        yield grant_record(grant, funders[programme.pk], awarded, year_only)


def grants_to_export() -> QuerySet:
    """Every grant, in a stable order; `grant_records` decides which can be published."""
    return Grant.objects.order_by("pk")


def package_metadata(funder: dict | None) -> dict:
    """Everything in the package except the grants (see the package schema). The publisher is
    the funder: the programme publishes its own grants."""
    publisher = {"name": funder["name"], "identifier": funder["id"]} if funder else {"name": ""}
    publisher["website"] = settings.SERVICE_BASE_URL
    return {"version": STANDARD_VERSION, "license": LICENCE_URL, "publisher": publisher}


def write_package(
    stream,
    grants: Iterable[Grant],
    *,
    on_grant: Callable[[dict], None] | None = None,
) -> ExportSummary:
    """Write a package to a text stream, one grant at a time, so memory stays flat.

    The grants array comes last so the metadata can be written before any grant. `on_grant` is
    called after each grant is written (a progress bar, say).
    """
    summary = ExportSummary()
    records = grant_records(grants, summary)
    first = next(records, None)
    funder = first["fundingOrganization"][0] if first else None
    metadata = json.dumps(package_metadata(funder), ensure_ascii=False)
    stream.write(metadata[:-1] + ', "grants": [')
    record, separator = first, ""
    while record is not None:
        stream.write(separator + "\n" + exact_json.dumps(record))
        separator = ","
        if on_grant:
            on_grant(record)
        record = next(records, None)
    stream.write("\n]}\n")
    return summary
