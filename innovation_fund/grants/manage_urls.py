"""The programme team's pages about grants (mounted at /manage/)."""

from django.urls import path

from .views import (
    grant_pages,
    history,
    offers,
    outcome_payments,
    payment_runs,
    payments,
    returns,
    schedules,
    spend,
    variations,
)

app_name = "grant_management"

urlpatterns = [
    path("grants/", grant_pages.manage_grant_list, name="list"),
    path("grants/<int:pk>/", grant_pages.manage_grant, name="grant"),
    path("grants/<int:pk>/history/", history.grant_history, name="history"),
]
for module in (
    offers,
    schedules,
    payments,
    payment_runs,
    variations,
    outcome_payments,
    returns,
    spend,
):
    urlpatterns += module.manage_urlpatterns
