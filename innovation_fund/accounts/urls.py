from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in_page, name="sign_in"),
    path("sign-in/check-your-email/", views.check_email, name="check_email"),
    path("sign-in/link/<str:token>/", views.use_link, name="use_link"),
    path("sign-in/as/", views.sign_in_as, name="sign_in_as"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/", views.home, name="home"),
    path("account/name/", views.name, name="name"),
]
