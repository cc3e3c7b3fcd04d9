"""A staff reply in the community greets the member by the name they chose there, never by
a real name staff know from elsewhere: the thread is public."""

import pytest
from django.urls import reverse

from socialcycle.community.tests.helpers import question
from socialcycle.listening.models import Participant, Post
from socialcycle.responding.models import Reply
from socialcycle.responding.tests.test_inbox_and_replies import sign_in
from socialcycle.responding.tests.test_safe_replies import REAL_NAME, greeting, send
from socialcycle.testing.members import make_member

pytestmark = pytest.mark.django_db


def test_a_public_community_reply_greets_the_handle_never_the_real_name(client, cast):
    asked = question(make_member(cast.workspace, "f_johansson"))
    Participant.objects.filter(posts=asked.post).update(display_name=REAL_NAME)
    post = Post.objects.select_related("author").get(pk=asked.post.pk)
    sign_in(client, cast.analyst)

    send(client, cast.workspace, post, template=greeting(cast.workspace).pk)

    assert Reply.objects.get().text == "Hi f_johansson, thanks for asking!"
    client.logout()  # the page as anyone reads it
    thread = client.get(reverse("community:post", args=[cast.workspace.slug, post.pk]), follow=True)
    assert thread.status_code == 200
    assert "Hi f_johansson" in thread.content.decode()
    assert "Freya" not in thread.content.decode()
