"""Signing in with an OpenID Connect provider (GOV.UK One Login, DfE Sign-in): the protocol only
(decision 0027). Who the person is in this service is decided by `identities`.

Authorisation code flow with PKCE (S256); the service proves who it is at the token endpoint with
a JWT signed by its private key (`private_key_jwt`); the ID token's signature is checked against
the provider's published keys, with its issuer, audience, expiry and the nonce this sign-in
sent; the state sent must come back. Authlib does the protocol; this module only wires it.
"""

import hashlib
import hmac
from dataclasses import asdict, dataclass
from pathlib import Path

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

DISCOVERY_PATH = "/.well-known/openid-configuration"
DISCOVERY_CACHE_SECONDS = 60 * 60
START_AGAIN = "Go back to the sign-in page and start again."


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    private_key_pem: str
    scopes: str
    name: str


def offered_provider_name() -> str:
    """The provider's name for the sign-in page's button, or "" when none is set up."""
    configured = settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID and settings.OIDC_PRIVATE_KEY_PATH
    return settings.OIDC_PROVIDER_NAME if configured else ""


def configured_provider() -> Provider | None:
    """The provider this installation offers, or None when sign-in by OIDC is not set up."""
    if not offered_provider_name():
        return None
    return Provider(
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        private_key_pem=Path(settings.OIDC_PRIVATE_KEY_PATH).read_text(),
        scopes=settings.OIDC_SCOPES,
        name=settings.OIDC_PROVIDER_NAME,
    )


@dataclass(frozen=True)
class PendingSignIn:
    """What this browser's sign-in sent to the provider, kept in its session until it returns."""

    state: str
    nonce: str
    code_verifier: str
    next_url: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ProvidersAnswer:
    """Who the provider says signed in: the subject, and the email it has verified (or not)."""

    issuer: str
    subject: str
    email: str
    email_verified: bool


class SignInRefused(Exception):
    """The sign-in cannot go on; `message` says why, in words for the person signing in."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def begin(provider: Provider, redirect_uri: str, next_url: str = "") -> tuple[str, PendingSignIn]:
    """The provider's address to send the person to, and what to keep until they come back."""
    pending = PendingSignIn(
        state=generate_token(32),
        nonce=generate_token(32),
        code_verifier=generate_token(64),
        next_url=next_url,
    )
    metadata = _metadata(provider)
    with _session(provider, redirect_uri) as session:
        url, _ = session.create_authorization_url(
            metadata["authorization_endpoint"],
            state=pending.state,
            nonce=pending.nonce,
            code_verifier=pending.code_verifier,
        )
    return url, pending


def finish(
    provider: Provider, pending: PendingSignIn, callback: dict, redirect_uri: str
) -> ProvidersAnswer:
    """Check the provider's answer at the callback and exchange its code; who signed in."""
    if callback.get("error"):
        raise SignInRefused(f"{provider.name} did not sign you in. {START_AGAIN}")
    if not hmac.compare_digest(str(callback.get("state", "")), pending.state):
        raise SignInRefused(
            f"This answer from {provider.name} does not belong to the sign-in you started "
            f"in this browser. {START_AGAIN}"
        )
    if callback.get("iss") and callback["iss"] != provider.issuer:  # RFC 9207: no mix-up
        raise SignInRefused(f"This answer did not come from {provider.name}. {START_AGAIN}")
    if not callback.get("code"):
        raise SignInRefused(f"{provider.name} sent no sign-in code. {START_AGAIN}")
    metadata = _metadata(provider)
    with _session(provider, redirect_uri) as session:
        session.register_client_auth_method(PrivateKeyJWT(metadata["token_endpoint"]))
        try:
            token = session.fetch_token(
                metadata["token_endpoint"],
                grant_type="authorization_code",
                code=callback["code"],
                code_verifier=pending.code_verifier,
                timeout=settings.OIDC_TIMEOUT_SECONDS,
            )
        except OAuthError as error:
            # invalid_grant: the code was used already, has expired, or PKCE did not match.
            raise SignInRefused(
                f"{provider.name} did not accept this sign-in ({error.error}). Each sign-in "
                f"works once. {START_AGAIN}"
            ) from error
        except requests.RequestException as error:
            raise _unreachable(provider) from error
        claims = _checked_id_token(provider, metadata, token, pending.nonce)
        userinfo = _userinfo(provider, metadata, session)
    if userinfo.get("sub") != claims["sub"]:
        raise SignInRefused(f"{provider.name} described someone else. {START_AGAIN}")
    return ProvidersAnswer(
        issuer=provider.issuer,
        subject=claims["sub"],
        email=str(userinfo.get("email") or claims.get("email") or ""),
        email_verified=bool(userinfo.get("email_verified", claims.get("email_verified"))),
    )


def _checked_id_token(provider: Provider, metadata: dict, token: dict, nonce: str) -> dict:
    if "id_token" not in token:
        raise SignInRefused(f"{provider.name} sent no ID token. {START_AGAIN}")
    keys = KeySet.import_key_set(_get_json(provider, metadata["jwks_uri"]))
    algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256", "ES256"]
    try:
        decoded = jwt.decode(token["id_token"], keys, registry=JWSRegistry(algorithms=algorithms))
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            options={
                "iss": {"essential": True, "value": provider.issuer},
                "aud": {"essential": True, "value": provider.client_id},
                "exp": {"essential": True},
            },
            params={
                "nonce": nonce,
                "client_id": provider.client_id,
                "access_token": token.get("access_token"),
            },
        )
        claims.validate(leeway=settings.OIDC_CLOCK_LEEWAY_SECONDS)
    except ExpiredTokenError as error:
        raise SignInRefused(
            f"The sign-in from {provider.name} had expired by the time it reached us. {START_AGAIN}"
        ) from error
    except (InvalidClaimError, MissingClaimError) as error:
        if getattr(error, "claim", "") == "nonce":
            raise SignInRefused(
                f"This sign-in from {provider.name} was made for another visit. {START_AGAIN}"
            ) from error
        raise SignInRefused(
            f"The sign-in from {provider.name} could not be checked ({error.claim}). {START_AGAIN}"
        ) from error
    except (JoseError, ValueError) as error:
        raise SignInRefused(
            f"The sign-in from {provider.name} could not be checked. {START_AGAIN}"
        ) from error
    return dict(claims)


def _userinfo(provider: Provider, metadata: dict, session: OAuth2Session) -> dict:
    if not metadata.get("userinfo_endpoint"):
        return {}
    try:
        response = session.get(metadata["userinfo_endpoint"], timeout=settings.OIDC_TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise _unreachable(provider) from error


def _metadata(provider: Provider) -> dict:
    """The provider's discovery document, kept for an hour (its keys are fetched each time, so
    a key the provider rotates in is trusted at once)."""
    key = "oidc-discovery:" + hashlib.sha256(provider.issuer.encode()).hexdigest()
    metadata = cache.get(key)
    if metadata is None:
        metadata = _get_json(provider, provider.issuer.rstrip("/") + DISCOVERY_PATH)
        if metadata.get("issuer") != provider.issuer:
            raise _unreachable(provider)
        cache.set(key, metadata, DISCOVERY_CACHE_SECONDS)
    return metadata


def _get_json(provider: Provider, url: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise _unreachable(provider) from error


def _unreachable(provider: Provider) -> SignInRefused:
    return SignInRefused(
        f"We could not reach {provider.name}. Try again in a few minutes.", status=503
    )


def _session(provider: Provider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        provider.client_id,
        provider.private_key_pem,
        token_endpoint_auth_method="private_key_jwt",  # noqa: S106 (a method, not a secret)
        scope=provider.scopes,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )
