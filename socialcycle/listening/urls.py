from django.urls import path

from socialcycle.listening import source_views, views

app_name = "listening"
urlpatterns = [
    path("w/<slug:slug>/import/", views.upload, name="upload"),
    path("w/<slug:slug>/import/<str:token>/preview/", views.preview, name="preview"),
    path("w/<slug:slug>/imports/<int:run_id>/", views.import_run, name="run"),
    path(
        "w/<slug:slug>/imports/<int:run_id>/problems.csv",
        views.import_problems_csv,
        name="run-problems",
    ),
    path("w/<slug:slug>/feeds/", views.feed_list, name="feeds"),
    path("w/<slug:slug>/feeds/<int:source_id>/poll/", views.poll_feed_now, name="poll-feed"),
    path("w/<slug:slug>/settings/sources/", source_views.source_list, name="sources"),
    path("w/<slug:slug>/people/merges/", views.merges, name="merges"),
    path("w/<slug:slug>/people/merge/", views.merge, name="merge"),
]
