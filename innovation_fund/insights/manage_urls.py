"""The insight pages for a programme's managers, under /manage/programmes/<pk>/insights/."""

from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("programmes/<int:programme_pk>/insights/", views.insight_list, name="list"),
    path("programmes/<int:programme_pk>/insights/new/", views.insight_add, name="add"),
    path("programmes/<int:programme_pk>/insights/<int:pk>/", views.insight_detail, name="detail"),
    path(
        "programmes/<int:programme_pk>/insights/<int:pk>/change/",
        views.insight_edit,
        name="edit",
    ),
    path(
        "programmes/<int:programme_pk>/insights/<int:pk>/publish/",
        views.insight_publish,
        name="publish",
    ),
    path(
        "programmes/<int:programme_pk>/insights/<int:pk>/unpublish/",
        views.insight_unpublish,
        name="unpublish",
    ),
]
