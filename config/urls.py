from django.contrib import admin
from django.urls import include, path

from innovation_fund.api.api import api
from innovation_fund.core.health import health
from innovation_fund.programmes.views import invitations

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("invitations/<str:token>/", invitations.accept, name="accept_invitation"),
    path("api/v1/", api.urls),
    path("", include("innovation_fund.accounts.urls")),
    path("organisations/", include("innovation_fund.organisations.urls")),
    path("funding-rounds/", include("innovation_fund.programmes.public_urls")),
    path("manage/", include("innovation_fund.programmes.urls")),
    path("manage/", include("innovation_fund.applications.manage_urls")),
    path("manage/", include("innovation_fund.grants.manage_urls")),
    path("manage/", include("innovation_fund.evidence.manage_urls")),
    path("manage/", include("innovation_fund.spread.urls")),
    path("manage/", include("innovation_fund.insights.manage_urls")),
    path("evaluate/", include("innovation_fund.evidence.evaluator_urls")),
    path("manage/other-funders/", include("innovation_fund.otherfunders.urls")),
    path("", include("innovation_fund.assessment.urls")),
    path("", include("innovation_fund.grants.views.letters")),
    path("grants/", include("innovation_fund.grants.grantee_urls")),
    path("", include("innovation_fund.applications.urls")),
    path("", include("innovation_fund.opendata.urls")),
    path("", include("innovation_fund.public.urls")),
]

handler404 = "innovation_fund.core.views.page_not_found"
handler500 = "innovation_fund.core.views.server_error"
