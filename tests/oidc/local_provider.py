"""A real OpenID Connect provider (npm `oidc-provider`, `provider.mjs`) started on this machine for
the tests, the service's client key it trusts, and a person signing in at its login page over HTTP.

`make setup` runs `npm ci`, so a missing oidc-provider is a failure, never a skip.
"""

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from joserfc.jwk import RSAKey

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_JS = Path(__file__).resolve().parent / "provider.mjs"
OIDC_PROVIDER_PACKAGE = ROOT / "node_modules" / "oidc-provider"
CLIENT_ID = "innovation-fund"
SHORT_LIVED_CLIENT_ID = "innovation-fund-short-lived"  # its ID tokens expire after 1 second
CALLBACK_PATH = "/sign-in/oidc/callback/"
STARTUP_SECONDS = 15


@dataclass(frozen=True)
class LocalProvider:
    issuer: str
    private_key_path: Path


def new_client_key(directory: Path) -> tuple[Path, dict]:
    """A fresh RSA key for the service: its PEM file, and the public JWKS the provider is given."""
    key = RSAKey.generate_key(2048)
    path = directory / "service-key.pem"
    path.write_bytes(key.as_pem(private=True))
    public = key.as_dict(private=False)
    return path, {"keys": [{**public, "use": "sig", "alg": "RS256"}]}


@contextmanager
def running_provider(directory: Path, service_base_url: str) -> Iterator[LocalProvider]:
    node = shutil.which("node")
    if node is None or not OIDC_PROVIDER_PACKAGE.exists():
        pytest.fail(
            f"The OpenID Connect tests need Node and {OIDC_PROVIDER_PACKAGE}: run `npm ci` "
            "(or `make setup`).",
            pytrace=False,
        )
    key_path, jwks = new_client_key(directory)
    redirect_uris = [service_base_url.rstrip("/") + CALLBACK_PATH]
    config = directory / "provider.json"
    config.write_text(
        json.dumps(
            {
                "clients": [
                    {"client_id": client_id, "redirect_uris": redirect_uris, "jwks": jwks}
                    for client_id in (CLIENT_ID, SHORT_LIVED_CLIENT_ID)
                ]
            }
        )
    )
    log = directory / "provider.log"  # its development-only warnings, and any error
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 (our own script, no shell)
            [node, str(PROVIDER_JS), str(config)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
        )
    try:
        line = process.stdout.readline()
        if not line.startswith("listening "):
            process.kill()
            pytest.fail(f"The OpenID Connect provider did not start: {line}{log.read_text()}")
        yield LocalProvider(issuer=line.split()[1], private_key_path=key_path)
    finally:
        process.terminate()
        process.wait(timeout=STARTUP_SECONDS)


def use_provider(settings, provider: LocalProvider, service_base_url: str, client_id=CLIENT_ID):
    """Point the service at the local provider (pytest-django's `settings` undoes it after)."""
    settings.SERVICE_BASE_URL = service_base_url
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = client_id
    settings.OIDC_PRIVATE_KEY_PATH = str(provider.private_key_path)
    settings.OIDC_PROVIDER_NAME = "GOV.UK One Login"


def sign_in_at_provider(authorization_url: str, email: str) -> dict[str, str]:
    """Sign in at the provider's own pages as `email` and give the answer it sends back to the
    service's callback (code, state, iss), without following it there."""
    http = requests.Session()
    response = http.get(authorization_url, allow_redirects=False, timeout=10)
    for _ in range(10):
        location = response.headers.get("location")
        if location:
            if urlsplit(location).path == CALLBACK_PATH:
                return {
                    key: values[0] for key, values in parse_qs(urlsplit(location).query).items()
                }
            response = http.get(urljoin(response.url, location), allow_redirects=False, timeout=10)
            continue
        assert response.status_code == 200, response.text
        action = re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)
        if 'name="login"' in response.text:
            data = {"prompt": "login", "login": email, "password": "anything"}
        else:
            data = {"prompt": "consent"}
        response = http.post(
            urljoin(response.url, action), data=data, allow_redirects=False, timeout=10
        )
    raise AssertionError("The provider never sent the person back to the service")
