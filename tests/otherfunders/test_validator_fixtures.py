"""Each of the official validator's 31 test files gets the report the official tool gives.

What each file exercises is described in 360giving/SOURCE.md §4. Where SOURCE.md gives a number
(10 errors in badfile_all_validation_errors.json, 133 in nulls.json) the test holds us to it.
SOURCE.md's overview counts "the two-grant spreadsheets" among the valid-but-weak files, but its
own notes on those grants (award dates written 24/07/2014, a dateModified with no time, a
recipient organisation without an id) are schema errors under 1.4.3 with format checking, so
they are reported as invalid here.
"""

import pytest
from django.conf import settings

from innovation_fund.otherfunders import services
from innovation_fund.otherfunders.checking import check_file
from innovation_fund.otherfunders.models import ImportedFile, OtherFunderGrant

FIXTURES = settings.OPENDATA_STANDARD_DIR / "samples" / "validator-fixtures"

UNREADABLE, INVALID, READY = "unreadable", "invalid", "ready"
SCHEMA, CODELIST, DUPLICATE_IDS = "schema", "codelist", "duplicate ids"

# file -> (outcome, the kinds of error it has, notices it must raise)
EXPECTED = {
    "GeoCodePostcode.xlsx": (INVALID, {SCHEMA}, {"NoGrantProgramme"}),
    "GeoCodePostcodeRecipientInd.xlsx": (INVALID, {SCHEMA}, {"GeoCodePostcode"}),
    "RecipientIndDEI.json": (INVALID, {SCHEMA}, {"RecipientIndDEI"}),
    "RecipientIndWithoutToIndividualsDetails.xlsx": (
        READY,
        set(),
        {"RecipientIndWithoutToIndividualsDetails"},
    ),
    "additional_fields.json": (READY, set(), {"TitleDescriptionSame"}),
    "bad.xlsx": (UNREADABLE, set(), set()),
    "badfile_all_validation_errors.json": (INVALID, {SCHEMA, CODELIST}, set()),
    "badfile_all_validation_errors.xlsx": (INVALID, {SCHEMA, CODELIST}, set()),
    "badfile_all_validation_errors_4_times.xlsx": (INVALID, {SCHEMA, CODELIST}, set()),
    "badfile_too_many_rows.xlsx": (UNREADABLE, set(), set()),
    "badfile_too_many_rows_multiple_sheets.xlsx": (UNREADABLE, set(), set()),
    "bom.csv": (INVALID, {SCHEMA}, set()),
    "codelist.csv": (INVALID, {SCHEMA, CODELIST}, set()),
    "decimal_amounts.csv": (INVALID, {SCHEMA}, set()),
    "decimal_amounts.json": (INVALID, {SCHEMA}, set()),
    "dei_extension.xlsx": (INVALID, {SCHEMA}, {"MoreThanOneFundingOrg"}),
    "duration_usefulness.json": (READY, set(), {"PlannedDurationNotPresent"}),
    "fundingproviders-grants-email.json": (INVALID, {SCHEMA, DUPLICATE_IDS}, {"LooksLikeEmail"}),
    "fundingproviders-grants_2_grants.xlsx": (INVALID, {SCHEMA}, {"IncompleteRecipientOrg"}),
    "fundingproviders-grants_2_grants_cp1252.csv": (INVALID, {SCHEMA}, set()),
    "fundingproviders-grants_2_grants_titleswithoutrollup.xlsx": (INVALID, {SCHEMA}, set()),
    "fundingproviders-grants_broken_grants.json": (INVALID, {SCHEMA, DUPLICATE_IDS}, set()),
    "fundingproviders-grants_fixed_2_grants.json": (INVALID, {SCHEMA, DUPLICATE_IDS}, set()),
    "fundingproviders-grants_malformed.json": (UNREADABLE, set(), set()),
    "fundingproviders_grants_2_grants.csv": (INVALID, {SCHEMA}, set()),
    "fundingtrust-grants_dc.txt": (UNREADABLE, set(), set()),
    "ids-unexpected-chars.xlsx": (
        READY,
        set(),
        {"GrantIdUnexpectedChars", "OrganizationIdUnexpectedChars"},
    ),
    "multiple_funder_names_org_ids.json": (
        READY,
        set(),
        {"MultiFundingOrgIdsForName", "MoreThanOneFundingOrg"},
    ),
    "nulls.json": (INVALID, {SCHEMA}, set()),
    "oneof.csv": (INVALID, {SCHEMA}, set()),
}


def test_every_fixture_has_an_expected_outcome():
    on_disk = {path.name for path in FIXTURES.iterdir() if path.name != "SOURCES.upstream"}
    assert on_disk == set(EXPECTED)
    assert len(EXPECTED) == 30  # the folder's 31 files less SOURCES.upstream, its notes


def _kinds(report) -> set[str]:
    kinds = set()
    if report.schema_error_count:
        kinds.add(SCHEMA)
    if report.codelist_error_count:
        kinds.add(CODELIST)
    if report.duplicate_ids:
        kinds.add(DUPLICATE_IDS)
    return kinds


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_report_matches_the_official_tools(name):
    outcome, kinds, notices = EXPECTED[name]
    report, package = check_file(FIXTURES / name, name)
    if outcome == UNREADABLE:
        assert report.read_error and package is None
        return
    assert not report.read_error
    assert report.importable == (outcome == READY)
    assert _kinds(report) == kinds
    found = {notice["check"] for notice in report.notices}
    assert notices <= found, f"missing notices: {notices - found}"
    for notice in report.notices:
        assert notice["count"] >= 1 and notice["message"]


def test_the_counts_source_md_gives():
    report, _ = check_file(FIXTURES / "badfile_all_validation_errors.json", "x.json")
    assert report.schema_error_count == 10
    report, _ = check_file(FIXTURES / "nulls.json", "nulls.json")
    assert report.schema_error_count == 133
    assert "Every value in this file is empty (null)" in report.notes[0]


def test_schema_errors_carry_the_path_of_each():
    report, _ = check_file(FIXTURES / "fundingproviders_grants_2_grants.csv", "f.csv")
    paths = [error["path"] for error in report.schema_errors]
    assert "grants/0/awardDate" in paths
    assert "grants/0/recipientOrganization/0" in paths
    award_date = report.schema_errors[paths.index("grants/0/awardDate")]
    assert "'24/07/2014' is not a date the standard accepts" in award_date["message"]


def test_the_codelist_error_names_the_value_and_the_list():
    report, _ = check_file(FIXTURES / "codelist.csv", "codelist.csv")
    assert report.codelist_errors == [
        {"path": "grants/1/regrantType", "message": "'BAD' is not in the regrantType codelist"}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_only_a_file_without_errors_imports_and_then_all_of_it(name):
    outcome, _, _ = EXPECTED[name]
    received = services.receive_path(FIXTURES / name, publisher_name="The validator's tests")
    checked = services.check_received_file(received.pk)
    assert checked.status == outcome
    if outcome != READY:
        with pytest.raises(services.NotImportable):
            services.import_checked_file(checked)
        assert not OtherFunderGrant.objects.exists()
        return
    counts = services.import_checked_file(checked)
    assert counts.added == checked.grant_count == OtherFunderGrant.objects.count()
    assert ImportedFile.objects.get(pk=checked.pk).status == ImportedFile.Status.IMPORTED
