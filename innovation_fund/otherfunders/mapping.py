"""One schema-valid 360Giving grant (a dict) as the fields of an OtherFunderGrant.

Only called on grants from a file that passed the checks, so required fields are there; optional
ones may be missing. The grant as published is kept whole in `data`.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from innovation_fund.opendata.search_index import GrantToIndex

from .models import OtherFunderGrantLocation

BENEFICIARY = OtherFunderGrantLocation.Kind.BENEFICIARY
RECIPIENT = OtherFunderGrantLocation.Kind.RECIPIENT


@dataclass(frozen=True)
class Place:
    kind: str
    geo_code: str
    geo_code_type: str
    name: str


def content_sha256(grant: dict) -> str:
    canonical = json.dumps(grant, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def grant_fields(grant: dict) -> dict:
    funder = _first(grant.get("fundingOrganization"))
    recipient = _first(grant.get("recipientOrganization"))
    programme = _first(grant.get("grantProgramme"))
    return {
        "grant_id": grant["id"],
        "title": _text(grant.get("title")),
        "description": _text(grant.get("description")),
        "currency": _text(grant.get("currency"))[:3],
        "amount_awarded_minor": minor_units(grant["amountAwarded"]),
        "award_date": award_day(grant["awardDate"]),
        "funder_org_id": _text(funder.get("id"))[:200],
        "funder_name": _text(funder.get("name"))[:500],
        "recipient_org_id": _text(recipient.get("id"))[:200],
        "recipient_name": _text(recipient.get("name"))[:500],
        "to_individual": "recipientIndividual" in grant and not recipient,
        "programme_title": _text(programme.get("title"))[:500],
        "data": grant,
        "content_sha256": content_sha256(grant),
    }


def places(grant: dict) -> list[Place]:
    """Every location with a geographic code: where the grant benefits, and where the
    recipient organisation is."""
    found = [_place(BENEFICIARY, location) for location in _dicts(grant.get("beneficiaryLocation"))]
    recipient = _first(grant.get("recipientOrganization"))
    found += [_place(RECIPIENT, location) for location in _dicts(recipient.get("location"))]
    return [place for place in found if place.geo_code]


def indexable(grant, found_places: list[Place], imported_file) -> GrantToIndex:
    """An imported grant (OtherFunderGrant) as the grants search holds it. A grant to a person
    shows no recipient; its page is where the file was published."""
    return GrantToIndex(
        grant_id=grant.grant_id,
        title=grant.title,
        description=grant.description,
        currency=grant.currency,
        amount_awarded_minor=grant.amount_awarded_minor,
        award_date=grant.award_date,
        funder_org_id=grant.funder_org_id,
        funder_name=grant.funder_name,
        recipient_org_id="" if grant.to_individual else grant.recipient_org_id,
        recipient_name="" if grant.to_individual else grant.recipient_name,
        page_url=imported_file.source_url,
        geo_codes=tuple(place.geo_code for place in found_places),
    )


GRANT_ID_MAX_LENGTH = 500  # OtherFunderGrant.grant_id
LARGEST_MINOR_UNITS = 2**63 - 1  # what the database's big integer holds


def unstorable_values(grant: dict) -> list[tuple[str, str]]:
    """(field, message) for values the schema allows that cannot be real or kept: a day that is
    not on the calendar (the standard's date pattern allows 2019-02-30), an amount too large
    for any grant, an id longer than we keep. Checked before import so a file either passes
    and imports whole, or is reported; never half a failure."""
    problems = []
    award_date = grant.get("awardDate")
    if isinstance(award_date, str):
        try:
            award_day(award_date)
        except ValueError:
            problems.append(("awardDate", f"{award_date!r} is not a day on the calendar"))
    amount = grant.get("amountAwarded")
    if isinstance(amount, int | float) and not isinstance(amount, bool):
        try:
            too_large = abs(minor_units(amount)) > LARGEST_MINOR_UNITS
        except (ArithmeticError, ValueError):
            too_large = True
        if too_large:
            problems.append(("amountAwarded", f"{amount!r} is too large to be a grant's amount"))
    grant_id = grant.get("id")
    if isinstance(grant_id, str) and len(grant_id) > GRANT_ID_MAX_LENGTH:
        problems.append(
            ("id", f"The id is {len(grant_id):,} characters long; at most {GRANT_ID_MAX_LENGTH}")
        )
    return problems


def minor_units(amount) -> int:
    """Hundredths of the currency (pence), rounded half up: 1000.105 is 100,011."""
    hundredths = Decimal(str(amount)) * 100
    return int(hundredths.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def award_day(value: str) -> date:
    """The day as the publisher wrote it: a date-time's own calendar day, not converted."""
    return date.fromisoformat(value[:10])


def _place(kind: str, location: dict) -> Place:
    return Place(
        kind=kind,
        geo_code=_text(location.get("geoCode")).strip()[:50],
        geo_code_type=_text(location.get("geoCodeType"))[:20],
        name=_text(location.get("name"))[:500],
    )


def _first(value) -> dict:
    items = _dicts(value)
    return items[0] if items else {}


def _dicts(value) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def _text(value) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))
