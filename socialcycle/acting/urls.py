from django.urls import path

from socialcycle.acting import views

app_name = "acting"
urlpatterns = [
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
