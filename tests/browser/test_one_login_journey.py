"""Signing in with GOV.UK One Login in a real browser, through a real OpenID Connect provider
started on this machine (`tests/oidc/provider.mjs`), and landing signed in on the service."""

import re

import pytest
from playwright.sync_api import Page, expect

from innovation_fund.accounts.models import ExternalIdentity, User
from tests.oidc.local_provider import running_provider, use_provider

from .axe import assert_accessible
from .steps import give_name_if_asked

EMAIL = "robin.lead@example.org"
NAME = "Robin Lead"


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc"), live_server.url) as running:
        yield running


def start_at_the_sign_in_page(page: Page, base_url: str) -> None:
    page.goto(base_url + "/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with GOV.UK One Login").click()


def sign_in_at_the_provider(page: Page) -> None:
    """The provider's own pages (not the service's, so not checked for accessibility here)."""
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill("anything")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # agree to share the email address


def test_a_new_person_signs_in_with_one_login_and_lands_signed_in(
    page: Page, live_server, provider, settings, transactional_db
):
    use_provider(settings, provider, live_server.url)

    start_at_the_sign_in_page(page, live_server.url)
    sign_in_at_the_provider(page)

    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/account/name/"))
    give_name_if_asked(page, NAME, assert_accessible)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    assert_accessible(page)
    user = User.objects.get(email=EMAIL)
    assert user.full_name == NAME
    assert ExternalIdentity.objects.get(user=user).issuer == provider.issuer

    # Signed out of the service but still signed in at the provider: straight back in, as the
    # same person.
    page.goto(live_server.url + "/sign-out/")
    page.get_by_role("button", name="Sign out").click()
    start_at_the_sign_in_page(page, live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    assert User.objects.count() == 1


def test_a_refused_sign_in_is_a_plain_accessible_page(
    page: Page, live_server, provider, settings, transactional_db
):
    use_provider(settings, provider, live_server.url)

    page.goto(live_server.url + "/sign-in/oidc/callback/?code=stolen&state=guessed")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You could not sign in with GOV.UK One Login"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Go to the sign-in page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
