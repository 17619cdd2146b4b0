"""Signing in with GOV.UK One Login (OpenID Connect) against a real provider on this machine:
the way in, and every answer that must be refused with a plain page and no session."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from innovation_fund.accounts.models import ExternalIdentity, User
from innovation_fund.accounts.oidc_views import PENDING
from innovation_fund.core.models import AuditEvent

from .local_provider import (
    CALLBACK_PATH,
    SHORT_LIVED_CLIENT_ID,
    running_provider,
    sign_in_at_provider,
    use_provider,
)

SERVICE = "http://testserver"
EMAIL = "alex.officer@example.org"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc"), SERVICE) as running:
        yield running


@pytest.fixture
def one_login(settings, provider):
    use_provider(settings, provider, SERVICE)
    return provider


def start(client: Client, next_url: str = "") -> str:
    response = client.post("/sign-in/oidc/", {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def come_back(client: Client, answer: dict[str, str]):
    return client.get(CALLBACK_PATH, answer)


def assert_refused(response, words: str, client: Client, *, earlier_sign_ins: int = 0) -> None:
    assert response.status_code in {400, 403}
    page = response.content.decode()
    assert "You could not sign in with GOV.UK One Login" in page
    assert words in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="user.signed_in").count() == earlier_sign_ins
    signed_in_sessions = [
        each for each in Session.objects.all() if "_auth_user_id" in each.get_decoded()
    ]
    assert len(signed_in_sessions) == earlier_sign_ins
    assert client.get("/account/").status_code == 302  # still signed out


def test_a_new_person_signs_in_and_is_known_by_the_providers_subject(one_login):
    client = Client()
    url = start(client, next_url="/account/")
    assert "code_challenge_method=S256" in url
    assert "nonce=" in url

    response = come_back(client, sign_in_at_provider(url, EMAIL))

    assert response.status_code == 302
    assert response["Location"].startswith("/account/name/")  # a new account: name asked first
    user = User.objects.get(email=EMAIL)
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.issuer == one_login.issuer
    assert identity.subject.startswith("urn:fdc:local:")
    assert identity.subject != EMAIL
    assert client.session["_auth_user_id"] == str(user.pk)
    actions = list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert sorted(actions) == ["user.created", "user.identity_linked", "user.signed_in"]
    signed_in = AuditEvent.objects.get(action="user.signed_in")
    assert signed_in.after["method"] == "oidc"


def test_a_known_email_is_linked_once_then_matched_by_subject_alone(one_login):
    known = User.objects.create_user(EMAIL, "Alex Officer")
    first = Client()
    response = come_back(first, sign_in_at_provider(start(first), EMAIL))
    assert response["Location"] == "/account/"
    assert ExternalIdentity.objects.get().user == known

    # The service's copy of the email changes: the subject still finds the same person.
    User.objects.filter(pk=known.pk).update(email="alex.new@example.org")
    second = Client()
    come_back(second, sign_in_at_provider(start(second), EMAIL))

    assert second.session["_auth_user_id"] == str(known.pk)
    assert User.objects.count() == 1


def test_a_wrong_nonce_is_refused(one_login):
    client = Client()
    url = start(client)
    session = client.session
    session[PENDING] = {**session[PENDING], "nonce": "a-nonce-from-another-visit"}
    session.save()

    response = come_back(client, sign_in_at_provider(url, EMAIL))

    assert_refused(response, "made for another visit", client)
    assert not User.objects.exists()


def test_an_expired_id_token_is_refused(settings, provider):
    use_provider(settings, provider, SERVICE, client_id=SHORT_LIVED_CLIENT_ID)
    settings.OIDC_CLOCK_LEEWAY_SECONDS = 0
    client = Client()
    answer = sign_in_at_provider(start(client), EMAIL)

    # The provider's ID tokens for this client live 1 second, and the service's clock runs 5
    # seconds ahead (inside the provider's 15-second tolerance for the client's own assertion).
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=5), tick=True):
        response = come_back(client, answer)

    assert_refused(response, "had expired", client)


def test_a_replayed_authorisation_code_is_refused_by_the_provider(one_login):
    first = Client()
    url = start(first)
    kept = first.session[PENDING]
    answer = sign_in_at_provider(url, EMAIL)
    assert come_back(first, answer).status_code == 302

    # Someone holding the same code (and everything the first browser kept) tries it again.
    replayer = Client()
    session = replayer.session
    session[PENDING] = kept
    session.save()
    response = come_back(replayer, answer)

    assert_refused(
        response, "did not accept this sign-in (invalid_grant)", replayer, earlier_sign_ins=1
    )


def test_a_state_that_is_not_this_browsers_is_refused(one_login):
    client = Client()
    answer = sign_in_at_provider(start(client), EMAIL)

    response = come_back(client, {**answer, "state": "someone-elses-state"})

    assert_refused(response, "does not belong to the sign-in you started", client)
    assert not User.objects.exists()


def test_an_answer_with_no_sign_in_started_is_refused(one_login):
    client = Client()

    response = come_back(client, {"code": "anything", "state": "anything"})

    assert_refused(response, "does not belong to a sign-in started in this browser", client)


def test_the_provider_saying_no_is_a_plain_page(one_login):
    client = Client()
    start(client)
    state = client.session[PENDING]["state"]

    response = come_back(client, {"error": "access_denied", "state": state})

    assert_refused(response, "did not sign you in", client)
