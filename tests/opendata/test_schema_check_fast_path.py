"""The compiled validator (jsonschema-rs) passes valid packages on its own; jsonschema words the
errors of the rest. So that the fast path can never pass a file jsonschema would refuse, the two
are held to the same answer on invalid and valid packages alike (decision 19)."""

import copy
import json
from decimal import Decimal

import pytest

from innovation_fund.opendata import standard
from innovation_fund.opendata.standard import (
    SchemaError,
    identical_grants,
    package_validator,
    passes_compiled_check,
    schema_errors,
    standard_dir,
)

SAMPLES = standard_dir() / "samples"


def a_grant(**changes) -> dict:
    grant = {
        "id": "360G-x-1",
        "title": "A grant",
        "description": "What it pays for",
        "currency": "GBP",
        "amountAwarded": 1000,
        "amountAppliedFor": 1200,
        "awardDate": "2019-04-01",
        "dateModified": "2019-04-02T10:00:00+00:00",
        "url": "https://example.org/grants/1",
        "recipientOrganization": [
            {"id": "GB-CHC-1000147", "name": "A charity", "url": "http://charity.example.org"}
        ],
        "fundingOrganization": [{"id": "GB-CHC-1015648", "name": "A funder"}],
        "plannedDates": [{"startDate": "2019-05-01", "endDate": "2020-04-30", "duration": 12}],
        "beneficiaryLocation": [
            {"name": "Leeds", "geoCode": "E08000035", "geoCodeType": "LAD", "countryCode": "GB"}
        ],
        "grantProgramme": [{"code": "P1", "title": "A programme", "url": "https://example.org/p"}],
        "dataSource": "https://example.org/grants.json",
    }
    grant.update(changes)
    return grant


def to_an_individual() -> dict:
    grant = a_grant()
    del grant["recipientOrganization"]
    grant["recipientIndividual"] = {"id": "360G-x-person-1", "name": "A person"}
    grant["toIndividualsDetails"] = {"primaryGrantReason": "GTIR040"}
    return grant


def without(grant: dict, key: str) -> dict:
    grant = copy.deepcopy(grant)
    del grant[key]
    return grant


def jsonschema_refuses(package) -> bool:
    return next(iter(package_validator().iter_errors(package)), None) is not None


def jsonschema_only(package, monkeypatch) -> list[SchemaError]:
    """What schema_errors said before the compiled validator: jsonschema on every package."""
    with monkeypatch.context() as patch:
        patch.setattr(standard, "passes_compiled_check", lambda package: False)
        return schema_errors(package)


INVALID = {
    "a wrong type": {"grants": [a_grant(amountAwarded="lots")]},
    "a null where text must be": {"grants": [a_grant(title=None)]},
    "a boolean for a number": {"grants": [a_grant(amountAwarded=True)]},
    "a missing required field": {"grants": [without(a_grant(), "awardDate")]},
    "a missing funder": {"grants": [without(a_grant(), "fundingOrganization")]},
    "a British date": {"grants": [a_grant(awardDate="01/04/2019")]},
    "a 13th month": {"grants": [a_grant(awardDate="2019-13-01")]},
    "a 30th of February in a date-time": {"grants": [a_grant(awardDate="2019-02-30T00:00:00Z")]},
    "a date-time with no offset": {"grants": [a_grant(dateModified="2019-04-02T10:00:00")]},
    # jsonschema-rs's own date-time check takes these two; jsonschema's (used here) does not.
    "a leap second": {"grants": [a_grant(dateModified="2016-12-31T23:59:60Z")]},
    "the year 0000": {"grants": [a_grant(dateModified="0000-01-01T00:00:00Z")]},
    "a web address with a space": {"grants": [a_grant(url="https://example.org/a grant")]},
    "an organisation not in a list": {
        "grants": [a_grant(recipientOrganization={"id": "GB-CHC-1", "name": "A charity"})]
    },
    "a list nested in a list": {"grants": [a_grant(plannedDates=[[{"startDate": "2019-05-01"}]])]},
    "a grant nested in a list": {"grants": [[a_grant()]]},
    "a title in a group": {"grants": [a_grant(title={"en": "A grant"})]},
    "both an organisation and an individual": {
        "grants": [
            dict(to_an_individual(), recipientOrganization=[{"id": "GB-CHC-1", "name": "A"}])
        ]
    },
    "a negative duration": {"grants": [a_grant(plannedDates=[{"duration": -1}])]},
    "a negative Decimal duration": {
        "grants": [a_grant(plannedDates=[{"duration": Decimal("-0.01")}])]
    },
    "a currency not in the list": {"grants": [a_grant(currency="gbp")]},
    "no grants": {"grants": []},
    "grants not a list": {"grants": {"0": a_grant()}},
    "no grants field": {"version": "1.4"},
    "a version that is not a number pair": {"grants": [a_grant()], "version": "1.4.3"},
}

VALID = {
    "a grant to an organisation": {"grants": [a_grant()]},
    "a grant to an individual": {"grants": [to_an_individual()]},
    "a date-time award date": {"grants": [a_grant(awardDate="2019-04-01T10:00:00+01:00")]},
    "Decimal amounts": {"grants": [a_grant(amountAwarded=Decimal("1000.50"))]},
    "a Decimal in exponent form": {"grants": [a_grant(amountAwarded=Decimal("1E+3"))]},
    "a float amount": {"grants": [a_grant(amountAwarded=1000.5)]},
    "null where null is allowed": {
        "grants": [a_grant(beneficiaryLocation=[{"name": "Leeds", "latitude": None}])]
    },
    "a Decimal latitude": {
        "grants": [a_grant(beneficiaryLocation=[{"name": "Leeds", "latitude": Decimal("53.8")}])]
    },
    "a Decimal duration of nought": {
        "grants": [a_grant(plannedDates=[{"duration": Decimal("0.0")}])]
    },
    "fields of the publisher's own": {"grants": [a_grant(Website={"Notes": "x"})]},
    "a version": {"grants": [a_grant()], "version": "1.4"},
}


@pytest.mark.parametrize("package", INVALID.values(), ids=INVALID.keys())
def test_the_compiled_validator_refuses_what_jsonschema_refuses(package, monkeypatch):
    assert jsonschema_refuses(package)
    assert not passes_compiled_check(package)
    assert schema_errors(package) == jsonschema_only(package, monkeypatch) != []


@pytest.mark.parametrize("package", VALID.values(), ids=VALID.keys())
def test_the_compiled_validator_passes_what_jsonschema_passes(package, monkeypatch):
    assert not jsonschema_refuses(package)
    assert passes_compiled_check(package)
    assert schema_errors(package) == jsonschema_only(package, monkeypatch) == []


def _every_json_sample():
    files = sorted(SAMPLES.glob("*.json")) + sorted(SAMPLES.glob("validator-fixtures/*.json"))
    return [path for path in files if path.name not in _NOT_PACKAGES]


_NOT_PACKAGES = {"registry-data_all.json", "fundingproviders-grants_malformed.json"}


@pytest.mark.parametrize("path", _every_json_sample(), ids=lambda path: path.name)
@pytest.mark.parametrize("parse_float", [float, Decimal], ids=["floats", "Decimals"])
def test_the_two_agree_on_every_sample_file(path, parse_float, monkeypatch):
    with path.open(encoding="utf-8") as handle:
        package = json.load(handle, parse_float=parse_float)
    assert passes_compiled_check(package) is not jsonschema_refuses(package)
    if len(package["grants"]) < 100:  # jsonschema takes seconds on the big ones
        assert schema_errors(package) == jsonschema_only(package, monkeypatch)


REPLACEMENTS = [
    None,
    True,
    0,
    -1,
    Decimal("-0.5"),
    Decimal("2.5"),
    1.5,
    "",
    "x",
    "2019-04-01",
    "2019-04-01T10:00:00Z",
    "2016-12-31T23:59:60Z",
    "https://example.org/a b",
    [],
    [{}],
    ["x"],
    {},
    {"x": 1},
]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _changed(grant: dict, path: tuple, replacement) -> dict:
    grant = copy.deepcopy(grant)
    parent = grant
    for part in path[:-1]:
        parent = parent[part]
    if replacement is _REMOVED:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return grant


_REMOVED = object()


@pytest.mark.parametrize("grant", [a_grant(), to_an_individual()], ids=["organisation", "person"])
def test_the_two_agree_on_every_field_of_a_grant_changed_every_way(grant):
    """Each value in a full grant, at any depth, replaced by each of a range of wrong (and some
    right) values, or removed: the compiled validator and jsonschema give the same answer."""
    disagreements = []
    for path in list(_paths(grant))[1:]:
        for replacement in [*REPLACEMENTS, _REMOVED]:
            if replacement is _REMOVED and isinstance(path[-1], int):
                continue
            package = {"grants": [_changed(grant, path, replacement)]}
            if passes_compiled_check(package) is jsonschema_refuses(package):
                disagreements.append((path, replacement))
    assert disagreements == []


def test_a_valid_package_is_not_gone_through_by_jsonschema(monkeypatch):
    def not_wanted():
        raise AssertionError("jsonschema was asked about a valid package")

    monkeypatch.setattr(standard, "package_validator", not_wanted)
    assert schema_errors({"grants": [a_grant(), a_grant(id="360G-x-2")]}) == []


def test_identical_grants_are_still_found_on_the_fast_path():
    found = schema_errors({"grants": [a_grant(), a_grant(id="360G-x-2"), a_grant()]})
    assert [error.path for error in found] == ["grants"]


def test_a_value_the_compiled_validator_cannot_take_is_left_to_jsonschema(monkeypatch):
    """Bytes (or a set, or a key that is not text) are not JSON: jsonschema-rs will not take
    them, so jsonschema decides, as it did before."""
    package = {"grants": [a_grant(title=b"A grant")]}
    assert not passes_compiled_check(package)
    assert [error.path for error in schema_errors(package)] == ["grants/0/title"]
    assert schema_errors(package) == jsonschema_only(package, monkeypatch)


def _identical_grants_compared_whole(package: dict) -> list[SchemaError]:
    """identical_grants as it was before it compared only grants that share an id."""
    first_seen: dict[str, int] = {}
    repeats = []
    for index, grant in enumerate(package["grants"]):
        key = json.dumps(grant, sort_keys=True, default=str)
        if key in first_seen:
            repeats.append(f"grant {index + 1} is the same as grant {first_seen[key] + 1}")
        else:
            first_seen[key] = index
    if not repeats:
        return []
    shown = "; ".join(repeats[:5]) + (f" (and {len(repeats) - 5} more)" if len(repeats) > 5 else "")
    return [SchemaError("grants", f"The same grant appears more than once: {shown}")]


@pytest.mark.parametrize(
    "grants",
    [
        [a_grant(), a_grant(id="360G-x-2"), a_grant()],
        [a_grant(), a_grant(title="Another")],  # the same id, not the same grant
        [without(a_grant(), "id"), without(a_grant(), "id"), a_grant(id=None), a_grant(id=None)],
        [a_grant(id=1), a_grant(id="1"), a_grant(id=Decimal("1")), a_grant(id="1")],
        ["a grant", "a grant", [a_grant()], [a_grant()], None, None, a_grant()],
        [a_grant(id=f"360G-x-{n % 3}") for n in range(20)],
        [a_grant(awardDate=Decimal("1.0")), a_grant(awardDate="1.0")],
    ],
)
def test_identical_grants_finds_what_comparing_every_grant_whole_finds(grants):
    assert identical_grants({"grants": grants}) == _identical_grants_compared_whole(
        {"grants": grants}
    )
