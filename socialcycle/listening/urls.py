from django.urls import path

from socialcycle.listening.views import feeds, imports, merges, sources

app_name = "listening"
urlpatterns = [
    path("w/<slug:slug>/import/", imports.upload, name="upload"),
    path("w/<slug:slug>/import/<str:token>/preview/", imports.preview, name="preview"),
    path("w/<slug:slug>/imports/<int:run_id>/", imports.import_run, name="run"),
    path(
        "w/<slug:slug>/imports/<int:run_id>/problems.csv",
        imports.import_problems_csv,
        name="run-problems",
    ),
    path("w/<slug:slug>/feeds/", feeds.feed_list, name="feeds"),
    path("w/<slug:slug>/feeds/<int:source_id>/poll/", feeds.poll_feed_now, name="poll-feed"),
    path("w/<slug:slug>/settings/sources/", sources.source_list, name="sources"),
    path("w/<slug:slug>/people/merges/", merges.merges, name="merges"),
    path("w/<slug:slug>/people/merge/", merges.merge, name="merge"),
]
