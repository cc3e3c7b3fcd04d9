from django.urls import path

from socialcycle.measuring.alerts import views as alerts
from socialcycle.measuring.dashboard import views as dashboard
from socialcycle.measuring.digest import views as digest
from socialcycle.measuring.exports import views as exports
from socialcycle.measuring.ladder import views as ladder
from socialcycle.measuring.people import views as people

app_name = "measuring"
urlpatterns = [
    path("w/<slug:slug>/", dashboard.workspace_home, name="home"),
    path("w/<slug:slug>/ladder/", ladder.workspace_ladder, name="ladder"),
    path("w/<slug:slug>/ladder/refresh/", ladder.refresh_ladder, name="refresh_ladder"),
    path(
        "w/<slug:slug>/people/<int:participant_id>/ladder/",
        people.person_ladder,
        name="person_ladder",
    ),
    path("w/<slug:slug>/people/", people.directory, name="people"),
    path("w/<slug:slug>/people/<int:participant_id>/", people.person, name="person"),
    path("w/<slug:slug>/exports/", exports.exports_page, name="exports"),
    path(
        "w/<slug:slug>/exports/<str:what>.<str:fmt>",
        exports.download,
        name="export_download",
    ),
    path("w/<slug:slug>/alerts/", alerts.alert_list, name="alerts"),
    path(
        "w/<slug:slug>/alerts/<int:alert_id>/acknowledge/",
        alerts.acknowledge,
        name="acknowledge_alert",
    ),
]
urlpatterns += [
    path("w/<slug:slug>/digest/", digest.digest_preview, name="digest"),
    path("w/<slug:slug>/digest.pdf", digest.digest_pdf, name="digest_pdf"),
    path("w/<slug:slug>/digest/send/", digest.send_digest_now, name="send_digest"),
]
