"""`manage.py check` says when the sign-in settings would let nobody in."""

from django.core.checks import run_checks
from joserfc.jwk import RSAKey


def sign_in_errors() -> list[str]:
    return [each.id for each in run_checks() if each.id.startswith("accounts.")]


def test_the_defaults_pass():
    assert sign_in_errors() == []


def test_half_set_up_oidc_is_an_error(settings):
    settings.OIDC_ISSUER = "https://oidc.example.gov.uk/"

    assert sign_in_errors() == ["accounts.E001"]


def test_no_way_in_at_all_is_an_error(settings):
    settings.SIGN_IN_BY_EMAIL_LINK = False

    assert sign_in_errors() == ["accounts.E002"]


def test_the_private_key_must_be_readable_and_private(settings, tmp_path):
    settings.OIDC_ISSUER = "https://oidc.example.gov.uk/"
    settings.OIDC_CLIENT_ID = "the-client"
    key = RSAKey.generate_key(2048)
    private, public = tmp_path / "private.pem", tmp_path / "public.pem"
    private.write_bytes(key.as_pem(private=True))
    public.write_bytes(key.as_pem(private=False))

    settings.OIDC_PRIVATE_KEY_PATH = str(private)
    assert sign_in_errors() == []
    for wrong in (tmp_path / "missing.pem", public, tmp_path):
        settings.OIDC_PRIVATE_KEY_PATH = str(wrong)
        assert sign_in_errors() == ["accounts.E003"], wrong
