"""Signing in with a one-time emailed link, sessions that end, and the development sign-in page."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from innovation_fund.accounts.models import SignInLink, User
from innovation_fund.core.models import AuditEvent
from tests.factories import UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def ask_for_link(client, email, django_capture_on_commit_callbacks, outbox, next_url=None):
    data = {"email": email}
    if next_url:
        data["next"] = next_url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:sign_in"), data)
    assert response.status_code == 302
    body = outbox[-1][2]
    return re.search(r"http://\S+/sign-in/link/\S+/", body).group(0).split("8000", 1)[1]


def test_the_emailed_link_signs_a_new_person_in_and_makes_their_account(
    client, django_capture_on_commit_callbacks, outbox
):
    link = ask_for_link(
        client, "New.Person@Example.org", django_capture_on_commit_callbacks, outbox
    )
    assert outbox[-1][0].to == "new.person@example.org"
    # Opening the link does not spend it (email scanners open links); pressing Continue does.
    assert client.get(link).status_code == 200
    assert not SignInLink.objects.filter(used_at__isnull=False).exists()
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:name"))
    user = User.objects.get(email="new.person@example.org")
    assert client.get(reverse("accounts:home")).context["person"] == user
    assert AuditEvent.objects.filter(action="user.signed_in", object_id=str(user.pk)).exists()
    # The token itself is never stored.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not SignInLink.objects.filter(token_sha256=token).exists()


def test_a_link_works_once(client, django_capture_on_commit_callbacks, outbox):
    UserFactory(email="a@example.org", full_name="A")
    link = ask_for_link(client, "a@example.org", django_capture_on_commit_callbacks, outbox)
    client.post(link)
    client.post(reverse("accounts:sign_out"))
    response = client.post(link)
    assert "already been used" in response.content.decode()
    assert response.wsgi_request.user.is_anonymous


def test_an_expired_link_is_refused(client, django_capture_on_commit_callbacks, outbox, settings):
    link = ask_for_link(client, "a@example.org", django_capture_on_commit_callbacks, outbox)
    later = timezone.now() + timedelta(minutes=settings.SIGN_IN_LINK_MINUTES, seconds=1)
    with time_machine.travel(later):
        response = client.post(link)
    assert "expired" in response.content.decode()


def test_the_person_goes_back_where_they_were_going_but_never_off_site(
    client, django_capture_on_commit_callbacks, outbox
):
    UserFactory(email="a@example.org", full_name="A")
    link = ask_for_link(
        client, "a@example.org", django_capture_on_commit_callbacks, outbox, next_url="/bids/"
    )
    assert client.post(link)["Location"] == "/bids/"
    client.post(reverse("accounts:sign_out"))
    link = ask_for_link(
        client,
        "a@example.org",
        django_capture_on_commit_callbacks,
        outbox,
        next_url="https://evil.example/",
    )
    assert client.post(link)["Location"] == reverse("accounts:home")


def test_a_destination_with_a_query_string_survives_the_name_step(
    client, django_capture_on_commit_callbacks, outbox
):
    destination = "/bids/?state=submitted&sort=newest"
    link = ask_for_link(
        client, "new@example.org", django_capture_on_commit_callbacks, outbox, next_url=destination
    )
    location = client.post(link)["Location"]
    assert location.startswith(reverse("accounts:name") + "?")
    response = client.get(location)
    assert response.context["next_url"] == destination
    response = client.post(location, {"full_name": "New Person", "next": destination})
    assert response["Location"] == destination


def test_a_bad_email_address_is_shown_back_with_a_message(client):
    response = client.post(reverse("accounts:sign_in"), {"email": "not an email"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in html
    assert 'value="not an email"' in html
    assert "<title>Error:" in html


def test_too_many_links_in_an_hour_are_refused(client, django_capture_on_commit_callbacks, outbox):
    for _ in range(5):
        ask_for_link(client, "a@example.org", django_capture_on_commit_callbacks, outbox)
    response = client.post(reverse("accounts:sign_in"), {"email": "a@example.org"})
    assert "too many sign-in links" in response.content.decode()


def test_a_session_ends_eight_hours_after_signing_in(client, settings):
    user = UserFactory()
    sign_in(client, user)
    assert client.get(reverse("accounts:home")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_MAX_SECONDS + 1)):
        response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_signing_out_ends_the_session(client):
    sign_in(client, UserFactory())
    client.post(reverse("accounts:sign_out"))
    assert client.get(reverse("accounts:home")).status_code == 302


def test_a_link_alone_cannot_sign_anyone_out(client):
    """Another site could show a link or an image pointing at the sign-out address."""
    sign_in(client, UserFactory())
    page = client.get(reverse("accounts:sign_out"))
    assert page.status_code == 200
    assert '<button type="submit"' in page.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 200


def test_signing_out_needs_the_forms_csrf_token():
    client = Client(enforce_csrf_checks=True)
    sign_in(client, UserFactory())
    assert client.post(reverse("accounts:sign_out")).status_code == 403
    assert client.get(reverse("accounts:home")).status_code == 200


def test_the_sign_in_as_page_exists_only_in_development(client, settings):
    demo = UserFactory(is_demo=True, full_name="Demo editor")
    settings.DEBUG = False
    assert client.get(reverse("accounts:sign_in_as")).status_code == 404
    assert client.post(reverse("accounts:sign_in_as"), {"user": demo.pk}).status_code == 404
    settings.DEBUG = True
    assert "Demo editor" in client.get(reverse("accounts:sign_in_as")).content.decode()
    client.post(reverse("accounts:sign_in_as"), {"user": demo.pk})
    assert client.get(reverse("accounts:home")).context["person"] == demo


def test_sign_in_as_offers_only_demonstration_accounts(client, settings):
    real = UserFactory(is_demo=False)
    settings.DEBUG = True
    client.post(reverse("accounts:sign_in_as"), {"user": real.pk})
    assert client.get(reverse("accounts:home")).status_code == 302


def test_a_name_typed_after_the_session_ended_is_shown_back_after_signing_in(client):
    person = UserFactory(full_name="Old Name")
    url = reverse("accounts:name")
    assert client.post(url, {"full_name": "New Name"})["Location"].startswith(
        reverse("accounts:sign_in")
    )
    sign_in(client, person)  # keeps the session, as signing in by link does
    assert 'value="New Name"' in client.get(url).content.decode()
    person.refresh_from_db()
    assert person.full_name == "Old Name"
