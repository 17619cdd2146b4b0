"""The floor each page is measured beside: the same bytes, answered by a view that does no work,
through the same URL resolver and middleware. What a page costs above its floor is what the
service itself spends (queries, Python, templates); the floor is what Django and this machine
cost for a response of that size. Both are timed in the same run, so a busy machine slows both."""

from django.http import HttpResponse
from django.urls import include, path

FLOOR_BODIES: dict[str, tuple[bytes, str]] = {}


def floor_view(request, key: str) -> HttpResponse:
    body, content_type = FLOOR_BODIES[key]
    return HttpResponse(body, content_type=content_type)


def floor_path(key: str) -> str:
    return f"/__bench_floor__/{key}/"


urlpatterns = [
    path("__bench_floor__/<str:key>/", floor_view),
    path("", include("config.urls")),
]
