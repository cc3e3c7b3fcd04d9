from django.urls import path

from socialcycle.measuring import ladder_views, views

app_name = "measuring"
urlpatterns = [
    path("w/<slug:slug>/", views.workspace_home, name="home"),
    path("w/<slug:slug>/ladder/", ladder_views.workspace_ladder, name="ladder"),
    path("w/<slug:slug>/ladder/refresh/", ladder_views.refresh_ladder, name="refresh_ladder"),
    path(
        "w/<slug:slug>/people/<int:participant_id>/ladder/",
        ladder_views.person_ladder,
        name="person_ladder",
    ),
]
