from django.urls import path

from socialcycle.acting import insight_views, team_views, views

app_name = "acting"
urlpatterns = [
    path("w/<slug:slug>/insights/", insight_views.insight_list, name="insights"),
    path("w/<slug:slug>/insights/<int:insight_id>/", insight_views.insight_detail, name="insight"),
    path(
        "w/<slug:slug>/posts/<int:post_id>/insight/",
        insight_views.insight_from_post,
        name="insight-from-post",
    ),
    path("w/<slug:slug>/settings/teams/", team_views.team_list, name="teams"),
    path("w/<slug:slug>/routing/", views.routing_rules, name="routing"),
    path("w/<slug:slug>/webhooks/", views.webhook_list, name="webhooks"),
    path(
        "w/<slug:slug>/webhooks/<int:webhook_id>/toggle/",
        views.toggle_webhook,
        name="toggle-webhook",
    ),
    path(
        "w/<slug:slug>/webhooks/deliveries/<int:delivery_id>/redeliver/",
        views.redeliver,
        name="redeliver",
    ),
]
