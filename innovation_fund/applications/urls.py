from django.urls import path

from . import documents, views

app_name = "applications"

urlpatterns = [
    path("bids/", views.bid_list, name="list"),
    path("bids/start/<int:round_pk>/", views.start, name="start"),
    path("bids/<str:reference>/", views.task_list, name="task_list"),
    path("bids/<str:reference>/check-your-answers/", views.check_answers, name="check_answers"),
    path(
        "bids/<str:reference>/send-for-sign-off/", views.send_for_sign_off, name="send_for_sign_off"
    ),
    path("bids/<str:reference>/return-to-draft/", views.back_to_draft, name="return_to_draft"),
    path("bids/<str:reference>/sign-off-and-submit/", views.submit, name="submit"),
    path("bids/<str:reference>/submitted/", views.confirmation, name="confirmation"),
    path("bids/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("bids/<str:reference>/documents/<int:pk>/", documents.download, name="document"),
    path("bids/<str:reference>/<slug:slug>/", views.section, name="section"),
]
