"""Small helpers shared by tests."""

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
