from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("innovation_fund.public.urls")),
]

handler404 = "innovation_fund.core.views.page_not_found"
handler500 = "innovation_fund.core.views.server_error"
