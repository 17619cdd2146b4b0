"""Programme managers' pages for setting up programmes and rounds (mounted at /manage/)."""

from django.urls import path

from .views import setup

app_name = "programmes"

urlpatterns = [
    path("programmes/", setup.programme_list, name="list"),
    path("programmes/new/", setup.programme_create, name="create"),
    path("programmes/<int:pk>/", setup.programme_detail, name="detail"),
    path("programmes/<int:pk>/edit/", setup.programme_edit, name="edit"),
    path("programmes/<int:pk>/year-budgets/", setup.year_budgets, name="year_budgets"),
    path("programmes/<int:pk>/rounds/new/", setup.round_create, name="round_create"),
    path("rounds/<int:pk>/", setup.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", setup.round_edit, name="round_edit"),
    path("rounds/<int:pk>/criteria/", setup.criteria_edit, name="criteria"),
    path("rounds/<int:pk>/scoring-scale/", setup.score_scale_edit, name="score_scale"),
    path("rounds/<int:pk>/focus-areas/new/", setup.focus_area_add, name="focus_area_add"),
    path(
        "rounds/<int:round_pk>/focus-areas/<int:pk>/edit/",
        setup.focus_area_edit,
        name="focus_area_edit",
    ),
    path(
        "rounds/<int:round_pk>/focus-areas/<int:pk>/remove/",
        setup.focus_area_remove,
        name="focus_area_remove",
    ),
]
