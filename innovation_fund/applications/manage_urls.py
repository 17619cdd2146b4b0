"""Programme managers' pages for the bids in a round: list, filter, export."""

from django.urls import path

from . import manage_history, manage_views

app_name = "bid_management"

urlpatterns = [
    path("rounds/<int:round_pk>/bids/", manage_views.round_bids, name="round_bids"),
    path("rounds/<int:round_pk>/bids.csv", manage_views.export_csv, name="export_csv"),
    path("rounds/<int:round_pk>/bids.xlsx", manage_views.export_xlsx, name="export_xlsx"),
    path("bids/<str:reference>/history/", manage_history.bid_history, name="history"),
]
