"""Analysts correct an analysis from the post's page; the correction is kept and audited."""

import pytest
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent
from socialcycle.listening.models import Post
from socialcycle.testing.factories import PASSWORD
from socialcycle.understanding.models import Correction, PostAnalysis, Topic
from socialcycle.understanding.services import analyse_pending_posts
from socialcycle.understanding.tests.helpers import analysed_posts

TEXT = "Love the hub, it works great and I am very happy with it"


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def correct(client, workspace, post, **data):
    url = reverse("understanding:correct", args=[workspace.slug, post.pk])
    return client.post(url, data)


def test_an_analyst_corrects_sentiment_kinds_and_topic(client, cast):
    (post,) = analysed_posts(cast.workspace, [TEXT])
    topic = Topic.objects.create(workspace=cast.workspace, label="Hub", centroid=b"\0" * 1536)
    sign_in(client, cast.analyst)

    response = correct(
        client,
        cast.workspace,
        post,
        sentiment="negative",
        kinds=["complaint", "idea"],
        topic=topic.pk,
    )

    assert response.status_code == 302
    analysis = PostAnalysis.objects.get(post=post)
    assert (analysis.sentiment, analysis.sentiment_score) == ("negative", -1.0)
    assert sorted(analysis.kinds.values_list("kind", flat=True)) == ["complaint", "idea"]
    assert analysis.topic == topic
    assert set(analysis.corrected_fields) == {"sentiment", "kinds", "topic"}
    corrections = Correction.objects.filter(post=post)
    assert {c.field for c in corrections} == {"sentiment", "kinds", "topic"}
    assert all(c.corrected_by == cast.analyst for c in corrections)
    assert AuditEvent.objects.filter(action="correct sentiment", actor=cast.analyst).exists()
    page = client.get(reverse("understanding:post", args=[cast.workspace.slug, post.pk]))
    assert "set by an analyst" in page.content.decode()
    assert "Words that weighed most" not in page.content.decode()  # a person decided


def test_a_new_analysis_keeps_what_an_analyst_set(client, cast):
    (post,) = analysed_posts(cast.workspace, [TEXT])
    sign_in(client, cast.analyst)
    correct(client, cast.workspace, post, sentiment="negative", kinds=["complaint"])

    Post.objects.filter(pk=post.pk).update(analysed_at=None)
    analyse_pending_posts(10)

    analysis = PostAnalysis.objects.get(post=post)
    assert analysis.sentiment == "negative"
    assert list(analysis.kinds.values_list("kind", flat=True)) == ["complaint"]


def test_a_bad_label_is_refused_with_a_message_and_nothing_changes(client, cast):
    (post,) = analysed_posts(cast.workspace, [TEXT])
    before = PostAnalysis.objects.get(post=post).sentiment
    sign_in(client, cast.analyst)
    response = correct(client, cast.workspace, post, sentiment="furious")
    assert response.status_code == 302
    assert PostAnalysis.objects.get(post=post).sentiment == before
    assert not Correction.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "The correction was not saved" in page


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_only_analysts_of_the_workspace_may_correct(client, cast, who, status):
    (post,) = analysed_posts(cast.workspace, [TEXT])
    sign_in(client, getattr(cast, who))
    assert correct(client, cast.workspace, post, sentiment="negative").status_code == status
    assert not Correction.objects.exists()


def test_viewers_read_posts_but_strangers_do_not(client, cast):
    (post,) = analysed_posts(cast.workspace, [TEXT])
    page = reverse("understanding:post", args=[cast.workspace.slug, post.pk])
    listing = reverse("understanding:posts", args=[cast.workspace.slug])
    sign_in(client, cast.viewer)
    assert client.get(page).status_code == 200
    assert b"Correct the analysis" not in client.get(page).content
    assert b"Words that weighed most" in client.get(page).content
    assert client.get(listing).status_code == 200
    sign_in(client, cast.outsider)
    assert client.get(page).status_code == 404
    assert client.get(listing).status_code == 404
    # Another workspace's post under our slug is not found either.
    other_url = reverse("understanding:post", args=[cast.other_workspace.slug, post.pk])
    assert client.get(other_url).status_code == 404


def test_post_text_is_shown_as_text_not_markup(client, cast):
    (post,) = analysed_posts(cast.workspace, ['<script>alert("x")</script> the hub broke'])
    sign_in(client, cast.viewer)
    page = client.get(reverse("understanding:post", args=[cast.workspace.slug, post.pk]))
    assert b"<script>alert" not in page.content
    assert b"&lt;script&gt;" in page.content


def test_a_post_in_french_shows_its_sentiment_and_what_was_not_read(client, cast):
    (post,) = analysed_posts(
        cast.workspace, ["Quelle horreur, ce produit est vraiment nul et cher"]
    )
    sign_in(client, cast.viewer)
    page = client.get(reverse("understanding:post", args=[cast.workspace.slug, post.pk]))
    content = page.content.decode()
    assert "read for sentiment only, by the French model" in content
    assert "Words that weighed most" in content
    # The words that pushed it to negative, quoted, marked negative (readable words only).
    assert (
        '<span class="negative">“nul”' in content or '<span class="negative">“horreur”' in content
    )
