"""The three real published files import completely, and importing one again changes nothing."""

import pytest
from django.conf import settings

from innovation_fund.core.models import AuditEvent
from innovation_fund.otherfunders import services
from innovation_fund.otherfunders.models import (
    ImportedFile,
    OtherFunderGrant,
    OtherFunderGrantLocation,
)

SAMPLES = settings.OPENDATA_STANDARD_DIR / "samples"
pytestmark = pytest.mark.django_db


def check_and_import(file_name: str, publisher: str = "A publisher"):
    received = services.receive_path(SAMPLES / file_name, publisher_name=publisher)
    checked = services.check_received_file(received.pk)
    assert checked.status == ImportedFile.Status.READY, checked.report
    return checked, services.import_checked_file(checked)


def notices_by_check(imported_file) -> dict[str, dict]:
    return {notice["check"]: notice for notice in imported_file.report["notices"]}


@pytest.mark.parametrize(
    ("file_name", "grants"),
    [
        ("abct-a001p00000zgyHZAAY.json", 783),
        ("alwf-a003W000001B7PzQAK.json", 475),
        ("abct-a001p00000zgyHZAAY.original.xlsx", 783),
    ],
)
def test_a_foundations_file_imports_every_grant(file_name, grants):
    checked, counts = check_and_import(file_name)
    assert (counts.added, counts.changed, counts.unchanged) == (grants, 0, 0)
    assert OtherFunderGrant.objects.filter(imported_file=checked).count() == grants


def test_the_government_file_imports_every_grant_and_arrives_with_many_notices():
    checked, counts = check_and_import("ggis-grant-awards-2016-17.json", "Cabinet Office")
    assert counts.added == 3351 == OtherFunderGrant.objects.count()
    notices = notices_by_check(checked)
    # Bare GOR codes such as "D9" for funders and unprefixed recipient ids, on every grant.
    assert notices["FundingOrgUnrecognisedPrefix"]["count"] == 3351
    assert notices["RecipientOrgUnrecognisedPrefix"]["count"] == 3351
    assert notices["ZeroAmountTest"]["critical"]
    assert len(notices) >= 10
    funders = set(OtherFunderGrant.objects.values_list("funder_org_id", flat=True))
    assert funders == {"D9", "D18"}


def test_importing_the_same_file_again_changes_nothing():
    check_and_import("alwf-a003W000001B7PzQAK.json")
    before = list(OtherFunderGrant.objects.order_by("grant_id").values())
    locations_before = list(OtherFunderGrantLocation.objects.order_by("pk").values())

    again, counts = check_and_import("alwf-a003W000001B7PzQAK.json")

    assert (counts.added, counts.changed, counts.unchanged) == (0, 0, 475)
    assert list(OtherFunderGrant.objects.order_by("grant_id").values()) == before
    assert list(OtherFunderGrantLocation.objects.order_by("pk").values()) == locations_before
    assert again.grants_unchanged == 475
    assert AuditEvent.objects.filter(action="otherfunders.file_imported").count() == 2


def test_london_boroughs_named_by_geocode_are_matched_to_their_authority(loaded):
    check_and_import("alwf-a003W000001B7PzQAK.json")
    matched = OtherFunderGrantLocation.objects.filter(authority__isnull=False)
    assert matched.exists()
    assert all(location.geo_code == location.authority.gss_code for location in matched)
    assert {location.geo_code_type for location in matched} == {"LONB"}
