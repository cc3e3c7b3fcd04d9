"""A responder answers a community question from a template: the preview shows the reply
as it will be sent, greeting the member by their community name (staff know her real
name); a double click sends it once, the box is empty afterwards, and the public thread
never shows the real name."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from socialcycle.community.tests.helpers import question
from socialcycle.listening.models import Participant, Post
from socialcycle.responding.models import Reply, ReplyTemplate
from socialcycle.testing.members import make_member
from tests.browser.staff import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_template_reply_is_previewed_sent_once_and_names_no_one(page, live_server, cast):
    asked = question(make_member(cast.workspace, "f_johansson"), "Does the hub speak Matter?")
    Participant.objects.filter(posts=asked.post).update(display_name="Freya Johansson")
    ReplyTemplate.objects.create(
        workspace=cast.workspace, name="thanks", body="Hi {name}, thanks for asking!"
    )
    sign_in(page, live_server.url, cast.analyst.username)
    page.goto(
        live_server.url + reverse("responding:reply", args=[cast.workspace.slug, asked.post.pk])
    )

    page.get_by_label("Template", exact=True).select_option(label="thanks")
    preview = page.locator("#reply-preview")
    expect(preview).to_contain_text("Hi f_johansson, thanks for asking!")
    assert not Reply.objects.exists()  # a preview sends nothing

    page.get_by_role("button", name="Send reply").dblclick()
    expect(page.locator(".message")).to_contain_text("Reply published.")
    expect(page.get_by_label("Template", exact=True)).to_have_value("")

    assert Reply.objects.count() == 1
    assert Post.objects.filter(parent=asked.post).count() == 1
    page.goto(
        live_server.url + reverse("community:post", args=[cast.workspace.slug, asked.post.pk])
    )
    expect(page.locator("body")).to_contain_text("Hi f_johansson, thanks for asking!")
    expect(page.locator("body")).not_to_contain_text("Freya")
