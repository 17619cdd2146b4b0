"""Django admin is for looking only: nobody, superusers included, can add, change or delete a
record through it, so nothing changes without its service's checks and audit event."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.models import Programme
from tests.factories import FocusAreaFactory, ProgrammeFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def every_admin():
    """Each registered ModelAdmin and each of its inlines."""
    for model, model_admin in admin.site._registry.items():
        yield model._meta.label, model_admin
        for inline in model_admin.inlines:
            yield (
                f"{model._meta.label} inline {inline.model._meta.label}",
                inline(model, admin.site),
            )


def test_no_admin_lets_even_a_superuser_add_change_or_delete(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    project_admins = [
        (name, each) for name, each in every_admin() if "innovation_fund" in (type(each).__module__)
    ]

    assert len(project_admins) > 10  # the registry really was walked
    for name, model_admin in project_admins:
        assert model_admin.has_view_permission(request), name
        assert not model_admin.has_add_permission(request, None), name
        assert not model_admin.has_change_permission(request, None), name
        assert not model_admin.has_delete_permission(request, None), name


def test_a_superuser_can_look_at_a_record(client, superuser):
    programme = ProgrammeFactory(name="The programme")
    FocusAreaFactory(round__programme=programme, name="Early help")
    sign_in(client, superuser)

    listing = client.get(reverse("admin:programmes_programme_changelist"))
    record_page = client.get(reverse("admin:programmes_programme_change", args=[programme.pk]))

    assert listing.status_code == 200
    assert "The programme" in listing.content.decode()
    assert record_page.status_code == 200
    assert 'name="_save"' not in record_page.content.decode()


def test_a_change_posted_to_admin_is_refused_and_nothing_changes(client, superuser):
    programme = ProgrammeFactory(name="The programme", budget_pence=100_00)
    sign_in(client, superuser)
    events_before = AuditEvent.objects.count()

    change = client.post(
        reverse("admin:programmes_programme_change", args=[programme.pk]),
        {"name": "Changed behind the audit trail", "budget_pence": "1"},
    )
    add = client.post(reverse("admin:programmes_programme_add"), {"name": "New"})
    delete = client.post(
        reverse("admin:programmes_programme_delete", args=[programme.pk]), {"post": "yes"}
    )

    assert (change.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    programme.refresh_from_db()
    assert (programme.name, programme.budget_pence) == ("The programme", 100_00)
    assert Programme.objects.count() == 1
    assert AuditEvent.objects.count() == events_before
