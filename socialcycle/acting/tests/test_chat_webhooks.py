"""Slack, Teams and Discord incoming webhooks get a chat message, not our JSON: one
sentence with its link, a customer's words quoted so they cannot ping or format."""

import json

import pytest
from django.urls import reverse

from socialcycle.acting import chat, services, webhooks
from socialcycle.acting.models import Webhook, WebhookDelivery
from socialcycle.analysis.types import Analysis
from socialcycle.understanding.services import first_time_urgent
from socialcycle.understanding.tests.helpers import analysed_posts


@pytest.fixture
def chat_server(platform):
    platform.answer("/hook", json_body={"ok": True})
    return platform


def hook(cast, server, fmt, events=(Webhook.Event.INSIGHT_CREATED,)):
    return webhooks.create_webhook(
        cast.workspace, server.url + "/hook", list(events), by=cast.admin, format=fmt
    )


def sent(server):
    return [json.loads(posted.body) for posted in server.posted]


def test_slack_gets_a_sentence_with_the_insights_link_and_escaped_words(
    cast, chat_server, django_capture_on_commit_callbacks
):
    hook(cast, chat_server, Webhook.Format.SLACK)
    with django_capture_on_commit_callbacks(execute=True):
        insight = services.create_insight(
            cast.workspace, kind="complaint", title="Hub <b>offline</b> & @channel"
        )
    [message] = sent(chat_server)
    assert set(message) == {"text"}
    assert message["text"].startswith("New complaint insight: “Hub &lt;b&gt;offline&lt;/b&gt;")
    assert "@\u200bchannel" in message["text"]  # no ping
    assert message["text"].endswith(f"/w/{cast.workspace.slug}/insights/{insight.pk}/")
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.DELIVERED


def test_discord_pings_no_one_and_teams_gets_an_adaptive_card(
    cast, chat_server, django_capture_on_commit_callbacks
):
    hook(cast, chat_server, Webhook.Format.DISCORD)
    hook(cast, chat_server, Webhook.Format.TEAMS)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    discord, teams = sorted(sent(chat_server), key=lambda body: "content" not in body)
    assert discord["allowed_mentions"] == {"parse": []}
    assert discord["content"].startswith("New idea insight: “Dark mode”.")
    card = teams["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["body"][0]["text"].startswith("New idea insight: “Dark mode”.")


def test_an_urgent_post_is_announced_with_where_and_why_but_not_who(cast, chat_server):
    hook(cast, chat_server, Webhook.Format.SLACK, events=[Webhook.Event.POST_URGENT])
    [post] = analysed_posts(cast.workspace, ["URGENT: the hub caught fire, smoke everywhere!!"])
    assert webhooks.announce_urgent_posts(cast.workspace.pk, [post.pk]) == 1
    delivery = WebhookDelivery.objects.get(event="post.urgent")
    text = chat.message(delivery.event, delivery.payload, cast.workspace.slug)
    assert text.startswith("Urgent post on ")
    assert "“URGENT: the hub caught fire, smoke everywhere!!”" in text
    assert "person0" not in json.dumps(delivery.payload)  # where and why, not who


def test_only_first_analyses_of_urgent_posts_are_announced(cast):
    [known] = analysed_posts(cast.workspace, ["The hub is on fire"])
    urgent = Analysis("en", "negative", -0.9, {}, "complaint", urgency=0.9)
    assert first_time_urgent([known], [urgent]) == []  # it was analysed before
    known.analysis.delete()
    assert first_time_urgent([known], [urgent]) == [known.pk]


def test_an_admin_adds_a_slack_webhook_on_the_page(cast, client, chat_server):
    client.force_login(cast.admin)
    url = reverse("acting:webhooks", args=[cast.workspace.slug])
    answer = client.post(
        url, {"url": chat_server.url + "/hook", "format": "slack", "events": ["alert.fired"]}
    )
    assert answer.status_code == 302
    assert Webhook.objects.get().format == Webhook.Format.SLACK
    assert "Slack incoming webhook · Events: alert.fired" in client.get(url).content.decode()
