"""Programme managers' pages for setting up programmes and rounds (mounted at /manage/)."""

from django.urls import path

from .views import history, lifecycle, setup
from .views import outcomes as outcome_views
from .views import team as team_views

app_name = "programmes"

# The outcome framework of a programme.
OUTCOME_URLS = [
    path("programmes/<int:pk>/outcomes/", outcome_views.outcome_list, name="outcomes"),
    path("programmes/<int:pk>/outcomes/new/", outcome_views.outcome_add, name="outcome_add"),
    path(
        "programmes/<int:programme_pk>/outcomes/<int:pk>/edit/",
        outcome_views.outcome_edit,
        name="outcome_edit",
    ),
    path(
        "programmes/<int:programme_pk>/outcomes/<int:pk>/retire/",
        outcome_views.outcome_retire,
        name="outcome_retire",
    ),
    path(
        "programmes/<int:programme_pk>/outcomes/<int:pk>/reinstate/",
        outcome_views.outcome_reinstate,
        name="outcome_reinstate",
    ),
    path(
        "programmes/<int:programme_pk>/outcomes/<int:pk>/delete/",
        outcome_views.outcome_delete,
        name="outcome_delete",
    ),
]

# The programme's team: roles and invitations.
TEAM_URLS = [
    path("programmes/<int:pk>/team/", team_views.team, name="team"),
    path("programmes/<int:pk>/team/invite/", team_views.invite, name="team_invite"),
    path(
        "programmes/<int:pk>/team/roles/<int:role_pk>/remove/",
        team_views.remove_role,
        name="team_remove_role",
    ),
    path(
        "programmes/<int:pk>/team/invitations/<int:invitation_pk>/withdraw/",
        team_views.withdraw_invitation,
        name="team_withdraw_invitation",
    ),
]

urlpatterns = (
    TEAM_URLS
    + OUTCOME_URLS
    + [
        path("programmes/", setup.programme_list, name="list"),
        path("programmes/new/", setup.programme_create, name="create"),
        path("programmes/<int:pk>/", setup.programme_detail, name="detail"),
        path("programmes/<int:pk>/edit/", setup.programme_edit, name="edit"),
        path("programmes/<int:pk>/history/", history.programme_history, name="history"),
        path("programmes/<int:pk>/year-budgets/", setup.year_budgets, name="year_budgets"),
        path("programmes/<int:pk>/rounds/new/", setup.round_create, name="round_create"),
        path("rounds/<int:pk>/", setup.round_detail, name="round_detail"),
        path("rounds/<int:pk>/edit/", setup.round_edit, name="round_edit"),
        path("rounds/<int:pk>/history/", history.round_history, name="round_history"),
        path("rounds/<int:pk>/publish/", lifecycle.publish, name="round_publish"),
        path("rounds/<int:pk>/unpublish/", lifecycle.unpublish, name="round_unpublish"),
        path("rounds/<int:pk>/complete/", lifecycle.complete, name="round_complete"),
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
)
