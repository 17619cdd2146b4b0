"""Placeholder until this part is built."""

urlpatterns: list = []
