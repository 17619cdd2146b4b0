"""Signing a person in and out, and keeping what they typed when their session ran out.

If someone's session ends while they fill in a page, their POST would be lost on the way to the
sign-in page. `sign_in_required` keeps it in the (new) session instead; once they are back, the
page's view asks `kept_answers(request)` and shows the form filled in again, unsaved.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from .middleware import SIGNED_IN_AT

KEPT_ANSWERS = "kept_answers"


def sign_in(request, user) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SIGNED_IN_AT] = timezone.now().timestamp()


def note_sign_in_time(sender, request, user, **kwargs) -> None:
    """On every sign-in (the `user_logged_in` signal): when the session started, so it ends a
    fixed time later (`middleware.end_old_sessions`) however the person signed in."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = timezone.now().timestamp()


def safe_next_url(request, url: str) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def sign_in_required(view):
    """Like login_required, but a POST from someone whose session ended is kept, not lost."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            answers = {key: request.POST.getlist(key) for key in request.POST}
            answers.pop("csrfmiddlewaretoken", None)
            request.session[KEPT_ANSWERS] = {"path": request.path, "answers": answers}
            messages.info(
                request,
                "Your session ended, so your answers were not saved yet. Sign in again and "
                "they will be shown back to you to check and save.",
            )
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('accounts:sign_in')}?{query}")

    return wrapped


def kept_answers(request) -> QueryDict | None:
    """Answers kept for this page when the session ended, once (then forgotten)."""
    kept = request.session.get(KEPT_ANSWERS)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[KEPT_ANSWERS]
    data = QueryDict(mutable=True)
    for key, values in kept["answers"].items():
        data.setlist(key, values)
    return data
