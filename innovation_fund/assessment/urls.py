"""Assessment pages. Programme team and panel pages sit under /manage/, assessors' under
/assessment/; each views module owns its own paths."""

from .views import (
    announcements,
    assignment,
    budget,
    conflicts,
    decisions,
    eligibility,
    history,
    moderation,
    scoring,
)

app_name = "assessment"

urlpatterns = [
    *eligibility.urlpatterns,
    *assignment.urlpatterns,
    *conflicts.urlpatterns,
    *scoring.urlpatterns,
    *moderation.urlpatterns,
    *decisions.urlpatterns,
    *budget.urlpatterns,
    *announcements.urlpatterns,
    *history.urlpatterns,
]
