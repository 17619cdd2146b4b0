import pytest
from django.db import transaction

from innovation_fund.core.audit import AuditOutsideTransaction, changed_fields, record, snapshot
from innovation_fund.core.models import AuditEvent
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_event_is_recorded_inside_the_changes_transaction():
    organisation = OrganisationFactory(name="Family Rights Group")
    with transaction.atomic():
        event = record(
            actor=None,
            actor_label="test",
            action="organisation.renamed",
            target=organisation,
            before={"name": "FRG"},
            after=snapshot(organisation, ["name"]),
        )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.object_type == "organisations.organisation"
    assert stored.object_id == str(organisation.pk)
    assert stored.after == {"name": "Family Rights Group"}


def test_an_event_rolls_back_with_a_failed_change():
    organisation = OrganisationFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=None, actor_label="test", action="x", target=organisation)
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    organisation = OrganisationFactory()
    with pytest.raises(AuditOutsideTransaction):
        record(actor=None, actor_label="test", action="x", target=organisation)
    assert not AuditEvent.objects.exists()


def test_events_cannot_be_changed_or_deleted():
    organisation = OrganisationFactory()
    with transaction.atomic():
        event = record(actor=None, actor_label="test", action="x", target=organisation)
    event.action = "y"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="y")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_changed_fields_keeps_only_what_differs():
    assert changed_fields({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})
