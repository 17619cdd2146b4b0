import pytest
from django.db import transaction

from innovation_fund.core.loading import (
    CREATED,
    UNCHANGED,
    UPDATED,
    record_data_import,
    sync_rows,
    upsert,
)
from innovation_fund.core.models import AuditEvent
from innovation_fund.places.models import Region

pytestmark = pytest.mark.django_db


def test_upsert_creates_then_writes_only_what_differs():
    region, status = upsert(Region, {"code": "E12000001"}, {"name": "North East"})
    assert status == CREATED
    _, status = upsert(Region, {"code": "E12000001"}, {"name": "North East"})
    assert status == UNCHANGED
    _, status = upsert(Region, {"code": "E12000001"}, {"name": "North East England"})
    assert status == UPDATED
    region.refresh_from_db()
    assert region.name == "North East England"


def test_sync_rows_counts_and_deletes_what_the_file_no_longer_has():
    Region.objects.create(code="E12000001", name="North East")
    Region.objects.create(code="E12000009", name="Gone")
    tally = sync_rows(
        Region,
        key=["code"],
        wanted={("E12000001",): {"name": "North East"}, ("E12000002",): {"name": "North West"}},
        existing=Region.objects.all(),
        delete_missing=True,
    )
    assert (tally.created, tally.updated, tally.unchanged, tally.deleted) == (1, 0, 1, 1)
    assert sorted(Region.objects.values_list("code", flat=True)) == ["E12000001", "E12000002"]


def test_an_import_is_logged_with_its_audit_event():
    with transaction.atomic():
        data_import = record_data_import(
            dataset="test",
            actor_label="loader:test",
            file_name="file.csv",
            file_sha256="a" * 64,
            summary={"rows": 3},
        )
    event = AuditEvent.objects.get(object_id=str(data_import.pk))
    assert event.action == "data_import.created"
    assert event.after == {"file_name": "file.csv", "file_sha256": "a" * 64, "rows": 3}
