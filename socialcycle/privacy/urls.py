from django.urls import path

from socialcycle.privacy import views

app_name = "privacy"
urlpatterns = [
    path(
        "w/<slug:slug>/people/<int:participant_id>/privacy/",
        views.person_privacy,
        name="person",
    ),
    path(
        "w/<slug:slug>/people/<int:participant_id>/data.json",
        views.person_data,
        name="data",
    ),
    path("w/<slug:slug>/privacy/erasures/", views.erasures, name="erasures"),
]
