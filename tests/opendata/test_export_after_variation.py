"""The 360Giving file shows a grant as it stands now: its current amount and its planned dates
(`plannedDates`), moved by approved variations; dates no record gives are left out."""

from datetime import date

import pytest

from innovation_fund.grants.models import Grant, Variation
from innovation_fund.grants.services.variations import approve_variation, request_variation
from innovation_fund.opendata.export import grant_records, grants_to_export
from tests.factories import ProjectFactory
from tests.grants.variation_builders import live_grant

pytestmark = pytest.mark.django_db

Kind = Variation.Kind


def exported(grant) -> dict:
    (record,) = grant_records(grants_to_export().filter(pk=grant.pk))
    return record


def varied_grant():
    cast = live_grant()
    # Announced in the past, so the export may publish it (a future award date is held back).
    Grant.objects.filter(pk=cast.grant.pk).update(awarded_on=date(2026, 3, 1))
    for fields in [
        {"kind": Kind.EXTEND, "proposed_ends_on": date(2029, 9, 30)},
        {
            "kind": Kind.AMOUNT,
            "proposed_amount_pence": 112_500_50,
            "proposed_years": {2027: 60_000_00, 2028: 40_000_00, 2029: 12_500_50},
        },
    ]:
        variation = request_variation(cast.officer, cast.grant, reason="Needed", **fields)
        approve_variation(cast.manager, variation, reasons="Agreed")
    cast.grant.refresh_from_db()
    return cast


def test_the_export_shows_the_current_amount_and_planned_dates():
    cast = varied_grant()
    record = exported(cast.grant)
    assert str(record["amountAwarded"]) == "112500.5"
    assert record["plannedDates"] == [{"startDate": "2027-04-01", "endDate": "2029-09-30"}]


def test_before_any_variation_the_export_shows_the_award_as_made():
    cast = live_grant()
    Grant.objects.filter(pk=cast.grant.pk).update(awarded_on=date(2026, 3, 1))
    record = exported(cast.grant)
    assert str(record["amountAwarded"]) == "100000"
    assert record["plannedDates"] == [{"startDate": "2027-04-01", "endDate": "2029-03-31"}]


def test_a_historic_grant_without_dates_has_no_planned_dates():
    project = ProjectFactory(starts_on=None, ends_on=None)
    grant = Grant.objects.create(
        round=project.round,
        recipient=project.lead_organisation,
        project=project,
        amount_pence=100_00,
        awarded_on=date(2016, 2, 1),
        state=Grant.State.RECORDED,
    )
    assert "plannedDates" not in exported(grant)


def test_a_historic_grant_with_only_an_end_gives_only_the_end():
    project = ProjectFactory(starts_on=None, ends_on=date(2018, 3, 31))
    grant = Grant.objects.create(
        round=project.round,
        recipient=project.lead_organisation,
        project=project,
        amount_pence=100_00,
        awarded_on=date(2016, 2, 1),
        state=Grant.State.RECORDED,
    )
    assert exported(grant)["plannedDates"] == [{"endDate": "2018-03-31"}]
