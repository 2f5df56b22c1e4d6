from django.urls import path
from django.views.i18n import set_language

from duban.web.views import auth

app_name = "web"

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/", auth.password_change, name="account"),
    path("i18n/setlang/", set_language, name="set_language"),
]
