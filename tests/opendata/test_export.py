"""The programme's grants exported as a 360Giving package: valid, and written one grant at a time.

The demo data (`loaded`) stays loaded for the rest of the module once a test asks for it, so
tests that build their own grants export only those (and use GSS codes no real authority has).
"""

import io
import json
import re
from datetime import date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from django.core.management import call_command

from innovation_fund.grants.models import Grant
from innovation_fund.opendata import export
from innovation_fund.opendata.export import (
    SKIPPED_NOT_PUBLISHED,
    SKIPPED_UNKNOWN_AMOUNT,
    grant_records,
    grants_to_export,
    write_package,
)
from innovation_fund.opendata.quality_run import run_quality_checks
from innovation_fund.opendata.standard import (
    closed_codelist_errors,
    duplicate_grant_ids,
    schema_errors,
)
from innovation_fund.programmes.models import Announcement, Round
from tests.factories import (
    LocalAuthorityFactory,
    OrganisationFactory,
    ProjectAreaFactory,
    ProjectFactory,
    RoundFactory,
    aware,
)

pytestmark = pytest.mark.django_db


def exported(grants=None) -> tuple[dict, export.ExportSummary]:
    stream = io.StringIO()
    summary = write_package(stream, grants if grants is not None else grants_to_export())
    return json.loads(stream.getvalue()), summary


def a_round(**fields):
    """A round whose slug the demo data (loaded for the rest of the module once a test asks for
    it) cannot already hold, whatever the factories' counters have reached."""
    return RoundFactory(slug=f"export-test-{uuid4().hex[:12]}", **fields)


@pytest.fixture
def demo_export(loaded):
    return exported()


def test_the_demo_export_is_valid_360giving(demo_export):
    package, summary = demo_export
    assert summary.written == len(package["grants"]) >= 20
    assert schema_errors(package) == []
    assert closed_codelist_errors(package) == []
    assert duplicate_grant_ids(package) == []


def test_the_demo_export_raises_no_critical_quality_notice(demo_export):
    package, _ = demo_export
    notices = run_quality_checks(package["grants"])
    assert [notice.check for notice in notices if notice.critical] == []
    # The checks do run on it: the usefulness notices it cannot avoid are still reported.
    assert {notice.check for notice in notices} <= {
        "NoRecipientOrgCompanyCharityNumber",
        "IncompleteRecipientOrg",
        "BeneficiaryButNotRecipientGeoData",
        "RecipientOrg360GPrefix",
        "PlannedDurationNotPresent",
        "FarPastDates",
        "NoBeneficiaryLocation",  # projects whose sources name no area
    }


def test_the_demo_export_has_the_funder_and_licence(demo_export):
    package, _ = demo_export
    assert package["version"] == "1.4"
    assert "open-government-licence/version/3" in package["license"]
    assert package["publisher"]["identifier"] == "GB-GOR-D6"
    funders = {json.dumps(grant["fundingOrganization"]) for grant in package["grants"]}
    assert funders == {json.dumps([{"id": "GB-GOR-D6", "name": "Department for Education"}])}


def test_every_grant_id_has_the_publisher_prefix(demo_export, settings):
    package, _ = demo_export
    assert all(g["id"].startswith(settings.OPENDATA_GRANT_ID_PREFIX) for g in package["grants"])


def test_beneficiary_locations_are_upper_tier_authorities_with_their_code_type(demo_export):
    package, _ = demo_export
    locations = [loc for grant in package["grants"] for loc in grant.get("beneficiaryLocation", [])]
    assert locations
    expected = {"E06": "UA", "E08": "MD", "E09": "LONB", "E10": "CTY"}
    for location in locations:
        assert location["geoCodeType"] == expected[location["geoCode"][:3]]


def test_date_modified_has_a_utc_offset(demo_export):
    package, _ = demo_export
    for grant in package["grants"]:
        assert datetime.fromisoformat(grant["dateModified"]).utcoffset() is not None


def test_charity_and_company_numbers_are_bare(demo_export):
    package, _ = demo_export
    recipients = [grant["recipientOrganization"][0] for grant in package["grants"]]
    charities = [r for r in recipients if "charityNumber" in r]
    assert charities
    for recipient in charities:
        assert re.fullmatch(r"[0-9]{6,7}", recipient["charityNumber"])
        assert recipient["id"] == f"GB-CHC-{recipient['charityNumber']}"
    for recipient in recipients:
        if "companyNumber" in recipient:
            assert re.fullmatch(r"\w{8}", recipient["companyNumber"])


def test_grants_with_unknown_amount_are_skipped_and_counted(demo_export):
    package, summary = demo_export
    unknown = Grant.objects.filter(amount_pence__isnull=True, project__is_published=True).count()
    assert unknown > 0
    assert summary.skipped[SKIPPED_UNKNOWN_AMOUNT] == unknown
    assert summary.written + sum(summary.skipped.values()) == Grant.objects.count()


def test_award_dates_are_announcement_dates_or_say_only_the_year_is_known(demo_export, loaded):
    package, _ = demo_export
    years = {
        f"360G-cscip-{slug}": year
        for slug, year in Grant.objects.values_list("project__slug", "award_year")
    }
    announced = {
        f"360G-cscip-{slug}": day
        for slug, day in Announcement.objects.values_list("projects__slug", "announced_on")
    }
    from_announcements = 0
    for grant in package["grants"]:
        awarded = date.fromisoformat(grant["awardDate"])
        assert awarded.year == years[grant["id"]]
        if announced.get(grant["id"], date.min).year == awarded.year:
            assert awarded == announced[grant["id"]]
            assert "only the year of the award" not in grant["description"]
            from_announcements += 1
        else:
            assert "only the year of the award" in grant["description"]
    assert from_announcements > 0


def test_a_grant_with_a_known_date_and_plans_is_exported_as_it_is():
    authority = LocalAuthorityFactory(gss_code="E09900033", name="Westminster test")
    organisation = OrganisationFactory(org_id="GB-COH-01234567", company_number="01234567")
    project = ProjectFactory(
        round=a_round(),
        slug="new-way",
        lead_organisation=organisation,
        starts_on=date(2026, 4, 1),
        ends_on=date(2028, 3, 31),
        summary="A new way of working.",
    )
    ProjectAreaFactory(project=project, authority=authority)
    ProjectAreaFactory(project=project, authority=authority, involvement="area")
    Grant.objects.create(
        round=project.round,
        recipient=organisation,
        project=project,
        amount_pence=1250,
        awarded_on=date(2026, 2, 1),
        created_at=aware(2026, 2, 1, 9, 30),
    )
    (record,) = grant_records(grants_to_export().filter(project=project))
    assert record["id"] == "360G-cscip-new-way"
    assert record["amountAwarded"] == 12.5
    assert record["awardDate"] == "2026-02-01"
    assert record["description"] == "A new way of working."
    assert record["dateModified"] == "2026-02-01T09:30:00+00:00"
    assert record["plannedDates"] == [{"startDate": "2026-04-01", "endDate": "2028-03-31"}]
    assert record["beneficiaryLocation"] == [
        {"name": "Westminster test", "geoCode": "E09900033", "geoCodeType": "LONB"}
    ]
    assert record["recipientOrganization"][0]["companyNumber"] == "01234567"
    assert record["dataSource"].endswith("/projects/new-way/")


@pytest.mark.parametrize(
    ("pence", "written"),
    [
        (12_345_678_901, "123456789.01"),
        (486_000_000, "4860000"),
        (1250, "12.5"),
        # More digits than a float holds: through a float it would be written ...409.94.
        (9_007_199_254_740_993, "90071992547409.93"),
    ],
)
def test_amounts_are_written_as_exact_pounds_never_through_a_float(pence, written):
    project = ProjectFactory(round=a_round())
    Grant.objects.create(
        round=project.round,
        recipient=project.lead_organisation,
        project=project,
        amount_pence=pence,
        award_year=2015,
    )
    (record,) = grant_records(grants_to_export().filter(project=project))
    assert record["amountAwarded"] == Decimal(written)
    assert not isinstance(record["amountAwarded"], float)

    stream = io.StringIO()
    write_package(stream, grants_to_export().filter(project=project))
    assert f'"amountAwarded": {written},' in stream.getvalue()
    package = json.loads(stream.getvalue(), parse_float=Decimal)
    assert package["grants"][0]["amountAwarded"] * 100 == pence


def test_unpublished_projects_are_not_exported():
    project = ProjectFactory(round=a_round(), is_published=False)
    Grant.objects.create(
        round=project.round,
        recipient=project.lead_organisation,
        project=project,
        amount_pence=100,
        award_year=2015,
    )
    package, summary = exported(grants_to_export().filter(project=project))
    assert package["grants"] == []
    assert summary.skipped == {SKIPPED_NOT_PUBLISHED: 1}


def test_a_larger_generated_data_set_is_valid():
    rounds = [a_round() for _ in range(3)]
    authorities = [
        LocalAuthorityFactory(gss_code=f"{prefix}9{n:05d}")
        for prefix in ("E06", "E08", "E09", "E10")
        for n in range(5)
    ]
    for n in range(300):
        organisation = OrganisationFactory(
            org_id=f"GB-CHC-{1000000 + n}" if n % 2 else None, charity_number=""
        )
        project = ProjectFactory(
            round=rounds[n % 3],
            lead_organisation=organisation,
            name="" if n % 7 == 0 else f"Project {n}",
        )
        ProjectAreaFactory(project=project, authority=authorities[n % len(authorities)])
        Grant.objects.create(
            round=project.round,
            recipient=organisation,
            project=project,
            amount_pence=None if n % 10 == 0 else 100_000_00 + n,
            award_year=2015 if n % 3 else None,
            awarded_on=None if n % 3 else date(2016, 3, 1),
        )
    package, summary = exported(grants_to_export().filter(round__in=rounds))
    assert summary.written == 270
    assert summary.skipped == {SKIPPED_UNKNOWN_AMOUNT: 30}
    assert schema_errors(package) == []
    assert closed_codelist_errors(package) == []
    assert duplicate_grant_ids(package) == []


def test_write_package_writes_each_grant_before_reading_the_next(monkeypatch):
    """A generator of grants is consumed one at a time, and each is written as it comes."""
    project = ProjectFactory(round=a_round())
    grants = [
        Grant.objects.create(
            round=project.round,
            recipient=project.lead_organisation,
            project=ProjectFactory(round=project.round),
            amount_pence=100 + n,
            award_year=2015,
        )
        for n in range(5)
    ]
    stream = io.StringIO()
    consumed, written_when_consumed = [], []

    def lazily():
        for grant in grants:
            written_when_consumed.append(stream.getvalue().count('"amountAwarded"'))
            consumed.append(grant)
            yield grant

    summary = write_package(stream, lazily())
    assert summary.written == 5
    # When grant n was read, the n - 1 before it (apart from the one held back for the
    # publisher) were already in the file: nothing was gathered into a list first.
    assert written_when_consumed == [0, 1, 2, 3, 4]


def test_the_command_writes_the_file_and_says_what_it_skipped(loaded, tmp_path):
    path = tmp_path / "grants.json"
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("export_360giving", str(path), stdout=stdout, stderr=stderr)
    package = json.loads(path.read_text(encoding="utf-8"))
    assert schema_errors(package) == []
    assert f"Wrote {len(package['grants'])} grants" in stdout.getvalue()
    assert "unknown amount" in stdout.getvalue()
    assert "100%" in stderr.getvalue()  # the progress bar reached the end


def test_the_export_reads_the_database_in_a_few_queries_not_one_per_grant(
    loaded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        _, summary = exported()
    assert summary.written >= 20


@pytest.mark.parametrize(
    "round_kind", [{"state": Round.State.DRAFT}, {"is_demonstration": True}], ids=["draft", "demo"]
)
def test_grants_in_a_round_the_public_may_not_see_are_not_exported(round_kind):
    project = ProjectFactory(round=a_round(**round_kind))
    Grant.objects.create(
        round=project.round,
        recipient=project.lead_organisation,
        project=project,
        amount_pence=100,
        award_year=2015,
    )
    package, summary = exported(grants_to_export().filter(project=project))
    assert package["grants"] == []
    assert summary.skipped == {SKIPPED_NOT_PUBLISHED: 1}
