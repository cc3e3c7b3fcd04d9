"""The webhooks page: admins only, one workspace's hooks only."""

import pytest
from django.urls import reverse

from socialcycle.acting import webhooks
from socialcycle.acting.models import Webhook, WebhookDelivery
from socialcycle.testing.factories import PASSWORD


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def page(workspace):
    return reverse("acting:webhooks", args=[workspace.slug])


def test_an_admin_adds_a_webhook_and_sees_its_log(client, cast):
    sign_in(client, cast.admin)
    response = client.post(
        page(cast.workspace),
        {"url": "https://93.184.216.34/hooks/socialcycle", "events": ["insight.created"]},
    )
    assert response.status_code == 302
    hook = Webhook.objects.get(workspace=cast.workspace)
    assert hook.events == ["insight.created"]
    assert len(hook.secret) == 64
    content = client.get(page(cast.workspace)).content.decode()
    assert hook.secret in content
    assert "Nothing sent yet." in content


def test_an_internal_address_is_refused_with_the_reason_on_the_form(client, cast):
    sign_in(client, cast.admin)
    response = client.post(
        page(cast.workspace), {"url": "http://127.0.0.1:8000/x", "events": ["insight.created"]}
    )
    assert response.status_code == 200
    assert "private or local address" in response.content.decode()
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("analyst", 403), ("viewer", 403), ("outsider", 404)])
def test_only_admins_of_the_workspace_manage_webhooks(client, cast, who, status):
    sign_in(client, getattr(cast, who))
    assert client.get(page(cast.workspace)).status_code == status
    response = client.post(
        page(cast.workspace), {"url": "https://93.184.216.34/x", "events": ["insight.created"]}
    )
    assert response.status_code == status
    assert not Webhook.objects.exists()


def test_another_workspaces_delivery_cannot_be_redelivered(client, cast):
    hook = webhooks.create_webhook(
        cast.other_workspace, "https://93.184.216.34/x", ["insight.created"], by=cast.outsider
    )
    delivery = WebhookDelivery.objects.create(webhook=hook, event="insight.created", payload={})
    sign_in(client, cast.admin)
    url = reverse("acting:redeliver", args=[cast.workspace.slug, delivery.pk])
    assert client.post(url).status_code == 404
    assert WebhookDelivery.objects.count() == 1
