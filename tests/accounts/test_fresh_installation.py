"""Setting up a fresh installation: the bootstrap command makes the first person who may create
programmes, and `createsuperuser`'s account can sign in to /admin/ (by password or email link)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from innovation_fund.accounts.models import User
from innovation_fund.accounts.services import new_sign_in_link
from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.models import Programme, ProgrammeRole
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def bootstrap(*args) -> str:
    out = io.StringIO()
    call_command("create_programme_manager", *args, stdout=out)
    return out.getvalue()


def link_path(output: str) -> str:
    return re.search(r"https?://[^/\s]+(/sign-in/link/\S+/)", output).group(1)


def test_the_first_programme_manager_signs_in_with_the_printed_link_and_creates_a_programme(
    client, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = bootstrap("--email", "First.Manager@Example.gov.uk", "--name", "Fran First")
    person = User.objects.get()
    assert person.email == "first.manager@example.gov.uk" and person.full_name == "Fran First"
    assert AuditEvent.objects.filter(
        action="user.allowed_to_create_programmes", object_id=str(person.pk)
    ).exists()
    path = link_path(output)
    assert [email.template for email, _s, _b in outbox] == ["programme_manager_sign_in"]
    assert path in outbox[0][2]
    client.post(path)
    assert int(client.session["_auth_user_id"]) == person.pk
    # Holding no programme yet, their account page still leads them to set one up.
    assert reverse("programmes:list") in client.get(reverse("accounts:home")).content.decode()
    response = client.get(reverse("programmes:create"))
    assert response.status_code == 200


def test_the_account_page_offers_setting_up_programmes_only_to_those_allowed(client):
    manager = ProgrammeRoleFactory(role="assessor").user
    sign_in(client, manager)
    assert reverse("programmes:list") not in client.get(reverse("accounts:home")).content.decode()


def test_the_command_can_appoint_the_first_manager_of_a_loaded_programme():
    programme = ProgrammeFactory(slug="real-programme")
    output = bootstrap("--email", "m@example.org", "--name", "M", "--programme", "real-programme")
    assert programme.name in output
    role = ProgrammeRole.objects.get(programme=programme)
    assert role.user.email == "m@example.org" and role.role == "programme_manager"
    with pytest.raises(CommandError, match="already has a manager"):
        bootstrap("--email", "n@example.org", "--name", "N", "--programme", "real-programme")
    with pytest.raises(CommandError, match="No programme"):
        bootstrap("--email", "n@example.org", "--name", "N", "--programme", "nope")
    assert not User.objects.filter(email="n@example.org").exists()


def test_running_it_twice_changes_nothing_more():
    bootstrap("--email", "m@example.org", "--name", "M")
    events = AuditEvent.objects.count()
    bootstrap("--email", "m@example.org", "--name", "M")
    assert User.objects.count() == 1
    # Only the second link's creation, which is not audited, is new.
    assert AuditEvent.objects.count() == events


def test_someone_without_the_bootstrap_cannot_create_programmes(client):
    manager = ProgrammeRoleFactory().user
    sign_in(client, manager)
    assert client.get(reverse("programmes:create")).status_code == 404
    assert not Programme.objects.filter(name="x").exists()


def test_createsuperuser_sets_a_password_that_signs_in_to_admin(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long admin passphrase 42")
    call_command(
        "createsuperuser", "--noinput", "--email", "admin@example.org", stdout=io.StringIO()
    )
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_superuser and admin.has_usable_password()
    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {
            "username": "admin@example.org",
            "password": "a long admin passphrase 42",
            "next": "/admin/",
        },
    )
    assert response.status_code == 302
    # The session survives the next request (its sign-in time was noted) and admin opens.
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_page_offers_an_email_link_which_gets_a_staff_account_in(client):
    page = client.get(reverse("admin:login") + "?next=/admin/").content.decode()
    assert "sign in with a link sent by email" in page
    assert reverse("accounts:sign_in") + "?next=/admin/" in page
    User.objects.create_superuser("nopassword@example.org", "Ada Admin")
    with transaction.atomic():
        link = new_sign_in_link("nopassword@example.org", "/admin/")
    response = client.post("/" + link.split("/", 3)[3])
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_admin_password_does_not_get_in(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long admin passphrase 42")
    call_command("createsuperuser", "--noinput", "--email", "a@example.org", stdout=io.StringIO())
    client.post(reverse("admin:login"), {"username": "a@example.org", "password": "wrong"})
    assert client.get("/admin/").status_code == 302
