"""Receiving, checking and importing: one transaction each, audited, all or nothing."""

import pytest
from django.db import DatabaseError

from innovation_fund.core.models import AuditEvent
from innovation_fund.opendata.models import IndexedGrant
from innovation_fund.otherfunders import services, upserting
from innovation_fund.otherfunders.models import (
    ImportedFile,
    OtherFunderGrant,
    OtherFunderGrantLocation,
)
from tests.factories import LocalAuthorityFactory, UserFactory

from .builders import a_file, a_grant

pytestmark = pytest.mark.django_db


def checked(path, publisher="A funder"):
    received = services.receive_path(path, publisher_name=publisher)
    return services.check_received_file(received.pk)


def test_a_grant_is_kept_with_its_fields_its_file_and_its_whole_record(tmp_path):
    grant = a_grant(amountAwarded=1000.105, awardDate="2019-04-01T23:30:00+00:00")
    imported_file = checked(a_file(tmp_path, [grant]), publisher="The Example Trust")
    services.import_checked_file(imported_file)
    kept = OtherFunderGrant.objects.get()
    assert kept.imported_file == imported_file
    assert kept.amount_awarded_minor == 100_011  # pence, rounded half up
    assert kept.award_date.isoformat() == "2019-04-01"  # the day as published
    assert (kept.recipient_org_id, kept.funder_name) == ("GB-CHC-1000147", "A funder")
    assert kept.data == grant
    assert kept.imported_file.publisher_name == "The Example Trust"


def test_a_file_is_all_or_nothing(tmp_path, monkeypatch):
    imported_file = checked(a_file(tmp_path, [a_grant(1), a_grant(2)]))

    def fail(*args, **kwargs):
        raise DatabaseError("the database fell over half way")

    monkeypatch.setattr(OtherFunderGrantLocation.objects, "bulk_create", fail)
    with pytest.raises(DatabaseError):
        services.import_checked_file(imported_file)
    assert not OtherFunderGrant.objects.exists()
    imported_file.refresh_from_db()
    assert imported_file.status == ImportedFile.Status.READY
    assert not AuditEvent.objects.filter(action="otherfunders.file_imported").exists()


def test_a_newer_file_changes_what_changed_and_adds_what_is_new(tmp_path):
    services.import_checked_file(checked(a_file(tmp_path, [a_grant(1), a_grant(2)])))
    newer = [a_grant(1), a_grant(2, title="Grant 2, renamed"), a_grant(3)]
    second = checked(a_file(tmp_path, newer, name="newer.json"))
    counts = services.import_checked_file(second)
    assert (counts.added, counts.changed, counts.unchanged) == (1, 1, 1)
    renamed = OtherFunderGrant.objects.get(grant_id="360G-example-2")
    assert renamed.title == "Grant 2, renamed"
    assert renamed.imported_file == second
    assert OtherFunderGrant.objects.get(grant_id="360G-example-1").imported_file != second


def test_a_changed_grants_places_are_replaced(tmp_path):
    place = {"geoCode": "E09000001", "geoCodeType": "LONB", "name": "City of London"}
    services.import_checked_file(
        checked(a_file(tmp_path, [a_grant(1, beneficiaryLocation=[place])]))
    )
    moved = {"geoCode": "E09000002", "geoCodeType": "LONB", "name": "Barking"}
    services.import_checked_file(
        checked(a_file(tmp_path, [a_grant(1, beneficiaryLocation=[moved])], name="b.json"))
    )
    assert list(OtherFunderGrantLocation.objects.values_list("geo_code", flat=True)) == [
        "E09000002"
    ]


def test_places_are_matched_to_authorities_by_gss_code(tmp_path):
    authority = LocalAuthorityFactory(gss_code="E09000033")
    recipient = {
        "id": "GB-CHC-1000147",
        "name": "A charity",
        "location": [{"geoCode": "E09000033", "geoCodeType": "LONB"}],
    }
    grant = a_grant(
        1,
        recipientOrganization=[recipient],
        beneficiaryLocation=[{"geoCode": "E12000007", "geoCodeType": "RGN/GOR"}],
    )
    services.import_checked_file(checked(a_file(tmp_path, [grant])))
    by_kind = {
        location.kind: location.authority for location in OtherFunderGrantLocation.objects.all()
    }
    assert by_kind == {"recipient": authority, "beneficiary": None}


def test_a_file_with_errors_cannot_be_imported(tmp_path):
    invalid = checked(a_file(tmp_path, [a_grant(1, awardDate="01/04/2019")]))
    assert invalid.status == ImportedFile.Status.INVALID
    with pytest.raises(services.NotImportable, match="has no errors"):
        services.import_checked_file(invalid)


def test_a_file_cannot_be_imported_twice(tmp_path):
    imported_file = checked(a_file(tmp_path, [a_grant(1)]))
    services.import_checked_file(imported_file)
    with pytest.raises(services.NotImportable, match="already been imported"):
        services.import_checked_file(imported_file)


def test_the_programmes_own_grants_are_refused(tmp_path, settings):
    own = a_grant(1, id=f"{settings.OPENDATA_GRANT_ID_PREFIX}R1-001")
    refused = checked(a_file(tmp_path, [own, a_grant(2)]))
    assert refused.status == ImportedFile.Status.INVALID
    assert refused.report["own_grant_ids"] == [own["id"]]


def test_each_step_is_audited(tmp_path):
    imported_file = checked(a_file(tmp_path, [a_grant(1)]), publisher="The Example Trust")
    services.import_checked_file(imported_file)
    events = AuditEvent.objects.filter(object_id=str(imported_file.pk)).order_by("pk")
    assert [event.action for event in events] == [
        "otherfunders.file_received",
        "otherfunders.file_checked",
        "otherfunders.file_imported",
    ]
    assert events[0].after["publisher_name"] == "The Example Trust"
    assert events[1].after["status"] == "ready"
    assert events[2].after == {"added": 1, "changed": 0, "unchanged": 0}


def test_checking_a_file_twice_keeps_the_first_report(tmp_path):
    imported_file = checked(a_file(tmp_path, [a_grant(1)]))
    again = services.check_received_file(imported_file.pk)
    assert again.checked_at == imported_file.checked_at
    assert AuditEvent.objects.filter(action="otherfunders.file_checked").count() == 1


def test_a_received_file_is_checked_in_the_background_once_committed(
    tmp_path, django_capture_on_commit_callbacks
):
    path = a_file(tmp_path, [a_grant(1)])
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as handle:
        from django.core.files import File

        received = services.receive_file(
            File(handle, name="grants.json"), original_name="grants.json", publisher_name="X"
        )
    received.refresh_from_db()
    assert received.status == ImportedFile.Status.READY


def test_a_fault_while_checking_is_reported_not_left_checking_for_ever(tmp_path, monkeypatch):
    from innovation_fund.otherfunders import checking

    def broken(*args, **kwargs):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(checking.QualityRun, "add", broken)
    imported_file = checked(a_file(tmp_path, [a_grant(1)]))
    assert imported_file.status == ImportedFile.Status.UNREADABLE
    assert "A fault in this service, not in your file" in imported_file.report["read_error"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"awardDate": "2019-02-30"}, "awardDate", "is not a day on the calendar"),
        ({"awardDate": "0000-01-01"}, "awardDate", "is not a day on the calendar"),
        ({"amountAwarded": 1e20}, "amountAwarded", "is too large to be a grant's amount"),
        ({"id": "360G-x-" + "9" * 500}, "id", "characters long; at most 500"),
    ],
)
def test_values_the_schema_allows_but_cannot_be_real_make_the_file_invalid(
    tmp_path, changes, field, message
):
    invalid = checked(a_file(tmp_path, [a_grant(1), a_grant(2, **changes)]))
    assert invalid.status == ImportedFile.Status.INVALID
    assert invalid.report["schema_error_count"] == 0
    (error,) = invalid.report["value_errors"]
    assert error["path"] == f"grants/1/{field}"
    assert message in error["message"]


def test_another_publishers_grant_ids_are_refused_not_taken_over(tmp_path):
    services.import_checked_file(checked(a_file(tmp_path, [a_grant(1)]), publisher="Trust A"))
    same_id = [a_grant(1, title="Someone else's"), a_grant(2)]
    other = checked(a_file(tmp_path, same_id, name="b.json"), publisher="Trust B")
    with pytest.raises(services.NotImportable, match="1 grant id is already held from another"):
        services.import_checked_file(other)
    assert OtherFunderGrant.objects.get().title == "Grant 1"


def test_a_file_is_imported_in_batches_and_still_all_or_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(upserting, "IMPORT_BATCH", 2)
    grants = [a_grant(n, amountAwarded=1000.5 + n) for n in range(1, 6)]
    counts = services.import_checked_file(checked(a_file(tmp_path, grants), publisher="Trust A"))
    assert (counts.added, counts.changed, counts.unchanged) == (5, 0, 0)
    assert OtherFunderGrant.objects.count() == 5
    # The same grants again, read a batch at a time, hash as they did: nothing changes.
    again = checked(a_file(tmp_path, grants, name="again.json"), publisher="Trust A")
    assert services.import_checked_file(again).unchanged == 5
    # Another publisher's file whose last batch holds a grant of Trust A's: nothing is written,
    # not even its first batches.
    theirs = [a_grant(n) for n in range(10, 14)] + [a_grant(5, title="Taken over")]
    other = checked(a_file(tmp_path, theirs, name="b.json"), publisher="Trust B")
    with pytest.raises(services.NotImportable, match="already held from another"):
        services.import_checked_file(other)
    assert OtherFunderGrant.objects.count() == 5
    assert not IndexedGrant.objects.filter(grant_id=a_grant(10)["id"]).exists()


def test_the_same_publisher_written_differently_may_update_its_grants(tmp_path):
    services.import_checked_file(checked(a_file(tmp_path, [a_grant(1)]), publisher="Trust  A"))
    newer = checked(a_file(tmp_path, [a_grant(1, title="New")], name="b.json"), publisher="trust a")
    assert services.import_checked_file(newer).changed == 1


def test_a_queued_import_runs_in_the_background_once_committed(
    tmp_path, django_capture_on_commit_callbacks
):
    person = UserFactory()
    imported_file = checked(a_file(tmp_path, [a_grant(1)]))
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.queue_import(imported_file, by=person)
        assert queued.status == ImportedFile.Status.IMPORTING
    imported_file.refresh_from_db()
    assert imported_file.status == ImportedFile.Status.IMPORTED
    assert imported_file.imported_by == person
    with pytest.raises(services.NotImportable, match="already been imported"):
        services.queue_import(imported_file, by=person)


def test_a_fault_while_importing_in_the_background_is_reported_and_nothing_is_kept(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    imported_file = checked(a_file(tmp_path, [a_grant(1)]))

    def broken(*args, **kwargs):
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(OtherFunderGrantLocation.objects, "bulk_create", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_import(imported_file, by=UserFactory())
    imported_file.refresh_from_db()
    assert imported_file.status == ImportedFile.Status.READY
    assert "A fault in this service" in imported_file.import_error
    assert not OtherFunderGrant.objects.exists()


def test_the_report_says_what_the_file_holds(tmp_path):
    grants = [
        a_grant(1, awardDate="2018-05-01"),
        a_grant(2, awardDate="2019-04-01", amountAwarded=2000),
        a_grant(3, currency="USD", amountAwarded=50, awardDate="2019-01-01"),
    ]
    summary = checked(a_file(tmp_path, grants)).report["summary"]
    assert (summary["first_award_date"], summary["last_award_date"]) == (
        "2018-05-01",
        "2019-04-01",
    )
    assert summary["amounts"] == [
        {"currency": "GBP", "grants": 2, "total": "3001"},
        {"currency": "USD", "grants": 1, "total": "50"},
    ]
    assert (summary["funders"], summary["recipients"]) == (1, 1)


def spy_on_stored_names(monkeypatch, model, field_name) -> list[str]:
    """The names a file field's storage saves files under, as it saves them."""
    storage = model._meta.get_field(field_name).storage
    real_save = storage.save
    names: list[str] = []

    def save(name, content, *args, **kwargs):
        names.append(real_save(name, content, *args, **kwargs))
        return names[-1]

    monkeypatch.setattr(storage, "save", save)
    return names


def test_an_upload_stored_before_a_failure_is_not_left_behind(tmp_path, monkeypatch):
    names = spy_on_stored_names(monkeypatch, ImportedFile, "file")
    storage = ImportedFile._meta.get_field("file").storage

    def failing_record(**kwargs):
        raise DatabaseError("audit failed")

    monkeypatch.setattr(services, "record", failing_record)
    with pytest.raises(DatabaseError, match="audit failed"):
        services.receive_path(a_file(tmp_path, [a_grant(1)]), publisher_name="The Trust")

    assert len(names) == 1
    assert not storage.exists(names[0])
    assert not ImportedFile.objects.exists()


def test_a_checked_package_stored_before_a_failure_is_not_left_behind(tmp_path, monkeypatch):
    received = services.receive_path(a_file(tmp_path, [a_grant(1)]), publisher_name="The Trust")
    names = spy_on_stored_names(monkeypatch, ImportedFile, "package")
    storage = ImportedFile._meta.get_field("package").storage

    def failing_record(**kwargs):
        raise DatabaseError("audit failed")

    monkeypatch.setattr(services, "record", failing_record)
    with pytest.raises(DatabaseError, match="audit failed"):
        services.check_received_file(received.pk)

    assert len(names) == 1
    assert not storage.exists(names[0])
    received.refresh_from_db()
    assert not received.package
