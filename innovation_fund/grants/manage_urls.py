"""Programme managers' pages about grants (mounted at /manage/)."""

from django.urls import path

from . import manage_history

app_name = "grant_management"

urlpatterns = [
    path("grants/<int:pk>/history/", manage_history.grant_history, name="history"),
]
