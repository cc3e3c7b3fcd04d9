from django.urls import path

from socialcycle.accounts.views import sign_in

app_name = "accounts"
urlpatterns = [
    path("login/", sign_in.sign_in, name="login"),
    path("logout/", sign_in.sign_out, name="logout"),
]
