from django.urls import path

from . import views

app_name = "otherfunders"

urlpatterns = [
    path("", views.files, name="files"),
    path("<int:pk>/", views.file_report, name="file"),
    path("<int:pk>/import/", views.import_file, name="import"),
    path("<int:pk>/check-again/", views.check_again, name="check_again"),
]
