"""`manage.py check` tells an operator when sign-in is set up so that nobody could sign in."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

OIDC_SETTINGS = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_PRIVATE_KEY_PATH")


@register(Tags.security)
def sign_in_is_possible(app_configs=None, **kwargs) -> list[Error]:
    given = [name for name in OIDC_SETTINGS if getattr(settings, name)]
    if given and len(given) < len(OIDC_SETTINGS):
        missing = ", ".join(name for name in OIDC_SETTINGS if name not in given)
        return [
            Error(
                f"Sign-in with OpenID Connect is half set up: {missing} not set.",
                hint="Set all three OIDC_ settings, or none (README: Signing in with GOV.UK "
                "One Login).",
                id="accounts.E001",
            )
        ]
    if given:
        return _private_key_problems(Path(settings.OIDC_PRIVATE_KEY_PATH))
    if not settings.SIGN_IN_BY_EMAIL_LINK:
        return [
            Error(
                "SIGN_IN_BY_EMAIL_LINK is off and no OpenID Connect provider is set up, so "
                "nobody can sign in.",
                id="accounts.E002",
            )
        ]
    return []


def _private_key_problems(path: Path) -> list[Error]:
    try:
        key = RSAKey.import_key(path.read_bytes())
    except OSError as error:
        problem = f"cannot be read ({error.strerror})"
    except (JoseError, ValueError, TypeError):
        problem = "is not an RSA key in PEM"
    else:
        if key.is_private:
            return []
        problem = "holds a public key: it must be the service's private key"
    return [Error(f"OIDC_PRIVATE_KEY_PATH {path} {problem}.", id="accounts.E003")]
