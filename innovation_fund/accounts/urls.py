from django.urls import path

from . import oidc_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in_page, name="sign_in"),
    path("sign-in/check-your-email/", views.check_email, name="check_email"),
    path("sign-in/link/<str:token>/", views.use_link, name="use_link"),
    path("sign-in/oidc/", oidc_views.oidc_start, name="oidc_start"),
    path("sign-in/oidc/callback/", oidc_views.oidc_callback, name="oidc_callback"),
    path("sign-in/as/", views.sign_in_as, name="sign_in_as"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/", views.home, name="home"),
    path("account/name/", views.name, name="name"),
]
