"""Which ways in the sign-in page offers, and who a provider's answer makes someone here
(`identities`, with no provider needed)."""

import pytest
from django.test import Client

from innovation_fund.accounts.identities import IdentityNotUsable, sign_in_with_identity
from innovation_fund.accounts.models import ExternalIdentity, User
from innovation_fund.core.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ISSUER = "https://oidc.example.gov.uk/"
ONE_LOGIN_BUTTON = "Sign in with GOV.UK One Login"
EMAIL_BUTTON = "Send me a sign-in link"


@pytest.fixture
def one_login_configured(settings, tmp_path):
    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_CLIENT_ID = "the-client"
    settings.OIDC_PRIVATE_KEY_PATH = str(tmp_path / "key.pem")


def sign_in_page(client: Client) -> str:
    return client.get("/sign-in/?next=/account/").content.decode()


def test_without_a_provider_only_the_email_link_is_offered(client):
    page = sign_in_page(client)

    assert EMAIL_BUTTON in page
    assert ONE_LOGIN_BUTTON not in page
    assert client.post("/sign-in/oidc/").status_code == 404
    assert client.get("/sign-in/oidc/callback/?code=x&state=y").status_code == 404


def test_with_a_provider_both_ways_are_offered_one_login_first(client, one_login_configured):
    page = sign_in_page(client)

    assert page.index(ONE_LOGIN_BUTTON) < page.index(EMAIL_BUTTON)
    assert "Or get a sign-in link by email" in page
    assert 'action="/sign-in/oidc/"' in page
    assert page.count('name="next" value="/account/"') == 2  # both ways go back to the page


def test_the_email_link_can_be_turned_off(client, settings, one_login_configured):
    settings.SIGN_IN_BY_EMAIL_LINK = False

    page = sign_in_page(client)

    assert ONE_LOGIN_BUTTON in page
    assert EMAIL_BUTTON not in page
    assert client.post("/sign-in/", {"email": "someone@example.org"}).status_code == 404


def sign_in(subject: str = "subject-1", email: str = "alex@example.org", verified: bool = True):
    return sign_in_with_identity(
        issuer=ISSUER,
        subject=subject,
        email=email,
        email_verified=verified,
        provider_name="GOV.UK One Login",
    )


def test_an_email_the_provider_has_not_verified_neither_finds_nor_makes_an_account():
    existing = UserFactory(email="alex@example.org")

    with pytest.raises(IdentityNotUsable, match="did not give us an email address it has checked"):
        sign_in(verified=False)

    assert not ExternalIdentity.objects.exists()
    assert list(User.objects.all()) == [existing]


def test_an_account_already_linked_to_another_subject_is_not_taken_over():
    user = UserFactory(email="alex@example.org")
    ExternalIdentity.objects.create(user=user, issuer=ISSUER, subject="the-first-subject")

    with pytest.raises(IdentityNotUsable, match="already linked to another"):
        sign_in(subject="a-second-subject")

    assert ExternalIdentity.objects.get().subject == "the-first-subject"


def test_a_closed_account_cannot_sign_in_by_its_subject():
    user = UserFactory(email="alex@example.org", is_active=False)
    ExternalIdentity.objects.create(user=user, issuer=ISSUER, subject="subject-1")

    with pytest.raises(IdentityNotUsable, match="closed"):
        sign_in()

    assert not AuditEvent.objects.filter(action="user.signed_in").exists()
