from django.urls import path

from . import views
from .models import PublishedFile

app_name = "opendata"

JSON, CSV, XLSX = PublishedFile.Format.JSON, PublishedFile.Format.CSV, PublishedFile.Format.XLSX

urlpatterns = [
    path("open-data/", views.open_data, name="open_data"),
    path(
        "open-data/grants-360giving.json",
        views.download,
        {"file_format": JSON},
        name="download_json",
    ),
    path(
        "open-data/grants-360giving.csv", views.download, {"file_format": CSV}, name="download_csv"
    ),
    path(
        "open-data/grants-360giving.xlsx",
        views.download,
        {"file_format": XLSX},
        name="download_xlsx",
    ),
]
