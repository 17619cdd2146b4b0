"""Programme managers' pages for setting up programmes and rounds (mounted at /manage/)."""

from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.programme_list, name="list"),
    path("programmes/new/", views.programme_create, name="create"),
    path("programmes/<int:pk>/", views.programme_detail, name="detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="edit"),
    path("programmes/<int:pk>/year-budgets/", views.year_budgets, name="year_budgets"),
    path("programmes/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/criteria/", views.criteria_edit, name="criteria"),
    path("rounds/<int:pk>/scoring-scale/", views.score_scale_edit, name="score_scale"),
    path("rounds/<int:pk>/focus-areas/new/", views.focus_area_add, name="focus_area_add"),
    path(
        "rounds/<int:round_pk>/focus-areas/<int:pk>/edit/",
        views.focus_area_edit,
        name="focus_area_edit",
    ),
    path(
        "rounds/<int:round_pk>/focus-areas/<int:pk>/remove/",
        views.focus_area_remove,
        name="focus_area_remove",
    ),
]
