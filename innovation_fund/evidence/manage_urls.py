"""The programme team's evaluation pages, under /manage/."""

from django.urls import path

from . import evaluation_team_views as views

app_name = "evaluations"

urlpatterns = [
    path("programmes/<int:programme_pk>/evaluations/", views.evaluation_list, name="list"),
    path("programmes/<int:programme_pk>/evaluations/appoint/", views.appoint, name="appoint"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="detail"),
    path("evaluation-reports/<int:pk>/", views.report, name="report"),
    path("evaluation-reports/<int:pk>/publish/", views.publish, name="publish"),
    path("evaluation-reports/<int:pk>/published/", views.published, name="published"),
]
