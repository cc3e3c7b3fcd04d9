from django.urls import path

from socialcycle.measuring import views

app_name = "measuring"
urlpatterns = [
    path("w/<slug:slug>/", views.workspace_home, name="home"),
]
