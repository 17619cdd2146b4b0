"""Production security headers (issue 15, point 4): a Content-Security-Policy without
'unsafe-inline', HSTS, HTTPS behind a proxy that sets X-Forwarded-Proto, and
`manage.py check --deploy` clean with the production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BEHIND_HTTPS_PROXY = {"X-Forwarded-Proto": "https"}


def directives(policy: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("url", [reverse("accounts:sign_in"), "/no-such-page/"])
def test_pages_have_a_content_security_policy_without_unsafe_inline(client, url):
    response = client.get(url)
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    found = directives(policy)
    assert found["default-src"] == ["'self'"]
    assert found["style-src"] == ["'self'"]
    assert found["object-src"] == ["'none'"]
    assert found["frame-ancestors"] == ["'none'"]
    nonces = [
        value.removeprefix("'nonce-").removesuffix("'")
        for value in found["script-src"]
        if value.startswith("'nonce-")
    ]
    assert found["script-src"][0] == "'self'" and len(nonces) == 1

    # Every inline script carries this response's nonce; nothing is styled inline.
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts, "the GOV.UK Frontend js-enabled snippet is expected on every page"
    for attributes in inline_scripts:
        assert f'nonce="{nonces[0]}"' in attributes
    assert not re.search(r"<style\b|\sstyle=", html)


def test_each_response_gets_a_new_nonce(client):
    first = client.get(reverse("accounts:sign_in")).headers["Content-Security-Policy"]
    second = client.get(reverse("accounts:sign_in")).headers["Content-Security-Policy"]
    assert first != second


def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("accounts:sign_in"), headers=BEHIND_HTTPS_PROXY)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    # Never over plain HTTP, where a browser must ignore it.
    assert "Strict-Transport-Security" not in client.get(reverse("accounts:sign_in")).headers


def test_behind_a_proxy_plain_http_is_redirected_and_https_is_served(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    plain = client.get(reverse("accounts:sign_in"))
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver" + reverse("accounts:sign_in")
    assert client.get(reverse("accounts:sign_in"), headers=BEHIND_HTTPS_PROXY).status_code == 200
    # The load balancer's health check may stay on plain HTTP.
    assert client.get("/health/").status_code in (200, 503)


def production_environment(**more: str) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_TESTING", "DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
        and not name.startswith(("DJANGO_HSTS", "DJANGO_SECURE"))
    }
    return environment | {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "innovation-fund.example.gov.uk",
        **more,
    }


def test_check_deploy_is_clean_with_the_production_settings():
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_check_deploy_still_catches_a_production_setting_turned_off():
    # So the test above can fail: the check does look at this project's settings.
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(DJANGO_HSTS_SECONDS="0"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
