"""The two pages of signing in with an OpenID Connect provider: leaving for it, and coming back
(decision 0027). The protocol is in `oidc`; who the person is, in `identities`."""

import logging

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from innovation_fund.core.links import absolute_url

from . import identities, oidc
from .sessions import safe_next_url, sign_in

logger = logging.getLogger(__name__)

PENDING = "oidc_pending_sign_in"


def _provider() -> oidc.Provider:
    provider = oidc.configured_provider()
    if provider is None:
        raise Http404("Sign-in by OpenID Connect is not set up")
    return provider


def _redirect_uri() -> str:
    return absolute_url("accounts:oidc_callback")


def _problem(request, provider: oidc.Provider, message: str, status: int = 400):
    return render(
        request,
        "accounts/oidc_problem.html",
        {"provider_name": provider.name, "problem": message},
        status=status,
    )


@require_POST
def oidc_start(request):
    """A POST (with the CSRF token), so another site cannot start a sign-in for this browser."""
    provider = _provider()
    next_url = safe_next_url(request, request.POST.get("next", "")) or ""
    try:
        url, pending = oidc.begin(provider, _redirect_uri(), next_url)
    except oidc.SignInRefused as refused:
        return _problem(request, provider, refused.message, refused.status)
    request.session[PENDING] = pending.as_dict()
    return redirect(url)


@require_GET
def oidc_callback(request):
    provider = _provider()
    kept = request.session.pop(PENDING, None)  # each sign-in is answered once
    if kept is None:
        return _problem(
            request,
            provider,
            f"This answer from {provider.name} does not belong to a sign-in started in this "
            f"browser, or it has been used already. {oidc.START_AGAIN}",
        )
    pending = oidc.PendingSignIn(**kept)
    try:
        answer = oidc.finish(provider, pending, request.GET.dict(), _redirect_uri())
        user = identities.sign_in_with_identity(
            issuer=answer.issuer,
            subject=answer.subject,
            email=answer.email,
            email_verified=answer.email_verified,
            provider_name=provider.name,
        )
    except oidc.SignInRefused as refused:
        logger.warning("OIDC sign-in refused: %s", refused.message)
        return _problem(request, provider, refused.message, refused.status)
    except identities.IdentityNotUsable as error:
        return _problem(request, provider, error.message, 403)
    sign_in(request, user)
    destination = safe_next_url(request, pending.next_url) or reverse("accounts:home")
    if not user.full_name:
        return redirect(f"{reverse('accounts:name')}?{urlencode({'next': destination})}")
    return redirect(destination)
