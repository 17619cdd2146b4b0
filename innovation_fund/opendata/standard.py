"""The 360Giving Data Standard (1.4.3): its schemas and closed codelists, read from local files.

Checking a package is done the way the official tool (CoVE) does it, in three parts that are
reported separately: schema errors, closed-codelist errors and duplicate grant ids.

Two things about the published schema files need care (see SOURCE.md in the standard's folder):
- the package schema refers to the grant schema by its 1.4.2 URL while the grant schema calls
  itself 1.4.3, so the local registry answers both URLs with the same file, and nothing is ever
  fetched from the internet;
- `$schema` is written with `http://`, which `referencing` does not recognise, so the resources
  are made explicitly as Draft 2020-12.
Dates are `oneOf` a date-time format and a YYYY-MM-DD pattern, so validation must check formats:
without a FormatChecker `2016-04-01` matches both branches (and fails) and `01/04/2016` passes.

A package is first checked by a compiled validator (jsonschema-rs), which only says whether it is
valid; jsonschema, which words the errors, runs only on a package that is not (decision 19).
"""

import copy
import csv
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import Path

import jsonschema_rs
from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

PACKAGE_SCHEMA_FILE = "360-giving-package-schema.json"
GRANT_SCHEMA_FILE = "360-giving-schema.json"
# The URL the package schema's grants.items.$ref points at (1.4.2), not the grant schema's $id.
PACKAGE_GRANT_SCHEMA_URL = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"


@dataclass(frozen=True)
class SchemaError:
    """One problem with a package, at a path like "grants/0/awardDate" ("" for the package)."""

    path: str
    message: str


def standard_dir() -> Path:
    return Path(settings.OPENDATA_STANDARD_DIR)


@cache
def _read_json(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def package_schema() -> dict:
    return _read_json(standard_dir() / PACKAGE_SCHEMA_FILE)


def grant_schema() -> dict:
    return _read_json(standard_dir() / GRANT_SCHEMA_FILE)


def schema_registry() -> Registry:
    """Both schemas, under every URL the package schema might use to reach them."""
    grant = DRAFT202012.create_resource(grant_schema())
    package = DRAFT202012.create_resource(package_schema())
    return Registry().with_resources(
        [
            (grant_schema()["$id"], grant),
            (PACKAGE_GRANT_SCHEMA_URL, grant),
            (package_schema()["$id"], package),
        ]
    )


@cache
def _validator_for(directory: Path) -> Draft202012Validator:
    return Draft202012Validator(
        _package_schema_without_unique_grants(),
        registry=schema_registry(),
        format_checker=FormatChecker(),
    )


def _package_schema_without_unique_grants() -> dict:
    """The package schema less `grants.uniqueItems`, which `identical_grants` checks instead:
    jsonschema compares every pair of grants, which takes half a minute for 3,000 grants."""
    schema = copy.deepcopy(package_schema())
    schema["properties"]["grants"].pop("uniqueItems", None)
    return schema


def package_validator() -> Draft202012Validator:
    """A Draft 2020-12 validator for a whole package, with format checking; built once."""
    return _validator_for(standard_dir())


FORMAT_ANSWERS_KEPT = 4096  # per format: a file's award dates repeat; its web addresses less so


@cache
def _compiled_validator_for(directory: Path) -> jsonschema_rs.Validator:
    grant = grant_schema()
    registry = jsonschema_rs.Registry(
        [(grant["$id"], grant), (PACKAGE_GRANT_SCHEMA_URL, grant)],
        draft=jsonschema_rs.Draft202012,
    )
    return jsonschema_rs.Draft202012Validator(
        _package_schema_without_unique_grants(),
        registry=registry,
        validate_formats=True,
        formats=_jsonschema_formats(),
        offline=True,
    )


def _jsonschema_formats() -> dict:
    """jsonschema's own format checks (date-time by rfc3339-validator, uri by rfc3986-validator),
    for the compiled validator to call instead of its own. Its own differ at the edges: it takes
    a leap second at any time of day and the year 0000, which jsonschema refuses."""
    checker = FormatChecker()
    return {
        name: lru_cache(maxsize=FORMAT_ANSWERS_KEPT)(partial(checker.conforms, format=name))
        for name in checker.checkers
    }


def compiled_package_validator() -> jsonschema_rs.Validator:
    """The same check as `package_validator`, compiled (jsonschema-rs): it says only whether a
    package is valid, so it is the fast path, and jsonschema says what is wrong. Built once."""
    return _compiled_validator_for(standard_dir())


def passes_compiled_check(package: dict) -> bool:
    """Whether the compiled validator finds the package valid. A value that is not JSON (a set,
    bytes, a key that is not text) cannot be given to it, and counts as not shown valid, so
    jsonschema decides."""
    try:
        return compiled_package_validator().is_valid(package)
    except ValueError:
        return False


def _path_text(parts) -> str:
    return "/".join(str(part) for part in parts)


def _sort_key(error) -> list[tuple]:
    return [
        (0, part, "") if isinstance(part, int) else (1, 0, part) for part in error.absolute_path
    ]


def _message(error) -> str:
    """jsonschema's message, made readable where it would quote a whole grant or a long list."""
    if error.validator == "enum" and len(error.validator_value) > 10:
        return f"{error.instance!r} is not one of the values the standard allows"
    if error.validator in ("oneOf", "anyOf") and isinstance(error.instance, dict | list):
        return _alternatives_message(error)
    if error.validator == "type":
        return _type_message(error.instance, error.validator_value)
    if error.validator == "oneOf" and _is_date_choice(error.validator_value):
        return (
            f"{error.instance!r} is not a date the standard accepts: write it as YYYY-MM-DD "
            "(such as 2014-07-24) or as a date and time with its time zone"
        )
    return error.message


TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a group of fields (a JSON object)",
}


def _type_message(instance, expected) -> str:
    wanted = " or ".join(
        TYPE_NAMES.get(name, name)
        for name in ([expected] if isinstance(expected, str) else expected)
    )
    if instance is None:
        return f"This is empty (null) but must be {wanted}"
    return f"{_short_repr(instance)} must be {wanted}"


def _short_repr(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _is_date_choice(forms: list) -> bool:
    return any(isinstance(form, dict) and form.get("format") == "date-time" for form in forms)


def _alternatives_message(error) -> str:
    """A grant is oneOf "to an organisation" or "to an individual"; jsonschema's message quotes
    the whole grant, so say what is wrong with the nearest form instead."""
    if not error.context:  # every form matched, and only one may
        return (
            "This matches more than one of the forms the standard allows, and only one may "
            "apply: a grant has a recipient organisation or a recipient individual, not both"
        )
    by_form: dict[int, list[str]] = {}
    for sub_error in error.context:
        by_form.setdefault(sub_error.relative_schema_path[0], []).append(sub_error.message)
    nearest = min(by_form.values(), key=len)
    return "This does not match any form the standard allows: " + "; ".join(nearest)


def schema_errors(package: dict) -> list[SchemaError]:
    """Every schema error in a package, in document order, with the path where it is.

    A valid package, the common case, is passed by the compiled validator alone; jsonschema goes
    through a package only when that finds it invalid, so the errors and their words are
    jsonschema's as before. Should the two ever disagree, it is jsonschema that is believed on
    an invalid package, and the tests hold the compiled validator to refuse what it refuses."""
    if passes_compiled_check(package):
        return identical_grants(package)
    errors = sorted(package_validator().iter_errors(package), key=_sort_key)
    found = [SchemaError(_path_text(error.absolute_path), _message(error)) for error in errors]
    return identical_grants(package) + found


def identical_grants(package: dict) -> list[SchemaError]:
    """The package schema's `uniqueItems` on grants, checked in linear time: one error, at
    "grants", naming the grants that repeat an earlier one exactly."""
    grants = package.get("grants") if isinstance(package, dict) else None
    if not isinstance(grants, list):
        return []
    # Grants that are the same are the same in their id too, so a grant whose id no other grant
    # has is not written out whole to be compared.
    ids = [_canonical_id(grant) for grant in grants]
    id_counts = Counter(ids)
    first_seen: dict[str, int] = {}
    repeats = []
    for index, grant in enumerate(grants):
        if ids[index] is not None and id_counts[ids[index]] == 1:
            continue
        key = _CANONICAL_JSON.encode(grant)
        if key in first_seen:
            repeats.append(f"grant {index + 1} is the same as grant {first_seen[key] + 1}")
        else:
            first_seen[key] = index
    return identical_grants_error(repeats)


def identical_grants_error(repeats: list[str]) -> list[SchemaError]:
    """The one error for grants that repeat an earlier one ("grant 3 is the same as grant 1")."""
    if not repeats:
        return []
    shown = "; ".join(repeats[:5]) + (f" (and {len(repeats) - 5} more)" if len(repeats) > 5 else "")
    return [SchemaError("grants", f"The same grant appears more than once: {shown}")]


# As json.dumps(value, sort_keys=True, default=str), without making an encoder for each call.
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, default=str)


def _canonical_id(grant) -> str | None:
    """The grant's id as it is written in the grant's canonical JSON (None for a grant that is
    not an object): two grants written the same have the same written id."""
    return _CANONICAL_JSON.encode(grant.get("id")) if isinstance(grant, dict) else None


# Closed codelists -------------------------------------------------------------------------------


@cache
def codelist_codes(file_name: str) -> frozenset[str]:
    """The `Code` column of one of the standard's codelist files (codes are case-sensitive)."""
    with (standard_dir() / "codelists" / file_name).open(encoding="utf-8-sig") as handle:
        return frozenset(row["Code"] for row in csv.DictReader(handle))


def _resolve(schema: dict, root: dict) -> dict:
    """Follow local `$ref`s (`#/$defs/...`), the only kind the grant schema uses internally."""
    while "$ref" in schema:
        reference = schema["$ref"]
        if not reference.startswith("#/"):
            raise ValueError(f"Cannot follow a non-local reference: {reference}")
        target = root
        for part in reference[2:].split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _is_closed_codelist(schema: dict) -> bool:
    return "codelist" in schema and not schema.get("openCodelist", False)


def _codelist_values(value, schema: dict, root: dict, path: list) -> Iterator[tuple]:
    """(path, value, codelist file) for each value in a closed-codelist field, walking the
    instance alongside the grant schema (properties of objects, items of arrays)."""
    schema = _resolve(schema, root)
    if _is_closed_codelist(schema) and isinstance(value, str):
        yield path, value, schema["codelist"]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                yield from _codelist_values(item, properties[key], root, [*path, key])
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            yield from _codelist_values(item, schema["items"], root, [*path, index])


def closed_codelist_errors(package: dict) -> list[SchemaError]:
    """Values of closed-codelist fields (currency, countryCode, regrantType, …) that are not a
    Code in the codelist's CSV. CoVE counts these in with the validation errors."""
    grants = package.get("grants") if isinstance(package, dict) else None
    if not isinstance(grants, list):
        return []
    root = grant_schema()
    errors = []
    for index, grant in enumerate(grants):
        for path, value, file_name in _codelist_values(grant, root, root, ["grants", index]):
            if value not in codelist_codes(file_name):
                codelist = file_name.removesuffix(".csv")
                errors.append(
                    SchemaError(_path_text(path), f"{value!r} is not in the {codelist} codelist")
                )
    return errors


def closed_codelist_fields() -> list[str]:
    """Where the grant schema has a closed codelist, as paths within a grant such as
    "beneficiaryLocation/countryCode"."""
    root = grant_schema()
    found = []

    def walk(schema: dict, path: list, seen: frozenset) -> None:
        reference = schema.get("$ref")
        if reference in seen:
            return
        schema = _resolve(schema, root)
        if _is_closed_codelist(schema):
            found.append(_path_text(path))
        seen = seen | {reference} if reference else seen
        for key, child in schema.get("properties", {}).items():
            walk(child, [*path, key], seen)
        if isinstance(schema.get("items"), dict):
            walk(schema["items"], path, seen)

    walk(root, [], frozenset())
    return found


def duplicate_grant_ids(package: dict) -> list[str]:
    """Grant ids used more than once, in the order first seen."""
    grants = package.get("grants") if isinstance(package, dict) else None
    if not isinstance(grants, list):
        return []
    counts = Counter(
        grant["id"]
        for grant in grants
        if isinstance(grant, dict) and isinstance(grant.get("id"), str)
    )
    return [grant_id for grant_id, count in counts.items() if count > 1]
