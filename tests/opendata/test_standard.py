"""The standard's schemas and codelists, checked the way the official tool checks them."""

import json

import pytest

from innovation_fund.opendata.standard import (
    closed_codelist_errors,
    closed_codelist_fields,
    duplicate_grant_ids,
    schema_errors,
    standard_dir,
)


def minimal_grant(**changes) -> dict:
    grant = {
        "id": "360G-cscip-family-safeguarding",
        "title": "Family Safeguarding",
        "description": "Multi-disciplinary teams with adult specialists.",
        "currency": "GBP",
        "amountAwarded": 4860000,
        "awardDate": "2015-03-01",
        "recipientOrganization": [{"id": "GB-LAE-HRT", "name": "Hertfordshire County Council"}],
        "fundingOrganization": [{"id": "GB-GOR-D6", "name": "Department for Education"}],
    }
    grant.update(changes)
    return grant


def package_of(*grants) -> dict:
    return {"grants": list(grants) or [minimal_grant()], "version": "1.4"}


def paths(errors) -> list[str]:
    return [error.path for error in errors]


def test_a_minimal_package_is_valid():
    package = package_of()
    assert schema_errors(package) == []
    assert closed_codelist_errors(package) == []
    assert duplicate_grant_ids(package) == []


def test_an_iso_date_is_accepted_for_the_award_date():
    assert schema_errors(package_of(minimal_grant(awardDate="2016-04-01"))) == []
    assert schema_errors(package_of(minimal_grant(awardDate="2016-04-01T10:00:00+01:00"))) == []


def test_a_british_date_is_refused_for_the_award_date():
    assert paths(schema_errors(package_of(minimal_grant(awardDate="01/04/2016")))) == [
        "grants/0/awardDate"
    ]


def test_a_date_time_without_an_offset_is_refused_for_date_modified():
    errors = schema_errors(package_of(minimal_grant(dateModified="2016-04-01T10:00:00")))
    assert paths(errors) == ["grants/0/dateModified"]


def test_a_missing_required_field_is_reported_at_the_grant():
    grant = minimal_grant()
    del grant["awardDate"]
    assert paths(schema_errors(package_of(grant))) == ["grants/0"]


def test_a_bad_currency_is_refused_by_the_codelist_check():
    package = package_of(minimal_grant(currency="gbp"))
    errors = closed_codelist_errors(package)
    assert paths(errors) == ["grants/0/currency"]
    assert "currency codelist" in errors[0].message
    # The schema's enum says so too, without listing every currency in the world.
    assert len(schema_errors(package)[0].message) < 100


def test_a_closed_codelist_deep_in_a_grant_is_checked():
    grant = minimal_grant(
        beneficiaryLocation=[{"name": "Nowhere", "countryCode": "XX"}, {"countryCode": "GB"}],
        regrantType="FRG010",
    )
    assert paths(closed_codelist_errors(package_of(grant))) == [
        "grants/0/beneficiaryLocation/0/countryCode"
    ]


def test_the_closed_codelist_fields_are_found_in_the_schema():
    fields = closed_codelist_fields()
    for expected in (
        "currency",
        "regrantType",
        "locationScope",
        "beneficiaryLocation/countryCode",
        "toIndividualsDetails/grantPurpose",
    ):
        assert expected in fields
    assert "beneficiaryLocation/geoCodeType" not in fields  # an open codelist in the schema


def test_duplicate_ids_are_found():
    package = package_of(
        minimal_grant(), minimal_grant(id="360G-cscip-other"), minimal_grant(), minimal_grant()
    )
    assert duplicate_grant_ids(package) == ["360G-cscip-family-safeguarding"]


def _sample(file_name: str) -> dict:
    with (standard_dir() / "samples" / file_name).open(encoding="utf-8") as handle:
        return json.load(handle)


@pytest.mark.parametrize(
    ("file_name", "count"),
    [
        ("abct-a001p00000zgyHZAAY.json", 783),
        ("alwf-a003W000001B7PzQAK.json", 475),
        ("ggis-grant-awards-2016-17.json", 3351),
    ],
)
def test_the_real_published_files_have_no_schema_errors(file_name, count):
    package = _sample(file_name)
    assert len(package["grants"]) == count
    assert schema_errors(package) == []
    assert closed_codelist_errors(package) == []
    assert duplicate_grant_ids(package) == []


def test_the_validator_fixture_with_every_kind_of_error_fails():
    package = _sample("validator-fixtures/badfile_all_validation_errors.json")
    found = paths(schema_errors(package))
    for expected in ("grants/0/awardDate", "grants/0/url", "grants/0/fundingOrganization"):
        assert expected in found
    assert paths(closed_codelist_errors(package)) == ["grants/0/currency"]
