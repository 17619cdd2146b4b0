"""Assessment pages, one module per job; each module lists its own `urlpatterns`."""
