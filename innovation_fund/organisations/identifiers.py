"""An organisation's official identifier, checked and turned into an org-id (org-id.guide).

- A local authority picks its authority (one in force today). Its org-id is `GB-LAE-<code>`, the
  code coming from the official register `data/360giving/reference/gb-la-gss-map.tsv` (GSS code
  to `local-authority-eng:<code>`), never typed in. An authority whose GSS code changed with a
  boundary change but kept its name and kind (Barnsley and Sheffield in 2021) keeps its
  predecessor's register code. An authority the register does not list (the unitary councils
  created from 2019 onwards) gets an internal id, still tied to its Place.
- A charity gives its number in the Register of Charities (6 or 7 digits): `GB-CHC-<number>`.
- A company, children's services trust or mutual may give its Companies House number (8
  characters: 8 digits, or 2 letters and 6 digits): `GB-COH-<number>`.
- Anything else (a public body, university, partnership, other, or a company without a number)
  gets an internal id: `360G-cscip-org-<slug>`. `360G-` is 360Giving's prefix for identifiers a
  publisher assigns itself; `cscip` names this programme (Children's Social Care Innovation
  Programme) as the publisher; `org-` marks it as an organisation; the organisation's slug,
  which never changes once given, makes it unique.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings

from innovation_fund.core.errors import DomainError
from innovation_fund.organisations.registers import (
    CHARITY_PREFIX,
    COMPANY_PREFIX,
    Registers,
)
from innovation_fund.places.models import LocalAuthority

from .models import Organisation, OrganisationType

INTERNAL_PREFIX = "360G-cscip-org-"

CHARITY_EXAMPLE = "1000147"
COMPANY_EXAMPLE = "01234567"

_CHARITY_NUMBER = re.compile(r"[0-9]{6,7}")
_COMPANY_NUMBER = re.compile(r"[0-9]{8}|[A-Z]{2}[0-9]{6}")
_DIGITS = re.compile(r"[0-9]+")

# Which types may give which identifier. A charity must give its number; these may give a
# Companies House number if they have one.
MAY_HAVE_COMPANY_NUMBER = frozenset(
    {
        OrganisationType.COMPANY,
        OrganisationType.CHILDRENS_SERVICES_TRUST,
        OrganisationType.MUTUAL,
    }
)


class IdentifierError(DomainError):
    """An identifier that cannot be accepted, with the field it was typed in."""


@dataclass(frozen=True)
class Identifier:
    """What an organisation is identified by. `org_id` is None when it gets an internal id."""

    org_id: str | None
    field: str | None  # the form field that carried it: authority, charity_number, company_number
    authority: LocalAuthority | None = None
    charity_number: str = ""
    company_number: str = ""

    def org_id_for(self, slug: str) -> str:
        return self.org_id or internal_org_id(slug)


def internal_org_id(slug: str) -> str:
    return f"{INTERNAL_PREFIX}{slug}"


def org_id_of(organisation: Organisation) -> str:
    """The organisation's org-id as published: its official one, or else its internal id."""
    return organisation.org_id or internal_org_id(organisation.slug)


def is_internal(org_id: str | None) -> bool:
    return not org_id or org_id.startswith(INTERNAL_PREFIX)


@cache
def _registers_in(reference_dir: Path) -> Registers:
    return Registers(reference_dir)


def registers() -> Registers:
    """The official registers, read once per process."""
    return _registers_in(Path(settings.SHARED_DATA_DIR) / "360giving" / "reference")


def authority_org_id(authority: LocalAuthority) -> str | None:
    """`GB-LAE-<code>` from the register, or None if the register has no code for it."""
    org_id = registers().local_authority_org_id(authority.gss_code)
    if org_id:
        return org_id
    # The same council under a new GSS code (a boundary change): same name, same kind of area.
    for predecessor in authority.predecessors.all():
        if (
            predecessor.name == authority.name
            and predecessor.gss_code[:3] == authority.gss_code[:3]
        ):
            org_id = registers().local_authority_org_id(predecessor.gss_code)
            if org_id:
                return org_id
    return None


def _squash(text: str, prefix: str) -> str:
    """Without spaces, in capitals, and without the org-id prefix if someone pasted it."""
    squashed = "".join((text or "").split())
    if squashed.upper().startswith(prefix):
        squashed = squashed[len(prefix) :]
    return squashed


def normalise_charity_number(text: str) -> str:
    """A charity number of 6 or 7 digits (spaces ignored), or IdentifierError."""
    number = _squash(text, CHARITY_PREFIX)
    if not number:
        raise IdentifierError(
            f"Enter the charity number, like {CHARITY_EXAMPLE}", field="charity_number"
        )
    if not number.isascii() or not _CHARITY_NUMBER.fullmatch(number):
        raise IdentifierError(
            f"Enter a charity number of 6 or 7 digits, like {CHARITY_EXAMPLE}",
            field="charity_number",
        )
    return number


def normalise_company_number(text: str) -> str:
    """A Companies House number of 8 characters (spaces ignored, capitals), or IdentifierError."""
    number = _squash(text, COMPANY_PREFIX)
    if number.isascii():
        number = number.upper()
    if number.isascii() and _COMPANY_NUMBER.fullmatch(number):
        return number
    if number.isascii() and _DIGITS.fullmatch(number) and len(number) < 8:
        raise IdentifierError(
            "Enter a company number of 8 characters: add zeros to the start if yours is "
            f"shorter, like {COMPANY_EXAMPLE}",
            field="company_number",
        )
    raise IdentifierError(
        f"Enter a company number of 8 characters, like {COMPANY_EXAMPLE} or SC123456",
        field="company_number",
    )


def resolve_identifier(
    organisation_type: str,
    *,
    authority: LocalAuthority | None = None,
    charity_number: str = "",
    company_number: str = "",
    today: date,
) -> Identifier:
    """Check the one identifier this type of organisation needs and turn it into an org-id.

    The fields other types need are ignored (and not kept), so a form can show every field when
    JavaScript is off and only the relevant one is checked.
    """
    if organisation_type == OrganisationType.LOCAL_AUTHORITY:
        if authority is None:
            raise IdentifierError("Select the local authority", field="authority")
        if not authority.is_valid_on(today):
            raise IdentifierError(
                f"{authority.name} no longer exists. Select the local authority that replaced it",
                field="authority",
            )
        return Identifier(
            org_id=authority_org_id(authority), field="authority", authority=authority
        )
    if organisation_type == OrganisationType.CHARITY:
        number = normalise_charity_number(charity_number)
        return Identifier(
            org_id=f"{CHARITY_PREFIX}{number}", field="charity_number", charity_number=number
        )
    if organisation_type in MAY_HAVE_COMPANY_NUMBER and (company_number or "").strip():
        number = normalise_company_number(company_number)
        return Identifier(
            org_id=f"{COMPANY_PREFIX}{number}", field="company_number", company_number=number
        )
    if organisation_type not in OrganisationType.values:
        raise IdentifierError("Select the type of organisation", field="organisation_type")
    return Identifier(org_id=None, field=None)
