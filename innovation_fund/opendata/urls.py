from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/grants-360giving.json", views.download_json, name="download_json"),
]
