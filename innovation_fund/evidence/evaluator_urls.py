"""URLs (filled in by issue 13)."""

app_name = "evaluator"

urlpatterns: list = []
