"""The innovation pages for programme managers, under /manage/innovations/."""

from django.urls import path

from . import views

app_name = "spread"

urlpatterns = [
    path("innovations/", views.innovation_list, name="innovation_list"),
    path("innovations/new/", views.innovation_add, name="innovation_add"),
    path("innovations/<int:pk>/", views.innovation_detail, name="innovation_detail"),
    path("innovations/<int:pk>/change/", views.innovation_edit, name="innovation_edit"),
    path("innovations/<int:pk>/adoptions/new/", views.adoption_add, name="adoption_add"),
    path(
        "innovations/<int:pk>/adoptions/<int:adoption_pk>/change/",
        views.adoption_edit,
        name="adoption_edit",
    ),
    path(
        "innovations/<int:pk>/adoptions/<int:adoption_pk>/remove/",
        views.adoption_remove,
        name="adoption_remove",
    ),
]
