from django.urls import path

from socialcycle.acting.views import insights, routing, teams, webhooks

app_name = "acting"
urlpatterns = [
    path("w/<slug:slug>/insights/", insights.insight_list, name="insights"),
    path("w/<slug:slug>/insights/<int:insight_id>/", insights.insight_detail, name="insight"),
    path(
        "w/<slug:slug>/posts/<int:post_id>/insight/",
        insights.insight_from_post,
        name="insight-from-post",
    ),
    path("w/<slug:slug>/settings/teams/", teams.team_list, name="teams"),
    path("w/<slug:slug>/routing/", routing.routing_rules, name="routing"),
    path("w/<slug:slug>/webhooks/", webhooks.webhook_list, name="webhooks"),
    path(
        "w/<slug:slug>/webhooks/<int:webhook_id>/toggle/",
        webhooks.toggle_webhook,
        name="toggle-webhook",
    ),
    path(
        "w/<slug:slug>/webhooks/deliveries/<int:delivery_id>/redeliver/",
        webhooks.redeliver,
        name="redeliver",
    ),
]
