import csv
from datetime import date

import pytest
from django.conf import settings

from innovation_fund.core.models import AuditEvent, DataImport
from innovation_fund.places.loaders import load_authorities
from innovation_fund.places.loaders.authorities import DATASET, FILE
from innovation_fund.places.models import LocalAuthority, Region, Succession

pytestmark = pytest.mark.django_db


def _csv_rows(path=None):
    with (path or settings.SHARED_DATA_DIR / FILE).open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def _snapshot():
    return (
        sorted(
            LocalAuthority.objects.values_list(
                "gss_code", "name", "slug", "dfe_code", "region__code", "valid_from", "valid_to"
            )
        ),
        sorted(Region.objects.values_list("code", "name")),
        sorted(
            Succession.objects.values_list(
                "predecessor__gss_code", "successor__gss_code", "position"
            )
        ),
    )


def test_every_row_of_the_file_becomes_an_authority(places_data):
    rows = _csv_rows()
    assert LocalAuthority.objects.count() == len(rows) == 163
    assert Region.objects.count() == len({row["region_code"] for row in rows}) == 9
    for row in rows:
        authority = LocalAuthority.objects.get(gss_code=row["gss_code"])
        assert (authority.name, authority.dfe_code, authority.region.code) == (
            row["name"],
            row["dfe_la_code"],
            row["region_code"],
        )
        assert authority.valid_from == date.fromisoformat(row["valid_from"])
        expected_to = date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
        assert authority.valid_to == expected_to
    assert places_data["authorities"].problems == []


def test_successors_are_loaded_main_successor_first(places_data):
    expected = {
        (row["gss_code"], code, position)
        for row in _csv_rows()
        for position, code in enumerate(filter(None, row["replaced_by"].split(";")))
    }
    assert set(_snapshot()[2]) == expected
    dorset = LocalAuthority.objects.get(gss_code="E10000009")
    successors = [s.successor.gss_code for s in dorset.successions.order_by("position")]
    assert successors == ["E06000059", "E06000058"]
    bcp = LocalAuthority.objects.get(gss_code="E06000058")
    assert {a.gss_code for a in bcp.predecessors.all()} == {"E06000028", "E06000029", "E10000009"}


def test_slugs_are_unique_and_readable_where_names_repeat(places_data):
    slugs = dict(LocalAuthority.objects.values_list("gss_code", "slug"))
    assert len(set(slugs.values())) == len(slugs)
    assert slugs["E06000028"] == "bournemouth"
    assert slugs["E06000019"] == "herefordshire-county-of"
    assert slugs["E08000038"] == "barnsley"
    assert slugs["E08000016"] == "barnsley-until-2025"
    assert slugs["E06000060"] == "buckinghamshire"
    assert slugs["E10000002"] == "buckinghamshire-until-2020"


def test_the_first_load_records_one_import_and_one_audit_event(places_data):
    data_import = DataImport.objects.get(dataset=DATASET)
    assert data_import == places_data["authorities"].data_import
    assert data_import.file_name == str(FILE)
    assert len(data_import.file_sha256) == 64
    assert data_import.summary["tallies"]["authorities"]["created"] == 163
    event = AuditEvent.objects.get(object_type="core.dataimport", object_id=str(data_import.pk))
    assert event.actor is None
    assert event.actor_label == "loader:places"
    assert event.after["tallies"]["authorities"]["created"] == 163


def test_running_again_changes_nothing(places_data):
    before = _snapshot()
    imports, events = DataImport.objects.count(), AuditEvent.objects.count()

    report = load_authorities()

    assert not report.changed
    assert report.data_import is None
    assert report.created == report.updated == report.deleted == 0
    assert report.unchanged == 9 + 163 + 13
    assert _snapshot() == before
    assert (DataImport.objects.count(), AuditEvent.objects.count()) == (imports, events)


def test_a_changed_record_is_put_back_and_the_import_recorded(places_data):
    LocalAuthority.objects.filter(gss_code="E10000015").update(name="Herts")
    Succession.objects.filter(predecessor__gss_code="E10000021").delete()
    imports = DataImport.objects.count()

    report = load_authorities()

    assert report.tallies["authorities"].updated == 1
    assert report.tallies["successions"].created == 2
    assert LocalAuthority.objects.get(gss_code="E10000015").name == "Hertfordshire"
    assert DataImport.objects.count() == imports + 1
    assert AuditEvent.objects.filter(object_id=str(report.data_import.pk)).count() == 1


def test_a_bad_row_is_reported_and_the_rest_loaded(tmp_path):
    source = settings.SHARED_DATA_DIR / FILE
    target = tmp_path / FILE
    target.parent.mkdir(parents=True)
    lines = source.read_text(encoding="utf-8").splitlines()
    lines.append("E06009999,Nowhere,12,E12000001,North East,2009-01-01,,")
    lines.append("E06009998,Elsewhere,998,E12000001,North East,2010-01-01,2009-01-01,")
    lines.append("E06009997,Gone,997,E12000001,North East,2009-01-01,2010-01-01,E06009996")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = load_authorities(tmp_path)

    assert LocalAuthority.objects.count() == 164
    assert len(report.problems) == 3
    assert "not 3 digits" in report.problems[0]
    assert "before valid_from" in report.problems[1]
    assert "E06009996 is not a known authority" in report.problems[2]
    assert report.data_import.summary["problems"] == report.problems
