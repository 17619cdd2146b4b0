"""End a session a fixed time after sign-in, however active it has been."""

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

SIGNED_IN_AT = "signed_in_at"


def end_old_sessions(get_response):
    def middleware(request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            now = timezone.now().timestamp()
            if signed_in_at is None or now - signed_in_at > settings.SESSION_MAX_SECONDS:
                logout(request)
                request.session["session_expired"] = True
        return get_response(request)

    return middleware
