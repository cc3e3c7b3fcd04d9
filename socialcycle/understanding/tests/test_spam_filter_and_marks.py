"""Spam is hidden everywhere by default and shown on request; staff mark and unmark it."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent, Role
from socialcycle.accounts.tokens import create_api_token
from socialcycle.listening.models import Post
from socialcycle.testing.factories import make_user
from socialcycle.understanding.models import Correction, PostAnalysis
from socialcycle.understanding.spam import spam_corrections
from socialcycle.understanding.tests.helpers import analysed_posts

PROMOTION = "WIN a FREE iPhone!!! Click here https://bit.ly/a1 #giveaway #win"
COMPLAINT = "The hub is down again and nobody answers the phone"
QUESTION = "Could you add a dark mode to the app?"


@pytest.fixture
def posts(cast):
    return analysed_posts(cast.workspace, [PROMOTION, COMPLAINT, QUESTION])


@pytest.fixture
def responder(cast):
    return make_user("rita", cast.workspace, Role.RESPONDER)


def posts_page(client, cast, **query):
    response = client.get(reverse("understanding:posts", args=[cast.workspace.slug]), query)
    return response, sorted(post.text for post, _ in response.context["rows"])


def inbox(client, cast, **query):
    response = client.get(reverse("responding:inbox", args=[cast.workspace.slug]), query)
    return sorted(row.post.text for row in response.context["rows"])


def test_the_promotion_is_spam_at_intake_and_its_analysis_says_so(posts):
    promotion, complaint, _ = posts
    assert promotion.is_spam
    assert promotion.analysis.is_spam
    assert not complaint.is_spam
    assert not complaint.analysis.is_spam


def test_the_posts_page_hides_spam_unless_asked(client, cast, posts):
    client.force_login(cast.viewer)

    assert posts_page(client, cast)[1] == sorted([COMPLAINT, QUESTION])
    assert posts_page(client, cast, spam="include")[1] == sorted([PROMOTION, COMPLAINT, QUESTION])
    response, shown = posts_page(client, cast, spam="only")
    assert shown == [PROMOTION]
    assert 'value="only" selected' in response.content.decode()  # the filter is visible


def test_a_bad_spam_value_is_said_by_name(client, cast, posts):
    client.force_login(cast.viewer)

    url = reverse("understanding:posts", args=[cast.workspace.slug])
    response = client.get(url, {"spam": "maybe"})

    assert response.status_code == 400
    assert "spam: “maybe” is not one of hide, include, only" in response.content.decode()


def test_the_inbox_hides_spam_unless_asked(client, cast, posts, responder):
    client.force_login(responder)

    assert inbox(client, cast) == sorted([COMPLAINT, QUESTION])
    assert inbox(client, cast, spam="include", unanswered="on") == sorted(
        [PROMOTION, COMPLAINT, QUESTION]
    )
    assert inbox(client, cast, spam="only", unanswered="on") == [PROMOTION]


def test_the_posts_export_leaves_spam_out_unless_asked(client, cast, posts):
    secret = create_api_token(cast.workspace, cast.admin, name="export", scopes=["read"])[1]
    address = f"/api/v1/workspaces/{cast.workspace.slug}/exports/posts"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    default = client.get(address, **auth).json()["items"]
    everything = client.get(address, {"spam": "include"}, **auth).json()["items"]
    bad = client.get(address, {"spam": "yes"}, **auth)

    assert sorted(item["text"] for item in default) == sorted([COMPLAINT, QUESTION])
    assert len(everything) == 3
    assert bad.status_code == 400
    assert "spam" in bad.content.decode()


def mark(client, cast, post, answer):
    url = reverse("understanding:mark-spam", args=[cast.workspace.slug, post.pk])
    return client.post(url, {"spam": answer})


def test_a_responder_marks_a_post_as_spam_and_back(client, cast, posts, responder):
    _, complaint, _ = posts
    client.force_login(responder)

    assert mark(client, cast, complaint, "yes").status_code == 302

    complaint.refresh_from_db()
    assert complaint.is_spam
    assert complaint.spam_marked is True
    assert PostAnalysis.objects.get(post=complaint).is_spam
    assert inbox(client, cast) == [QUESTION]
    correction = Correction.objects.get(post=complaint, field=Correction.Field.SPAM)
    assert (correction.before, correction.after, correction.corrected_by) == (
        False,
        True,
        responder,
    )
    assert AuditEvent.objects.filter(action="mark spam", actor=responder).exists()

    mark(client, cast, complaint, "no")

    complaint.refresh_from_db()
    assert not complaint.is_spam
    assert complaint.spam_marked is False
    assert inbox(client, cast) == sorted([COMPLAINT, QUESTION])
    assert AuditEvent.objects.filter(action="mark not spam", actor=responder).exists()
    # The latest mark is what the scorer learns from.
    assert spam_corrections() == []  # the workspace keeps its corrections to itself
    type(cast.workspace).objects.filter(pk=cast.workspace.pk).update(share_corrections=True)
    assert spam_corrections() == [(COMPLAINT, False)]


def test_the_post_page_shows_the_verdict_and_the_button_to_responders_only(
    client, cast, posts, responder
):
    promotion = posts[0]
    url = reverse("understanding:post", args=[cast.workspace.slug, promotion.pk])
    client.force_login(responder)
    page = client.get(url).content.decode()
    assert "<strong>Spam</strong>" in page
    assert "Not spam</button>" in page
    assert "csrfmiddlewaretoken" in page

    client.force_login(cast.viewer)
    assert "Not spam</button>" not in client.get(url).content.decode()


def test_a_viewer_may_not_mark_and_an_outsider_cannot_see_the_post(client, cast, posts):
    _, complaint, _ = posts
    client.force_login(cast.viewer)
    assert mark(client, cast, complaint, "yes").status_code == 403
    client.force_login(cast.outsider)
    assert mark(client, cast, complaint, "yes").status_code in (403, 404)
    complaint.refresh_from_db()
    assert not complaint.is_spam
    assert complaint.spam_marked is None
    assert not Correction.objects.filter(field=Correction.Field.SPAM).exists()


def test_a_bad_answer_marks_nothing(client, cast, posts, responder):
    client.force_login(responder)
    mark(client, cast, posts[1], "perhaps")
    assert not Post.objects.get(pk=posts[1].pk).is_spam


def api_mark(client, cast, post, spam, **headers):
    address = f"/api/v1/workspaces/{cast.workspace.slug}/posts/{post.pk}/spam"
    return client.post(
        address, json.dumps({"spam": spam}), content_type="application/json", **headers
    )


def test_the_api_marks_for_responders_and_tokens_and_refuses_others(client, cast, posts, responder):
    promotion, complaint, _ = posts
    client.force_login(responder)
    answer = api_mark(client, cast, promotion, False)
    assert answer.status_code == 200
    assert answer.json()["is_spam"] is False
    assert answer.json()["marked_by_person"] is True

    client.force_login(cast.viewer)
    assert api_mark(client, cast, complaint, True).status_code == 403
    client.logout()

    secret = create_api_token(cast.workspace, cast.analyst, name="w", scopes=["posts:write"])[1]
    assert api_mark(client, cast, complaint, True, HTTP_AUTHORIZATION=f"Bearer {secret}").json()[
        "is_spam"
    ]

    elsewhere = create_api_token(
        cast.other_workspace, cast.outsider, name="o", scopes=["posts:write"]
    )[1]
    refused = api_mark(client, cast, complaint, False, HTTP_AUTHORIZATION=f"Bearer {elsewhere}")
    assert refused.status_code == 404
    assert Post.objects.get(pk=complaint.pk).is_spam
