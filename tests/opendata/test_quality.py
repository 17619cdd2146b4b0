"""Each 360Giving quality check trips on a grant that breaks its rule and stays quiet on one that
does not; and the real published files and the validator's fixtures get the notices they should.

The cases start from one clean grant (which raises no notice at all) and change one thing, so a
case that trips a check shows the rule, and its partner shows the nearest thing that is allowed.
"""

import copy
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from innovation_fund.opendata.quality import CHECKS, MAX_PATHS, Notice
from innovation_fund.opendata.quality_run import file_aggregates, run_quality_checks

TODAY = date(2025, 6, 15)
STANDARD_DIR = Path(settings.OPENDATA_STANDARD_DIR)
SAMPLES = STANDARD_DIR / "samples"
FIXTURES = SAMPLES / "validator-fixtures"

CRITICAL = {
    "ZeroAmountTest",
    "OrganizationIdUnexpectedChars",
    "GrantIdUnexpectedChars",
    "MoreThanOneFundingOrg",
    "LooksLikeEmail",
    "ImpossibleDates",
    "PostDatedAwardDates",
    "RecipientIndDEI",
    "GeoCodePostcode",
}

CLEAN_ORG_GRANT = {
    "id": "360G-cscip-2015-001",
    "title": "Family safeguarding in Hertfordshire",
    "description": "Scaling up a whole-family model of children's social work",
    "currency": "GBP",
    "amountAwarded": 4860000,
    "awardDate": "2015-03-01",
    "plannedDates": [{"startDate": "2015-04-01", "endDate": "2017-03-31", "duration": 24}],
    "recipientOrganization": [
        {
            "id": "GB-CHC-1015648",
            "name": "A Children's Charity",
            "charityNumber": "1015648",
            "companyNumber": "02775133",
            "postalCode": "AL1 3JE",
        }
    ],
    "beneficiaryLocation": [
        {"name": "Hertfordshire", "geoCode": "E10000015", "geoCodeType": "CTY"}
    ],
    "fundingOrganization": [{"id": "GB-GOR-D6", "name": "Department for Education"}],
    "grantProgramme": [{"code": "2015", "title": "Innovation Programme 2015-16"}],
    "dateModified": "2025-05-01T09:00:00+01:00",
    "dataSource": "https://example.gov.uk/open-data",
}

CLEAN_INDIVIDUAL_GRANT = {
    **{key: value for key, value in CLEAN_ORG_GRANT.items() if key != "recipientOrganization"},
    "id": "360G-cscip-2015-ind-001",
    "recipientIndividual": {"id": "360G-cscip-ind-001", "name": "Individual recipient"},
    "toIndividualsDetails": {"primaryGrantReason": "GTIR040", "grantPurpose": ["GTIP040"]},
}


def org_grant(**changes) -> dict:
    """The clean grant to an organisation, with top-level fields replaced (None removes one)."""
    return _changed(CLEAN_ORG_GRANT, changes)


def individual_grant(**changes) -> dict:
    return _changed(CLEAN_INDIVIDUAL_GRANT, changes)


def _changed(base: dict, changes: dict) -> dict:
    grant = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            grant.pop(key, None)
        else:
            grant[key] = value
    return grant


def recipient(**changes) -> list[dict]:
    """The clean recipientOrganization list with fields replaced (None removes one)."""
    return [_changed(CLEAN_ORG_GRANT["recipientOrganization"][0], changes)]


def funder(**changes) -> list[dict]:
    return [_changed(CLEAN_ORG_GRANT["fundingOrganization"][0], changes)]


def planned(**changes) -> list[dict]:
    return [_changed(CLEAN_ORG_GRANT["plannedDates"][0], changes)]


def actual(start: str, end: str) -> list[dict]:
    return [{"startDate": start, "endDate": end}]


def notice_for(name: str, grants: list[dict]) -> Notice | None:
    found = [n for n in run_quality_checks(grants, today=TODAY) if n.check == name]
    assert len(found) <= 1
    return found[0] if found else None


# (check, grants that trip it, expected count, expected paths, grants that do not trip it)
CASES = [
    # --- Quality / Accuracy
    pytest.param(
        "ZeroAmountTest",
        [org_grant(amountAwarded=0)],
        1,
        ["grants/0/amountAwarded"],
        [org_grant(amountAwarded=1)],
        id="ZeroAmountTest",
    ),
    pytest.param(
        "FundingOrgUnrecognisedPrefix",
        [org_grant(), org_grant(fundingOrganization=funder(id="D6"))],
        1,
        ["grants/1/fundingOrganization/0/id"],
        [org_grant(fundingOrganization=funder(id="gb-gor-D6"))],  # prefixes ignore case
        id="FundingOrgUnrecognisedPrefix",
    ),
    pytest.param(
        "RecipientOrgUnrecognisedPrefix",
        [org_grant(recipientOrganization=recipient(id="E5104X"))],
        1,
        ["grants/0/recipientOrganization/0/id"],
        [org_grant(recipientOrganization=recipient(id="360g-cscip-org-1")), individual_grant()],
        id="RecipientOrgUnrecognisedPrefix",
    ),
    pytest.param(
        "RecipientOrgCharityNumber",
        [org_grant(recipientOrganization=recipient(charityNumber="10156"))],
        1,
        ["grants/0/recipientOrganization/0/charityNumber"],
        [
            org_grant(recipientOrganization=recipient(charityNumber="SC012345")),
            org_grant(recipientOrganization=recipient(charityNumber=1015648)),
            org_grant(recipientOrganization=recipient(charityNumber=None)),
        ],
        id="RecipientOrgCharityNumber",
    ),
    pytest.param(
        "RecipientOrgCharityNumber",
        [org_grant(recipientOrganization=recipient(charityNumber="SC01234X"))],
        1,
        ["grants/0/recipientOrganization/0/charityNumber"],
        [org_grant(recipientOrganization=recipient(charityNumber="1234567"))],
        id="RecipientOrgCharityNumber-prefixed",
    ),
    pytest.param(
        "RecipientOrgCompanyNumber",
        [org_grant(recipientOrganization=recipient(companyNumber="2775133"))],
        1,
        ["grants/0/recipientOrganization/0/companyNumber"],
        [
            org_grant(recipientOrganization=recipient(companyNumber="SC123456")),
            org_grant(recipientOrganization=recipient(companyNumber=None)),
        ],
        id="RecipientOrgCompanyNumber",
    ),
    pytest.param(
        "OrganizationIdLooksInvalid",
        [org_grant(recipientOrganization=recipient(id="GB-CHC-12345"))],
        1,
        ["grants/0/recipientOrganization/0/id"],
        [
            org_grant(recipientOrganization=recipient(id="GB-CHC-123456")),
            org_grant(recipientOrganization=recipient(id="GB-COH-SC123456")),
        ],
        id="OrganizationIdLooksInvalid-recipient",
    ),
    pytest.param(
        "OrganizationIdLooksInvalid",
        [org_grant(fundingOrganization=funder(id="GB-COH-123"))],
        1,
        ["grants/0/fundingOrganization/0/id"],
        [org_grant(fundingOrganization=funder(id="GB-COH-02775133"))],
        id="OrganizationIdLooksInvalid-funder",
    ),
    pytest.param(
        "OrganizationIdUnexpectedChars",
        [
            org_grant(recipientOrganization=recipient(id="GB-CHC-1015648\n")),
            org_grant(fundingOrganization=funder(id="GB-GOR-\nD6")),
        ],
        2,
        ["grants/0/recipientOrganization/0/id", "grants/1/fundingOrganization/0/id"],
        [org_grant(recipientOrganization=recipient(id="GB-CHC-1015648 "))],
        id="OrganizationIdUnexpectedChars",
    ),
    pytest.param(
        "GrantIdUnexpectedChars",
        [org_grant(id="360G-cscip-\n2015-001")],
        1,
        ["grants/0/id"],
        [org_grant(id="360G-cscip-2015/001")],
        id="GrantIdUnexpectedChars",
    ),
    pytest.param(
        "MoreThanOneFundingOrg",
        [org_grant(), org_grant(fundingOrganization=funder(id="GB-GOR-D9")), org_grant()],
        1,  # a file-level notice
        ["grants/0/fundingOrganization/0/id", "grants/1/fundingOrganization/0/id"],
        [org_grant(), org_grant()],
        id="MoreThanOneFundingOrg",
    ),
    pytest.param(
        "LooksLikeEmail",
        [
            org_grant(description="Ask jane.doe@example.org for details"),
            org_grant(grantProgramme=[{"title": "Contact fund@dfe.gov.uk"}]),
        ],
        2,
        ["grants/0/description", "grants/1/grantProgramme/0/title"],
        [
            org_grant(
                recipientOrganization=recipient(email="info@example.org"),
                fundingOrganization=funder(contactEmail={"main": "dfe@education.gov.uk"}),
                description="Family support @ home in Hertfordshire",
            )
        ],
        id="LooksLikeEmail",
    ),
    pytest.param(
        "ImpossibleDates",
        [
            org_grant(awardDate="2015-09-31"),
            org_grant(plannedDates=planned(endDate="2017-02-29T00:00:00+00:00")),
        ],
        2,
        ["grants/0/awardDate", "grants/1/plannedDates/0/endDate"],
        [
            org_grant(awardDate="2016-02-29"),  # a leap year
            org_grant(awardDate="31/09/2015"),  # wrong shape: the schema's problem, not this one
            org_grant(awardDate="2015-03-01garbage"),
        ],
        id="ImpossibleDates",
    ),
    pytest.param(
        "PlannedStartDateBeforeEndDate",
        [org_grant(plannedDates=planned(startDate="2017-04-01", endDate="2017-03-31"))],
        1,
        ["grants/0/plannedDates/0/startDate"],
        [org_grant(plannedDates=planned(startDate="2017-03-31", endDate="2017-03-31"))],
        id="PlannedStartDateBeforeEndDate",
    ),
    pytest.param(
        "ActualStartDateBeforeEndDate",
        [org_grant(actualDates=actual("2017-04-01T00:00:00Z", "2017-03-31"))],
        1,
        ["grants/0/actualDates/0/startDate"],
        [org_grant(actualDates=actual("2015-04-01", "2017-03-31"))],
        id="ActualStartDateBeforeEndDate",
    ),
    pytest.param(
        "FarFuturePlannedDates",
        [org_grant(plannedDates=planned(endDate="2037-06-16"))],  # 12 years and a day
        1,
        ["grants/0/plannedDates/0/endDate"],
        [org_grant(plannedDates=planned(endDate="2037-06-15"))],
        id="FarFuturePlannedDates",
    ),
    pytest.param(
        "FarFutureActualDates",
        [org_grant(actualDates=actual("2015-04-01", "2030-06-16"))],  # 5 years and a day
        1,
        ["grants/0/actualDates/0/endDate"],
        [org_grant(actualDates=actual("2015-04-01", "2030-06-15"))],
        id="FarFutureActualDates",
    ),
    pytest.param(
        "FarPastDates",
        [org_grant(awardDate="2000-06-14")],  # 25 years and a day ago
        1,
        ["grants/0/awardDate"],
        [org_grant(awardDate="2000-06-15")],
        id="FarPastDates",
    ),
    pytest.param(
        "PostDatedAwardDates",
        [org_grant(awardDate="2025-06-16")],
        1,
        ["grants/0/awardDate"],
        [org_grant(awardDate="2025-06-15"), org_grant(awardDate="2025-06-15T23:59:00+01:00")],
        id="PostDatedAwardDates",
    ),
    pytest.param(
        "RecipientIndDEI",
        [individual_grant(project=[{}])],
        1,
        ["grants/0/project"],
        [individual_grant(), org_grant(project=[{"id": "dei"}])],  # only individuals are checked
        id="RecipientIndDEI",
    ),
    pytest.param(
        "GeoCodePostcode",
        [individual_grant(beneficiaryLocation=[{"name": "Home", "geoCode": " sw1a 1aa "}])],
        1,
        ["grants/0/beneficiaryLocation/0/geoCode"],
        [
            individual_grant(),
            org_grant(beneficiaryLocation=[{"name": "Office", "geoCode": "SW1A 1AA"}]),
        ],
        id="GeoCodePostcode",
    ),
    pytest.param(
        "MultiFundingNamesForOrgId",
        [org_grant(), org_grant(fundingOrganization=funder(name="DfE"))],
        1,
        ["grants/1/fundingOrganization/0/name"],
        [org_grant(), org_grant()],
        id="MultiFundingNamesForOrgId",
    ),
    pytest.param(
        "MultiFundingOrgIdsForName",
        [org_grant(), org_grant(fundingOrganization=funder(id="GB-GOR-D9"))],
        1,
        ["grants/1/fundingOrganization/0/id"],
        [org_grant(), org_grant(fundingOrganization=funder(id="GB-GOR-D9", name="DfT"))],
        id="MultiFundingOrgIdsForName",
    ),
    # --- Usefulness
    pytest.param(
        "RecipientOrg360GPrefix",
        [org_grant(recipientOrganization=recipient(id="360G-cscip-org-1"))],
        1,
        ["grants/0/recipientOrganization/0/id"],
        [org_grant(), individual_grant()],
        id="RecipientOrg360GPrefix",
    ),
    pytest.param(
        "FundingOrg360GPrefix",
        [org_grant(fundingOrganization=funder(id="360G-cscip"))],
        1,
        ["grants/0/fundingOrganization/0/id"],
        [org_grant()],
        id="FundingOrg360GPrefix",
    ),
    pytest.param(
        "NoRecipientOrgCompanyCharityNumber",
        [org_grant(recipientOrganization=recipient(charityNumber=None, companyNumber=""))],
        1,
        ["grants/0/recipientOrganization/0"],
        [org_grant(recipientOrganization=recipient(charityNumber=None)), individual_grant()],
        id="NoRecipientOrgCompanyCharityNumber",
    ),
    pytest.param(
        "IncompleteRecipientOrg",
        [org_grant(recipientOrganization=recipient(postalCode=None))],
        1,
        ["grants/0/recipientOrganization/0"],
        [
            org_grant(
                recipientOrganization=recipient(
                    postalCode=None, location=[{"name": "Herts", "geoCode": "E10000015"}]
                )
            )
        ],
        id="IncompleteRecipientOrg",
    ),
    pytest.param(
        "NoGrantProgramme",
        [org_grant(grantProgramme=[]), org_grant(grantProgramme=None)],
        2,
        ["grants/0/grantProgramme", "grants/1/grantProgramme"],
        [org_grant()],
        id="NoGrantProgramme",
    ),
    pytest.param(
        "NoBeneficiaryLocation",
        [org_grant(beneficiaryLocation=None)],
        1,
        ["grants/0/beneficiaryLocation"],
        [org_grant()],
        id="NoBeneficiaryLocation",
    ),
    pytest.param(
        "TitleDescriptionSame",
        [org_grant(title="Family support", description="Family support")],
        1,
        ["grants/0/description"],
        [org_grant(title="", description="")],
        id="TitleDescriptionSame",
    ),
    pytest.param(
        "TitleLength",
        [org_grant(title="x" * 141)],
        1,
        ["grants/0/title"],
        [org_grant(title="x" * 140)],
        id="TitleLength",
    ),
    pytest.param(
        "NoLastModified",
        [org_grant(dateModified=None)],
        1,
        ["grants/0/dateModified"],
        [org_grant()],
        id="NoLastModified",
    ),
    pytest.param(
        "NoDataSource",
        [org_grant(dataSource=None)],
        1,
        ["grants/0/dataSource"],
        [org_grant()],
        id="NoDataSource",
    ),
    pytest.param(
        "RecipientIndWithoutToIndividualsDetails",
        [individual_grant(toIndividualsDetails=None)],
        1,
        ["grants/0/toIndividualsDetails"],
        [individual_grant(), org_grant()],
        id="RecipientIndWithoutToIndividualsDetails",
    ),
    pytest.param(
        "PlannedDurationNotPresent",
        [
            org_grant(plannedDates=[{"startDate": "2015-04-01"}]),
            org_grant(plannedDates=None),
        ],
        2,
        ["grants/0/plannedDates", "grants/1/plannedDates"],
        [
            org_grant(plannedDates=[{"duration": 24}]),
            org_grant(plannedDates=[{"startDate": "2015-04-01", "endDate": "2017-03-31"}]),
        ],
        id="PlannedDurationNotPresent",
    ),
    pytest.param(
        "BeneficiaryLocationNameButNoCode",
        [org_grant(beneficiaryLocation=[{"name": "Hertfordshire"}])],
        1,
        ["grants/0/beneficiaryLocation/0"],
        [org_grant()],
        id="BeneficiaryLocationNameButNoCode",
    ),
    pytest.param(
        "BeneficiaryButNotRecipientGeoData",
        [org_grant(recipientOrganization=recipient(postalCode=None))],
        1,
        ["grants/0/recipientOrganization/0"],
        [
            org_grant(),
            org_grant(
                recipientOrganization=recipient(postalCode=None, location=[{"name": "Herts"}])
            ),
            org_grant(recipientOrganization=recipient(postalCode=None), beneficiaryLocation=[]),
        ],
        id="BeneficiaryButNotRecipientGeoData",
    ),
    pytest.param(
        "RecipientGeoDataButNoBeneficiary",
        [
            org_grant(
                recipientOrganization=recipient(location=[{"geoCode": "E10000015"}]),
                beneficiaryLocation=None,
            )
        ],
        1,
        ["grants/0/beneficiaryLocation"],
        [
            org_grant(recipientOrganization=recipient(location=[{"geoCode": "E10000015"}])),
            org_grant(beneficiaryLocation=None),
        ],
        id="RecipientGeoDataButNoBeneficiary",
    ),
]


def test_the_clean_grants_raise_no_notice():
    assert run_quality_checks([org_grant(), individual_grant()], today=TODAY) == []


@pytest.mark.parametrize(("check", "tripping", "count", "paths", "passing"), CASES)
def test_check_trips_on_a_grant_that_breaks_its_rule(check, tripping, count, paths, passing):
    notice = notice_for(check, tripping)

    assert notice is not None, f"{check} did not trip"
    assert notice.critical is (check in CRITICAL)
    assert notice.category == ("Usefulness" if _is_usefulness(check) else "Quality")
    assert notice.count == count
    assert list(notice.paths) == paths
    assert notice.message


@pytest.mark.parametrize(("check", "tripping", "count", "paths", "passing"), CASES)
def test_check_stays_quiet_on_a_grant_that_keeps_its_rule(check, tripping, count, paths, passing):
    assert notice_for(check, passing) is None


def test_every_check_has_a_case():
    assert {case.values[0] for case in CASES} == {rule.name for rule in CHECKS}


def test_checks_are_registered_in_the_order_of_quality_checks_md():
    """21 Quality then 15 Usefulness, in the documented order, so each can be read against it."""
    text = (STANDARD_DIR / "QUALITY_CHECKS.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\d+\. `(\w+)`", text, flags=re.MULTILINE)

    assert [rule.name for rule in CHECKS] == documented
    assert [rule.category for rule in CHECKS] == ["Quality"] * 21 + ["Usefulness"] * 15
    assert {rule.name for rule in CHECKS if rule.critical} == CRITICAL


def test_message_says_how_many_grants_in_plain_english():
    [one] = run_quality_checks([org_grant(amountAwarded=0)], today=TODAY)
    [three] = run_quality_checks([org_grant(amountAwarded=0)] * 3, today=TODAY)

    assert one.message == "1 grant has an amount awarded of 0"
    assert three.message == "3 grants have an amount awarded of 0"


def test_paths_stop_at_100_but_the_count_does_not():
    [notice] = run_quality_checks([org_grant(amountAwarded=0)] * 150, today=TODAY)

    assert notice.count == 150
    assert len(notice.paths) == MAX_PATHS
    assert notice.paths[-1] == "grants/99/amountAwarded"


def test_count_is_grants_not_places():
    """A grant with two email-like strings is one grant affected, with both paths listed."""
    grant = org_grant(title="a@example.org", description="b@example.org")
    [notice] = [n for n in run_quality_checks([grant], today=TODAY) if n.check == "LooksLikeEmail"]

    assert notice.count == 1
    assert notice.paths == ("grants/0/title", "grants/0/description")


def test_dates_are_relative_to_today():
    grant = org_grant(awardDate="2025-06-16")

    assert notice_for("PostDatedAwardDates", [grant]) is not None
    later = run_quality_checks([grant], today=date(2025, 6, 16))
    assert "PostDatedAwardDates" not in {n.check for n in later}


def test_today_defaults_to_london_today(monkeypatch):
    monkeypatch.setattr(
        "innovation_fund.opendata.quality_run.london_today", lambda: date(2025, 6, 15)
    )

    assert "PostDatedAwardDates" in {
        n.check for n in run_quality_checks([org_grant(awardDate="2025-06-16")])
    }


def test_nulls_and_wrong_types_do_not_raise():
    """The import reports schema errors and notices together, so checks see invalid grants."""
    grants = _fixture_grants("nulls.json") + [
        None,
        "not a grant",
        {"plannedDates": "soon", "recipientOrganization": {"id": 5}, "beneficiaryLocation": [1]},
    ]

    notices = run_quality_checks(grants, today=TODAY)

    assert "PlannedDurationNotPresent" in {n.check for n in notices}
    assert not [n for n in notices if n.critical]


# --- Real files and the official validator's fixtures -------------------------------------------


def _sample_grants(name: str) -> list[dict]:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))["grants"]


def _fixture_grants(name: str) -> list[dict]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["grants"]


def test_andrew_lloyd_webber_foundation_file_has_no_critical_notice():
    notices = run_quality_checks(_sample_grants("alwf-a003W000001B7PzQAK.json"), today=TODAY)

    assert notices, "a real file is never perfect"
    assert [n.check for n in notices if n.critical] == []


def test_government_file_with_bare_gor_codes_has_unrecognised_funder_prefixes():
    notices = {
        n.check: n
        for n in run_quality_checks(_sample_grants("ggis-grant-awards-2016-17.json"), today=TODAY)
    }

    funder_prefix = notices["FundingOrgUnrecognisedPrefix"]
    assert funder_prefix.critical is False
    assert funder_prefix.count == 3351  # every grant: the ids are "D9" and "D18"
    assert funder_prefix.paths[0] == "grants/0/fundingOrganization/0/id"
    assert notices["MoreThanOneFundingOrg"].count == 1  # Transport and Justice in one file


def test_fixture_with_one_funder_name_and_two_ids():
    """multiple_funder_names_org_ids.json: "Example Funder Limited" has two different ids.

    SOURCE.md names both MultiFunding checks for this file. Under the rules as written in
    QUALITY_CHECKS.md, only MultiFundingOrgIdsForName (one name, two ids) applies: no id in the
    file has two names, so MultiFundingNamesForOrgId (one id, two names) stays quiet.
    """
    notices = {
        n.check: n
        for n in run_quality_checks(
            _fixture_grants("multiple_funder_names_org_ids.json"), today=TODAY
        )
    }

    ids_for_name = notices["MultiFundingOrgIdsForName"]
    assert (ids_for_name.count, ids_for_name.paths) == (1, ("grants/1/fundingOrganization/0/id",))
    assert "MultiFundingNamesForOrgId" not in notices


def test_duration_fixture_has_no_planned_duration():
    notices = {
        n.check: n
        for n in run_quality_checks(_fixture_grants("duration_usefulness.json"), today=TODAY)
    }

    assert notices["PlannedDurationNotPresent"].count == 1
    assert notices["PlannedDurationNotPresent"].critical is False


def test_email_fixture_flags_the_address_in_a_name_but_not_in_email_fields():
    notices = {
        n.check: n
        for n in run_quality_checks(
            _fixture_grants("fundingproviders-grants-email.json"), today=TODAY
        )
    }

    email = notices["LooksLikeEmail"]
    assert email.critical is True
    assert (email.count, email.paths) == (1, ("grants/2/Full name of applicant",))


def test_recipient_individual_dei_fixture():
    notice = notice_for("RecipientIndDEI", _fixture_grants("RecipientIndDEI.json"))

    assert notice is not None and notice.critical is True


# --- File aggregates -----------------------------------------------------------------------------


def test_file_aggregates_count_ids_dates_and_money_per_currency():
    grants = [
        org_grant(id="a", awardDate="2015-03-01T10:00:00Z", amountAwarded=100),
        org_grant(id="b", awardDate="2016-01-01", amountAwarded=300),
        org_grant(id="a", awardDate="2014-12-01", amountAwarded=50, currency="EUR"),
        org_grant(id=None, awardDate=None, amountAwarded=None, fundingOrganization=funder(id="D6")),
    ]

    totals = file_aggregates(grants)

    assert totals.count == 4
    assert totals.unique_ids == {"a", "b"}
    assert totals.duplicate_ids == {"a"}
    assert (totals.min_award_date, totals.max_award_date) == ("2014-12-01", "2016-01-01")
    assert totals.award_years == {"2015": 1, "2016": 1, "2014": 1}
    gbp = totals.currencies["GBP"]
    assert (gbp.count, gbp.total, gbp.min, gbp.max) == (3, 400, 100, 300)
    assert totals.currencies["EUR"].total == 50
    assert totals.unrecognised_funding_org_ids == {"D6"}
    assert totals.funding_org_ids == {"GB-GOR-D6", "D6"}


def test_file_aggregates_on_the_government_file():
    totals = file_aggregates(_sample_grants("ggis-grant-awards-2016-17.json"))

    assert totals.count == len(totals.unique_ids) == 3351
    assert totals.duplicate_ids == set()
    assert totals.unrecognised_funding_org_ids == {"D9", "D18"}
    assert totals.currencies["GBP"].total == 3920986733


def _is_usefulness(check: str) -> bool:
    return next(rule for rule in CHECKS if rule.name == check).category == "Usefulness"
