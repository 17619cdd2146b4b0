"""The 360Giving Data Quality Tool's additional checks, as notices about a list of grants.

The official tool (ThreeSixtyGiving/dataquality) runs these after schema validation. They never
make a file invalid; the ones marked critical are problems a publisher must fix (an amount of 0,
a personal email address, an award date in the future). The rules are written out in
QUALITY_CHECKS.md in the shared 360giving folder, and each check below is one rule from it, in the
same order, so it can be read and compared one at a time.

Grants are plain dicts, as in a package's "grants" list. The checks may be given grants that are
not schema-valid (an import reports everything at once), so every lookup tolerates nulls and wrong
types rather than raising.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from innovation_fund.opendata.orgid_prefixes import SELF_MADE_PREFIX, has_recognised_prefix

QUALITY = "Quality"
USEFULNESS = "Usefulness"
MAX_PATHS = 100

# (path within a grant, as JSON pointer parts) for the five dates the tool checks.
AWARD_DATE = ("awardDate",)
PLANNED_START = ("plannedDates", 0, "startDate")
PLANNED_END = ("plannedDates", 0, "endDate")
ACTUAL_START = ("actualDates", 0, "startDate")
ACTUAL_END = ("actualDates", 0, "endDate")
FIVE_DATES = (AWARD_DATE, PLANNED_START, PLANNED_END, ACTUAL_START, ACTUAL_END)

# YYYY-MM-DD, optionally followed by a time. Anything else is a format error for the schema,
# which the tool's ImpossibleDates check deliberately ignores.
DATE_SHAPE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}.*)?$", re.DOTALL)
# Tried only where a run of address characters starts: tried at every position of a long run
# with no "@", the search took time in the square of the run's length (70 s for 131,072 letters).
EMAIL_LIKE = re.compile(r"(?<![\w.-])[\w.-]+@[\w.-]+\.[\w.-]+")
UK_POSTCODE = re.compile(r"^\s*[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\s*$", re.IGNORECASE)
CHARITY_NUMBER_DIGITS = re.compile(r"[0-9]{6,7}")
TWO_LETTER_PREFIX = re.compile(r"^[A-Za-z]{2}")
COMPANY_NUMBER = re.compile(r"\w{8}")
CHARITY_ID_PREFIX = "GB-CHC-"
COMPANY_ID_PREFIX = "GB-COH-"
TITLE_MAX_LENGTH = 140


@dataclass(frozen=True)
class Notice:
    """One check that found something: what, how serious, how many grants, and where."""

    check: str  # the official tool's name, e.g. "ZeroAmountTest"
    category: str  # "Quality" or "Usefulness"
    critical: bool
    message: str  # plain English, e.g. "3 grants have an amount awarded of 0"
    count: int  # grants affected (1 for a file-level check)
    paths: tuple[str, ...]  # JSON pointers such as "grants/3/amountAwarded", the first 100


@dataclass(frozen=True)
class Hit:
    """One place a check tripped: the grant's position in the list and the JSON pointer."""

    grant: int
    path: str


Finder = Callable[[list, date], Iterable[Hit]]


@dataclass(frozen=True)
class Check:
    name: str
    category: str
    critical: bool
    describe: Callable[[int, list[Hit]], str]  # (count, hits) -> message
    find: Finder
    file_level: bool = False
    # Compares grants with each other (by their funders); every other check looks at one grant
    # at a time, so it can be run on a file's grants a window at a time (quality_run.py).
    across_grants: bool = False


CHECKS: list[Check] = []


def check(
    name: str, category: str, message: str, *, critical: bool = False, across_grants=False
) -> Callable:
    """Register a finder as a check. `message` uses {n}, {grants} and {have} (has/have)."""

    def register(find: Finder) -> Finder:
        CHECKS.append(
            Check(
                name,
                category,
                critical,
                _grant_message(message),
                find,
                across_grants=across_grants,
            )
        )
        return find

    return register


def file_check(name: str, category: str, describe: Callable, *, critical: bool = False):
    """Register a finder whose result is about the whole file (its count is 1): it compares
    grants with each other."""

    def register(find: Finder) -> Finder:
        CHECKS.append(
            Check(name, category, critical, describe, find, file_level=True, across_grants=True)
        )
        return find

    return register


# --- Reading grants safely -------------------------------------------------------------------


def _grant_message(template: str) -> Callable[[int, list[Hit]], str]:
    def describe(count: int, hits: list[Hit]) -> str:
        one = count == 1
        return template.format(
            n=count,
            grants="grant" if one else "grants",
            have="has" if one else "have",
        )

    return describe


def pointer(*parts: object) -> str:
    """A JSON pointer without the leading slash, escaping ~ and / in keys."""
    return "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _items(value: object) -> Iterator[tuple[int, dict]]:
    """(index, object) for the objects in a list; nothing for nulls or other types."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _grants(grants: list) -> Iterator[tuple[int, dict]]:
    """(index in the file, grant) for the grants that are objects. A `GrantWindow` (some of a
    file's grants) numbers its grants from where it starts in the file."""
    for index, item in enumerate(grants, getattr(grants, "start", 0)):
        if isinstance(item, dict):
            yield index, item


class GrantWindow(list):
    """Some of a file's grants, in order, starting at grant number `start` (from 0)."""

    def __init__(self, grants, start: int):
        super().__init__(grants)
        self.start = start


def _org_grants(grants: list) -> Iterator[tuple[int, dict]]:
    """Grants to organisations: those with a recipientOrganization."""
    return ((i, g) for i, g in _grants(grants) if g.get("recipientOrganization"))


def _individual_grants(grants: list) -> Iterator[tuple[int, dict]]:
    """Grants to individuals: those with a recipientIndividual."""
    return ((i, g) for i, g in _grants(grants) if g.get("recipientIndividual"))


def _present(value: object) -> bool:
    """Present means not missing, null or empty (an empty string or list carries nothing)."""
    return value not in (None, "", [], {})


def _get(grant: dict, parts: tuple) -> object:
    value: object = grant
    for part in parts:
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) and len(value) > part else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _org_ids(grant: dict, key: str) -> Iterator[tuple[int, str]]:
    """(index, id) for each organisation under `key` whose id is a string."""
    for index, org in _items(grant.get(key)):
        org_id = _text(org.get("id"))
        if org_id is not None:
            yield index, org_id


def _funder_and_recipient_ids(grant: dict) -> Iterator[tuple[str, int, str]]:
    yield from (
        ("fundingOrganization", j, org_id) for j, org_id in _org_ids(grant, "fundingOrganization")
    )
    yield from (
        ("recipientOrganization", j, org_id)
        for j, org_id in _org_ids(grant, "recipientOrganization")
    )


def _date_part(value: object) -> date | None:
    """The calendar date of a YYYY-MM-DD[Thh:mm…] string, or None if it is not a real date."""
    match = DATE_SHAPE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return date(*(int(group) for group in match.groups()))
    except ValueError:
        return None


def _dates(grant: dict, locations: Iterable[tuple]) -> Iterator[tuple[tuple, date]]:
    for parts in locations:
        day = _date_part(_get(grant, parts))
        if day is not None:
            yield parts, day


def _years_after(day: date, years: int) -> date:
    """The same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


# --- Quality / Accuracy ----------------------------------------------------------------------


@check("ZeroAmountTest", QUALITY, "{n} {grants} {have} an amount awarded of 0", critical=True)
def zero_amount(grants, today):
    for i, grant in _grants(grants):
        amount = grant.get("amountAwarded")
        if _is_number(amount) and amount == 0:
            yield Hit(i, pointer("grants", i, "amountAwarded"))


def _org_ids_where(grants, key: str, looks_wrong: Callable[[str], bool]) -> Iterator[Hit]:
    """A hit at each id of an organisation under `key` (in the given (index, grant) pairs) that
    `looks_wrong`."""
    for i, grant in grants:
        for j, org_id in _org_ids(grant, key):
            if looks_wrong(org_id):
                yield Hit(i, pointer("grants", i, key, j, "id"))


def _unrecognised(org_id: str) -> bool:
    return not has_recognised_prefix(org_id)


@check(
    "FundingOrgUnrecognisedPrefix",
    QUALITY,
    "{n} {grants} {have} a funding organisation id that does not start with a recognised "
    "org-id prefix",
)
def funding_org_unrecognised_prefix(grants, today):
    return _org_ids_where(_grants(grants), "fundingOrganization", _unrecognised)


@check(
    "RecipientOrgUnrecognisedPrefix",
    QUALITY,
    "{n} {grants} {have} a recipient organisation id that does not start with a recognised "
    "org-id prefix",
)
def recipient_org_unrecognised_prefix(grants, today):
    return _org_ids_where(_org_grants(grants), "recipientOrganization", _unrecognised)


def _charity_number_looks_wrong(number: object) -> bool:
    digits = TWO_LETTER_PREFIX.sub("", str(number))
    return not CHARITY_NUMBER_DIGITS.fullmatch(digits)


@check(
    "RecipientOrgCharityNumber",
    QUALITY,
    "{n} {grants} {have} a recipient charity number that is not 6 or 7 digits",
)
def recipient_org_charity_number(grants, today):
    return _recipient_numbers_where(grants, "charityNumber", _charity_number_looks_wrong)


def _recipient_numbers_where(grants, field_name: str, looks_wrong: Callable) -> Iterator[Hit]:
    """A hit at each recipient organisation's `field_name` that is given and `looks_wrong`."""
    for i, grant in _org_grants(grants):
        for j, org in _items(grant.get("recipientOrganization")):
            number = org.get(field_name)
            if _present(number) and looks_wrong(number):
                yield Hit(i, pointer("grants", i, "recipientOrganization", j, field_name))


@check(
    "RecipientOrgCompanyNumber",
    QUALITY,
    "{n} {grants} {have} a recipient company number that is not 8 letters or digits",
)
def recipient_org_company_number(grants, today):
    return _recipient_numbers_where(
        grants, "companyNumber", lambda number: not COMPANY_NUMBER.fullmatch(str(number))
    )


def _org_id_looks_invalid(org_id: str) -> bool:
    if org_id.startswith(CHARITY_ID_PREFIX):
        return not CHARITY_NUMBER_DIGITS.fullmatch(org_id.removeprefix(CHARITY_ID_PREFIX))
    if org_id.startswith(COMPANY_ID_PREFIX):
        return not COMPANY_NUMBER.fullmatch(org_id.removeprefix(COMPANY_ID_PREFIX))
    return False


@check(
    "OrganizationIdLooksInvalid",
    QUALITY,
    "{n} {grants} {have} a charity (GB-CHC) or company (GB-COH) org id whose number looks wrong",
)
def organization_id_looks_invalid(grants, today):
    for i, grant in _grants(grants):
        for key, j, org_id in _funder_and_recipient_ids(grant):
            if _org_id_looks_invalid(org_id):
                yield Hit(i, pointer("grants", i, key, j, "id"))


@check(
    "OrganizationIdUnexpectedChars",
    QUALITY,
    "{n} {grants} {have} an organisation id with a line break in it",
    critical=True,
)
def organization_id_unexpected_chars(grants, today):
    for i, grant in _grants(grants):
        for key, j, org_id in _funder_and_recipient_ids(grant):
            if "\n" in org_id:
                yield Hit(i, pointer("grants", i, key, j, "id"))


@check(
    "GrantIdUnexpectedChars",
    QUALITY,
    "{n} {grants} {have} a grant id with a line break in it, and will not appear in GrantNav",
    critical=True,
)
def grant_id_unexpected_chars(grants, today):
    for i, grant in _grants(grants):
        grant_id = _text(grant.get("id"))
        if grant_id is not None and "\n" in grant_id:
            yield Hit(i, pointer("grants", i, "id"))


def _describe_funders(count: int, hits: list[Hit]) -> str:
    return (
        f"The file has grants from {len(hits)} different funding organisation ids; "
        "a file should have one funder"
    )


@file_check("MoreThanOneFundingOrg", QUALITY, _describe_funders, critical=True)
def more_than_one_funding_org(grants, today):
    first_seen: dict[str, Hit] = {}
    for i, grant in _grants(grants):
        for j, org_id in _org_ids(grant, "fundingOrganization"):
            first_seen.setdefault(
                org_id, Hit(i, pointer("grants", i, "fundingOrganization", j, "id"))
            )
    if len(first_seen) > 1:
        yield from first_seen.values()


def _strings_outside_email_keys(value: object, parts: tuple) -> Iterator[tuple[tuple, str]]:
    """Every string at any depth, skipping everything under a key containing "email"."""
    if isinstance(value, str):
        yield parts, value
    elif isinstance(value, dict):
        for key, child in value.items():
            if "email" not in str(key).lower():
                yield from _strings_outside_email_keys(child, (*parts, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings_outside_email_keys(child, (*parts, index))


@check(
    "LooksLikeEmail",
    QUALITY,
    "{n} {grants} {have} text that looks like an email address outside an email field: "
    "check it is not personal data",
    critical=True,
)
def looks_like_email(grants, today):
    for i, grant in _grants(grants):
        for parts, text in _strings_outside_email_keys(grant, ()):
            if EMAIL_LIKE.search(text):
                yield Hit(i, pointer("grants", i, *parts))


@check(
    "ImpossibleDates",
    QUALITY,
    "{n} {grants} {have} a date that does not exist, such as 31 September or 29 February in "
    "a year that is not a leap year",
    critical=True,
)
def impossible_dates(grants, today):
    for i, grant in _grants(grants):
        for parts in FIVE_DATES:
            value = _get(grant, parts)
            if isinstance(value, str) and DATE_SHAPE.match(value) and _date_part(value) is None:
                yield Hit(i, pointer("grants", i, *parts))


def _start_after_end(grants, start: tuple, end: tuple):
    for i, grant in _grants(grants):
        start_day = _date_part(_get(grant, start))
        end_day = _date_part(_get(grant, end))
        if start_day and end_day and start_day > end_day:
            yield Hit(i, pointer("grants", i, *start))


@check(
    "PlannedStartDateBeforeEndDate",
    QUALITY,
    "{n} {grants} {have} a planned start date after the planned end date",
)
def planned_start_after_end(grants, today):
    return _start_after_end(grants, PLANNED_START, PLANNED_END)


@check(
    "ActualStartDateBeforeEndDate",
    QUALITY,
    "{n} {grants} {have} an actual start date after the actual end date",
)
def actual_start_after_end(grants, today):
    return _start_after_end(grants, ACTUAL_START, ACTUAL_END)


def _dates_after(grants, locations: tuple, limit: date):
    for i, grant in _grants(grants):
        for parts, day in _dates(grant, locations):
            if day > limit:
                yield Hit(i, pointer("grants", i, *parts))


@check(
    "FarFuturePlannedDates",
    QUALITY,
    "{n} {grants} {have} a planned start or end date more than 12 years in the future",
)
def far_future_planned_dates(grants, today):
    return _dates_after(grants, (PLANNED_START, PLANNED_END), _years_after(today, 12))


@check(
    "FarFutureActualDates",
    QUALITY,
    "{n} {grants} {have} an actual start or end date more than 5 years in the future",
)
def far_future_actual_dates(grants, today):
    return _dates_after(grants, (ACTUAL_START, ACTUAL_END), _years_after(today, 5))


@check("FarPastDates", QUALITY, "{n} {grants} {have} a date more than 25 years in the past")
def far_past_dates(grants, today):
    limit = _years_after(today, -25)
    for i, grant in _grants(grants):
        for parts, day in _dates(grant, FIVE_DATES):
            if day < limit:
                yield Hit(i, pointer("grants", i, *parts))


@check(
    "PostDatedAwardDates",
    QUALITY,
    "{n} {grants} {have} an award date in the future",
    critical=True,
)
def post_dated_award_dates(grants, today):
    return _dates_after(grants, (AWARD_DATE,), today)


@check(
    "RecipientIndDEI",
    QUALITY,
    "{n} {grants} to individuals {have} diversity, equity and inclusion (DEI) data, which "
    "must not be published for individuals",
    critical=True,
)
def recipient_individual_dei(grants, today):
    for i, grant in _individual_grants(grants):
        if _present(grant.get("project")):
            yield Hit(i, pointer("grants", i, "project"))


@check(
    "GeoCodePostcode",
    QUALITY,
    "{n} {grants} to individuals {have} a beneficiary location code that looks like a "
    "postcode, which could identify the person",
    critical=True,
)
def geocode_postcode(grants, today):
    for i, grant in _individual_grants(grants):
        for j, location in _items(grant.get("beneficiaryLocation")):
            code = _text(location.get("geoCode"))
            if code is not None and UK_POSTCODE.match(code):
                yield Hit(i, pointer("grants", i, "beneficiaryLocation", j, "geoCode"))


def _first_seen_differs(grants, key_field: str, value_field: str):
    """Funders whose `value_field` differs from the first one seen for the same `key_field`."""
    first: dict[str, str] = {}
    for i, grant in _grants(grants):
        for j, funder in _items(grant.get("fundingOrganization")):
            key, value = _text(funder.get(key_field)), _text(funder.get(value_field))
            if key is None or value is None:
                continue
            if first.setdefault(key, value) != value:
                yield Hit(i, pointer("grants", i, "fundingOrganization", j, value_field))


@check(
    "MultiFundingNamesForOrgId",
    QUALITY,
    "{n} {grants} {have} a funding organisation id that appears elsewhere with a different name",
    across_grants=True,
)
def multi_funding_names_for_org_id(grants, today):
    return _first_seen_differs(grants, "id", "name")


@check(
    "MultiFundingOrgIdsForName",
    QUALITY,
    "{n} {grants} {have} a funding organisation name that appears elsewhere with a different id",
    across_grants=True,
)
def multi_funding_org_ids_for_name(grants, today):
    return _first_seen_differs(grants, "name", "id")


# --- Usefulness ------------------------------------------------------------------------------


def _starts_360g(org_id: str) -> bool:
    return org_id.upper().startswith(SELF_MADE_PREFIX)


@check(
    "RecipientOrg360GPrefix",
    USEFULNESS,
    "{n} {grants} {have} a recipient organisation id starting 360G rather than an "
    "external identifier such as a charity or company number",
)
def recipient_org_360g_prefix(grants, today):
    return _org_ids_where(_org_grants(grants), "recipientOrganization", _starts_360g)


@check(
    "FundingOrg360GPrefix",
    USEFULNESS,
    "{n} {grants} {have} a funding organisation id starting 360G rather than an external "
    "identifier",
)
def funding_org_360g_prefix(grants, today):
    return _org_ids_where(_grants(grants), "fundingOrganization", _starts_360g)


@check(
    "NoRecipientOrgCompanyCharityNumber",
    USEFULNESS,
    "{n} {grants} {have} a recipient organisation with neither a company nor a charity number",
)
def no_recipient_org_company_charity_number(grants, today):
    for i, grant in _org_grants(grants):
        for j, org in _items(grant.get("recipientOrganization")):
            if not _present(org.get("companyNumber")) and not _present(org.get("charityNumber")):
                yield Hit(i, pointer("grants", i, "recipientOrganization", j))


def _has_location_code(org: dict) -> bool:
    return any(_present(place.get("geoCode")) for _, place in _items(org.get("location")))


@check(
    "IncompleteRecipientOrg",
    USEFULNESS,
    "{n} {grants} {have} a recipient organisation with no postcode and no location code",
)
def incomplete_recipient_org(grants, today):
    for i, grant in _org_grants(grants):
        for j, org in _items(grant.get("recipientOrganization")):
            if not _present(org.get("postalCode")) and not _has_location_code(org):
                yield Hit(i, pointer("grants", i, "recipientOrganization", j))


def _missing(grants, field_name: str):
    for i, grant in _grants(grants):
        if not _present(grant.get(field_name)):
            yield Hit(i, pointer("grants", i, field_name))


@check("NoGrantProgramme", USEFULNESS, "{n} {grants} {have} no grant programme")
def no_grant_programme(grants, today):
    return _missing(grants, "grantProgramme")


@check("NoBeneficiaryLocation", USEFULNESS, "{n} {grants} {have} no beneficiary location")
def no_beneficiary_location(grants, today):
    return _missing(grants, "beneficiaryLocation")


@check(
    "TitleDescriptionSame",
    USEFULNESS,
    "{n} {grants} {have} a description that is the same as the title",
)
def title_description_same(grants, today):
    for i, grant in _grants(grants):
        title, description = grant.get("title"), grant.get("description")
        if _present(title) and title == description:
            yield Hit(i, pointer("grants", i, "description"))


@check(
    "TitleLength",
    USEFULNESS,
    f"{{n}} {{grants}} {{have}} a title longer than {TITLE_MAX_LENGTH} characters",
)
def title_length(grants, today):
    for i, grant in _grants(grants):
        title = _text(grant.get("title"))
        if title is not None and len(title) > TITLE_MAX_LENGTH:
            yield Hit(i, pointer("grants", i, "title"))


@check("NoLastModified", USEFULNESS, "{n} {grants} {have} no last modified date (dateModified)")
def no_last_modified(grants, today):
    return _missing(grants, "dateModified")


@check("NoDataSource", USEFULNESS, "{n} {grants} {have} no data source (dataSource)")
def no_data_source(grants, today):
    return _missing(grants, "dataSource")


@check(
    "RecipientIndWithoutToIndividualsDetails",
    USEFULNESS,
    "{n} {grants} to individuals {have} no details of the grant's purpose and type "
    "(toIndividualsDetails)",
)
def recipient_ind_without_to_individuals_details(grants, today):
    for i, grant in _individual_grants(grants):
        if not _present(grant.get("toIndividualsDetails")):
            yield Hit(i, pointer("grants", i, "toIndividualsDetails"))


@check(
    "PlannedDurationNotPresent",
    USEFULNESS,
    "{n} {grants} {have} no planned duration, nor planned start and end dates",
)
def planned_duration_not_present(grants, today):
    for i, grant in _grants(grants):
        planned = _get(grant, ("plannedDates", 0))
        planned = planned if isinstance(planned, dict) else {}
        has_duration = _present(planned.get("duration"))
        has_both_dates = _present(planned.get("startDate")) and _present(planned.get("endDate"))
        if not (has_duration or has_both_dates):
            yield Hit(i, pointer("grants", i, "plannedDates"))


@check(
    "BeneficiaryLocationNameButNoCode",
    USEFULNESS,
    "{n} {grants} {have} a beneficiary location with a name but no geoCode",
)
def beneficiary_location_name_but_no_code(grants, today):
    for i, grant in _grants(grants):
        for j, location in _items(grant.get("beneficiaryLocation")):
            if _present(location.get("name")) and not _present(location.get("geoCode")):
                yield Hit(i, pointer("grants", i, "beneficiaryLocation", j))


def _first_recipient(grant: dict) -> dict:
    first = _get(grant, ("recipientOrganization", 0))
    return first if isinstance(first, dict) else {}


@check(
    "BeneficiaryButNotRecipientGeoData",
    USEFULNESS,
    "{n} {grants} {have} a beneficiary location but no postcode or location for the recipient",
)
def beneficiary_but_not_recipient_geo_data(grants, today):
    for i, grant in _org_grants(grants):
        recipient = _first_recipient(grant)
        if (
            _present(grant.get("beneficiaryLocation"))
            and not _present(recipient.get("postalCode"))
            and not _present(recipient.get("location"))
        ):
            yield Hit(i, pointer("grants", i, "recipientOrganization", 0))


@check(
    "RecipientGeoDataButNoBeneficiary",
    USEFULNESS,
    "{n} {grants} {have} a location for the recipient but no beneficiary location",
)
def recipient_geo_data_but_no_beneficiary(grants, today):
    for i, grant in _org_grants(grants):
        if _present(_first_recipient(grant).get("location")) and not _present(
            grant.get("beneficiaryLocation")
        ):
            yield Hit(i, pointer("grants", i, "beneficiaryLocation"))
