"""URLs (filled in by issue 13)."""

app_name = "spread"

urlpatterns: list = []
