"""Replies that cannot go wrong in public: {name} is the name a person goes by where the
reply is read, a reply is sent once however often its form is sent, a preview shows it
as it will go, and {insight_status} is offered only where an insight exists."""

import uuid

import pytest
from django.urls import reverse

from socialcycle.acting import services as acting
from socialcycle.listening.models import Participant, Post
from socialcycle.responding.models import Reply, ReplyTemplate
from socialcycle.responding.tests.test_inbox_and_replies import sign_in
from socialcycle.understanding.tests.helpers import analysed_posts

pytestmark = pytest.mark.django_db

REAL_NAME = "Freya Johansson"


def post_by_freya(workspace, channel):
    """A post by `f_johansson`, whose real name and address staff know from a CRM import."""
    (post,) = analysed_posts(workspace, ["Will the hub ever support Matter?"], channel=channel)
    Post.objects.filter(pk=post.pk).update(author_handle="f_johansson")
    Participant.objects.filter(pk=post.author_id).update(
        display_name=REAL_NAME, email="freya.johansson@example.com"
    )
    return Post.objects.select_related("author").get(pk=post.pk)


def greeting(workspace):
    return ReplyTemplate.objects.create(
        workspace=workspace, name="thanks", body="Hi {name}, thanks for asking!"
    )


def send(client, workspace, post, **data):
    url = reverse("responding:reply", args=[workspace.slug, post.pk])
    return client.post(url, {"key": str(uuid.uuid4()), **data}, follow=True)


@pytest.mark.parametrize("channel", ["social", "review", "app_store", "feed", "api"])
def test_no_public_channel_gets_a_name_only_staff_know(client, cast, channel):
    post = post_by_freya(cast.workspace, channel)
    sign_in(client, cast.analyst)

    send(client, cast.workspace, post, template=greeting(cast.workspace).pk)

    assert "Freya" not in Reply.objects.get().text


@pytest.mark.parametrize("channel", ["email", "support"])
def test_a_private_reply_may_use_the_name_staff_know(client, cast, channel):
    post = post_by_freya(cast.workspace, channel)
    sign_in(client, cast.analyst)

    send(client, cast.workspace, post, template=greeting(cast.workspace).pk)

    assert Reply.objects.get().text == f"Hi {REAL_NAME}, thanks for asking!"


def test_the_same_form_sent_twice_sends_one_reply(client, cast):
    (post,) = analysed_posts(cast.workspace, ["Is there a dark mode?"], channel="community")
    sign_in(client, cast.analyst)
    url = reverse("responding:reply", args=[cast.workspace.slug, post.pk])
    form = {"key": str(uuid.uuid4()), "text": "Yes: Settings > Display > Dark."}

    first = client.post(url, form)
    second = client.post(url, form)  # a second click, or the browser sending it again

    assert first.status_code == second.status_code == 302
    assert Reply.objects.count() == 1
    assert Post.objects.filter(parent=post).count() == 1  # published in the thread once
    assert first["Location"] == second["Location"]  # both show the one reply
    page = client.get(first["Location"]).content.decode()
    assert "Yes: Settings &gt; Display &gt; Dark." not in page.split("<textarea")[1].split("</")[0]


def test_a_preview_shows_the_filled_template_and_sends_nothing(client, cast):
    post = post_by_freya(cast.workspace, "social")
    sign_in(client, cast.analyst)
    url = reverse("responding:reply", args=[cast.workspace.slug, post.pk])
    data = {"key": str(uuid.uuid4()), "template": greeting(cast.workspace).pk, "preview": "1"}

    fragment = client.post(url, data, HTTP_HX_REQUEST="true")
    page = client.post(url, data)  # without JavaScript: the page, with the preview in it

    assert "Hi f_johansson, thanks for asking!" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert "Hi f_johansson, thanks for asking!" in page.content.decode()
    assert not Reply.objects.exists()


def test_insight_status_is_offered_only_for_a_post_in_an_insight(client, cast):
    (post,) = analysed_posts(cast.workspace, ["Please add a dark mode"])
    status = ReplyTemplate.objects.create(
        workspace=cast.workspace, name="status", body="Your idea is {insight_status}."
    )
    sign_in(client, cast.analyst)
    url = reverse("responding:reply", args=[cast.workspace.slug, post.pk])

    assert "Your idea is" not in client.get(url).context["form"]["template"].as_widget()
    refused = client.post(url, {"template": status.pk})  # a stale form that still offered it
    assert refused.status_code == 200
    assert not Reply.objects.exists()

    insight = acting.create_insight(cast.workspace, kind="idea", title="Dark mode")
    acting.attach_posts(insight, [post], by=cast.analyst)
    send(client, cast.workspace, post, template=status.pk)
    assert Reply.objects.get().text == "Your idea is new."
