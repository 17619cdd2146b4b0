"""The grantee's pages about their grants (mounted at /grants/)."""

from django.urls import path

from .views import grant_pages, offers, outcome_payments, payments, returns, schedules, variations

app_name = "your_grants"

urlpatterns = [
    path("", grant_pages.your_grants, name="list"),
    path("<int:pk>/", grant_pages.grantee_grant, name="grant"),
]
for module in (offers, schedules, payments, variations, outcome_payments, returns):
    urlpatterns += module.grantee_urlpatterns
