"""Public funding round pages: no sign-in (mounted at /funding-rounds/)."""

from django.urls import path

from . import public_views

app_name = "rounds"

urlpatterns = [
    path("", public_views.round_list, name="list"),
    path("<slug:programme_slug>/<slug:round_slug>/", public_views.round_detail, name="detail"),
]
