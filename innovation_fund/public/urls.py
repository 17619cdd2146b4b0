from django.urls import path

from . import coverage_views, feeds, grant_search_views, insight_views, library_views, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<slug:slug>/", views.project_detail, name="project_detail"),
    path("innovations/", views.innovation_list, name="innovation_list"),
    path("innovations/<slug:slug>/", views.innovation_detail, name="innovation_detail"),
    path("local-authorities/", views.authority_list, name="authority_list"),
    path("local-authorities/<slug:slug>/", views.authority_detail, name="authority_detail"),
    path(
        "funded-organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"
    ),
    path("search-grants/", grant_search_views.grant_search, name="grant_search"),
    path("search-grants/results.csv", grant_search_views.grant_search_csv, name="grant_search_csv"),
    path("map/", views.map_page, name="map"),
    path("coverage/", coverage_views.coverage, name="coverage"),
    path("evidence/", views.evidence, name="evidence"),
    path("evaluations/", library_views.library, name="library"),
    path("evaluations/<slug:slug>/", library_views.report_detail, name="report_detail"),
    path(
        "evaluations/<slug:slug>/files/<int:pk>/",
        library_views.report_document,
        name="report_document",
    ),
    path("insights/", insight_views.insight_list, name="insight_list"),
    path("insights/<slug:slug>/", insight_views.insight_detail, name="insight_detail"),
    path("feed/", feeds.LatestFeed(), name="feed"),
    path("about-the-data/", views.about_data, name="about_data"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
