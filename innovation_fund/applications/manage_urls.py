"""Programme managers' pages for the bids in a round: list, filter, export."""

from django.urls import path  # noqa: F401

app_name = "bid_management"

urlpatterns: list = []
