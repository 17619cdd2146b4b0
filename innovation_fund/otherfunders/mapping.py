"""One schema-valid 360Giving grant (a dict) as the fields of an OtherFunderGrant.

Only called on grants from a file that passed the checks, so required fields are there; optional
ones may be missing. The grant as published is kept whole in `data`.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

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
