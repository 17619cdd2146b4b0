"""Sign-in links are limited per client as well as per email address (issue 15, point 5): one
client once queued links to 30 addresses in 1.9 seconds."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The start of a 15-minute window, so the wait a refusal gives is a whole window.
WINDOW_START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
SIGN_IN = reverse("accounts:sign_in")


def ask(client, email, capture, **headers):
    with capture(execute=True):
        return client.post(SIGN_IN, {"email": email}, **headers)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_one_client_asking_for_links_to_30_addresses_is_refused_after_the_limit(
    client, outbox, django_capture_on_commit_callbacks
):
    allowed, window_seconds = settings.RATE_LIMITS["sign_in_links_per_client"]
    assert allowed < 30
    with time_machine.travel(WINDOW_START, tick=False):
        responses = [
            ask(client, f"person{number}@example.org", django_capture_on_commit_callbacks)
            for number in range(30)
        ]

    assert [response.status_code for response in responses] == [302] * allowed + [429] * (
        30 - allowed
    )
    assert len(outbox) == allowed
    refused = text(responses[-1])
    minutes = window_seconds // 60
    message = (
        "Too many sign-in links have been asked for from this computer or network. "
        f"Try again in {minutes} minutes."
    )
    # A GOV.UK error summary linking to the field, the message at the field, the address kept.
    assert 'class="govuk-error-summary"' in refused
    assert f'<a href="#id_email">{message}</a>' in refused
    assert (
        '<p class="govuk-error-message" id="id_email-error">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}</p>'
    ) in refused
    assert 'value="person29@example.org"' in refused
    assert "<title>Error: Sign in" in refused


def test_another_client_is_not_refused_and_a_forged_forwarded_for_does_not_escape(
    client, outbox, django_capture_on_commit_callbacks
):
    allowed, _ = settings.RATE_LIMITS["sign_in_links_per_client"]
    with time_machine.travel(WINDOW_START, tick=False):
        for number in range(allowed):
            ask(client, f"person{number}@example.org", django_capture_on_commit_callbacks)
        # No proxy is trusted by default, so X-Forwarded-For cannot make a new client.
        forged = ask(
            client,
            "forged@example.org",
            django_capture_on_commit_callbacks,
            headers={"X-Forwarded-For": "203.0.113.9"},
        )
        elsewhere = ask(
            Client(REMOTE_ADDR="198.51.100.7"),
            "elsewhere@example.org",
            django_capture_on_commit_callbacks,
        )
    assert forged.status_code == 429
    assert elsewhere.status_code == 302
    assert [email.to for email, _subject, _body in outbox][-1] == "elsewhere@example.org"


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(
    client, settings, outbox, django_capture_on_commit_callbacks
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in_links_per_client": (2, 900)}
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    with time_machine.travel(WINDOW_START, tick=False):
        statuses = [
            ask(
                proxy,
                f"p{number}@example.org",
                django_capture_on_commit_callbacks,
                # The client wrote the first entry itself; the proxy appended the real one.
                headers={"X-Forwarded-For": f"1.1.1.{number}, 203.0.113.5"},
            ).status_code
            for number in range(3)
        ]
        other_client = ask(
            proxy,
            "other@example.org",
            django_capture_on_commit_callbacks,
            headers={"X-Forwarded-For": "203.0.113.6"},
        )
    assert statuses == [302, 302, 429]
    assert other_client.status_code == 302


def test_the_limit_resets_after_its_window(client, outbox, django_capture_on_commit_callbacks):
    allowed, window_seconds = settings.RATE_LIMITS["sign_in_links_per_client"]
    with time_machine.travel(WINDOW_START, tick=False) as traveller:
        for number in range(allowed):
            ask(client, f"person{number}@example.org", django_capture_on_commit_callbacks)
        traveller.shift(timedelta(seconds=window_seconds - 61))
        almost = ask(client, "almost@example.org", django_capture_on_commit_callbacks)
        assert almost.status_code == 429
        assert "Try again in 2 minutes." in text(almost)
        traveller.shift(timedelta(seconds=61))
        after = ask(client, "after@example.org", django_capture_on_commit_callbacks)
    assert after.status_code == 302
    assert len(outbox) == allowed + 1


def test_the_per_address_limit_still_holds_from_many_clients(
    outbox, django_capture_on_commit_callbacks
):
    responses = [
        ask(Client(REMOTE_ADDR=f"198.51.100.{number}"), "one@example.org", capture)
        for number, capture in enumerate([django_capture_on_commit_callbacks] * 6)
    ]
    assert [response.status_code for response in responses[:5]] == [302] * 5
    assert "too many sign-in links" in text(responses[5])
    assert len(outbox) == 5
