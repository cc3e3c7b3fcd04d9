from django.urls import path

from socialcycle.measuring import (
    alert_views,
    digest_views,
    export_views,
    ladder_views,
    people_views,
    views,
)

app_name = "measuring"
urlpatterns = [
    path("w/<slug:slug>/", views.workspace_home, name="home"),
    path("w/<slug:slug>/ladder/", ladder_views.workspace_ladder, name="ladder"),
    path("w/<slug:slug>/ladder/refresh/", ladder_views.refresh_ladder, name="refresh_ladder"),
    path(
        "w/<slug:slug>/people/<int:participant_id>/ladder/",
        people_views.person_ladder,
        name="person_ladder",
    ),
    path("w/<slug:slug>/people/", people_views.directory, name="people"),
    path("w/<slug:slug>/people/<int:participant_id>/", people_views.person, name="person"),
    path("w/<slug:slug>/exports/", export_views.exports_page, name="exports"),
    path(
        "w/<slug:slug>/exports/<str:what>.<str:fmt>",
        export_views.download,
        name="export_download",
    ),
    path("w/<slug:slug>/alerts/", alert_views.alert_list, name="alerts"),
    path(
        "w/<slug:slug>/alerts/<int:alert_id>/acknowledge/",
        alert_views.acknowledge,
        name="acknowledge_alert",
    ),
]
urlpatterns += [
    path("w/<slug:slug>/digest/", digest_views.digest_preview, name="digest"),
    path("w/<slug:slug>/digest.pdf", digest_views.digest_pdf, name="digest_pdf"),
    path("w/<slug:slug>/digest/send/", digest_views.send_digest_now, name="send_digest"),
]
