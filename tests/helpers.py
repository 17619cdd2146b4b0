"""Small helpers shared by tests."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from innovation_fund.accounts.middleware import SIGNED_IN_AT


def sign_in(client, user):
    """Sign a test client in as `user`, as the email link would (with the sign-in time noted)."""
    client.force_login(user)
    session = client.session
    session[SIGNED_IN_AT] = timezone.now().timestamp()
    session.save()
    return client


def act_for(client, organisation):
    """Choose which organisation a signed-in test client acts for."""
    from innovation_fund.organisations.middleware import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    return client


def signed_in(page, live_server, user):
    """Give a browser page a session for `user`, as following the email link would."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SIGNED_IN_AT] = timezone.now().timestamp()
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
    return page
