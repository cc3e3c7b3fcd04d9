"""A workspace with one of everything a URL can name (a post, an insight, a topic, an
alert, …), for the tests that request every URL as every role and as a stranger."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from socialcycle.accounts.models import TrackedName, User, Workspace
from socialcycle.accounts.tokens import create_api_token
from socialcycle.acting.models import Insight, Webhook, WebhookDelivery
from socialcycle.community.models import Contribution, KnowledgeArticle, Testimonial
from socialcycle.community.posting import Draft, post_contribution
from socialcycle.listening.models import Channel, Connection, ImportRun, Post, Source
from socialcycle.listening.uploads import store_upload, upload_token
from socialcycle.measuring.models import Alert
from socialcycle.testing.factories import make_post, make_source
from socialcycle.testing.members import make_member
from socialcycle.understanding.models import PostAnalysis, Topic, TopicDiscoveryRun


def furnish(workspace: Workspace, staff: User, tag: str) -> dict[str, Any]:
    """Make one object of each kind in `workspace`; returns URL keyword -> value, plus the
    community posts by type under "idea", "question", "answer", "review"."""
    source = make_source(workspace, f"Chirper {tag}")
    post = make_post(source, f"{tag}-1", "The hub keeps dropping offline", author=f"sam{tag}")
    topic = Topic.objects.create(workspace=workspace, label=f"Connectivity {tag}")
    _analyse(post, topic)
    product = TrackedName.objects.create(workspace=workspace, kind="product", name=f"Hub {tag}")
    member = make_member(workspace, f"dana{tag}")
    community = _community_posts(member, product)
    feed = Source.objects.create(workspace=workspace, name=f"Feed {tag}", channel=Channel.FEED)
    Connection.objects.create(
        source=feed, kind="feed", settings={"url": "http://127.0.0.1:9/feed.xml"}, poll_seconds=3600
    )
    webhook = Webhook.objects.create(
        workspace=workspace, url="https://hooks.example/in", secret="x" * 32, events=["alert.fired"]
    )
    return {
        "post_id": post.pk,
        "topic_id": topic.pk,
        "insight_id": Insight.objects.create(
            workspace=workspace, kind="idea", title=f"Dark mode {tag}"
        ).pk,
        "run_id": ImportRun.objects.create(
            workspace=workspace, source=source, file_name="a.csv", file_sha256="0" * 64
        ).pk,
        "discovery_id": TopicDiscoveryRun.objects.create(workspace=workspace).pk,
        "source_id": feed.pk,
        "webhook_id": webhook.pk,
        "delivery_id": WebhookDelivery.objects.create(
            webhook=webhook, event="alert.fired", payload={}
        ).pk,
        "participant_id": post.author_id,
        "alert_id": _alert(workspace, topic).pk,
        "testimonial_id": Testimonial.objects.create(
            workspace=workspace, post=post, selected_by=staff
        ).pk,
        "article_id": KnowledgeArticle.objects.create(
            workspace=workspace, title="Restart the hub", body="Hold the button for ten seconds."
        ).pk,
        "product_id": product.pk,
        "token_id": create_api_token(workspace, staff, name=f"Shop {tag}", scopes=["read"])[0].pk,
        "handle": member.handle,
        "token": upload_token(
            store_upload(workspace.pk, SimpleUploadedFile("a.csv", b"id,text\n1,Hello\n"))
        ),
        "what": "posts",
        "fmt": "csv",
        **community,
    }


def _analyse(post: Post, topic: Topic) -> None:
    PostAnalysis.objects.create(
        post=post,
        workspace=post.workspace,
        created_at=post.created_at,
        sentiment="negative",
        sentiment_score=-0.7,
        primary_kind="complaint",
        topic=topic,
        analysed_at=timezone.now(),
    )


def _community_posts(member: Any, product: TrackedName) -> dict[str, int]:
    idea = post_contribution(member, Draft(type="idea", title="Dark mode", text="Please add one"))
    question = post_contribution(
        member, Draft(type="question", title="Pairing?", text="How do I pair a bulb?")
    )
    answer = post_contribution(
        member, Draft(type="answer", text="Hold the button", parent=question.post)
    )
    review = post_contribution(
        member, Draft(type="review", text="Works well", product=product, rating=4)
    )
    # An accepted answer: a tip staff may promote.
    Contribution.objects.filter(pk=answer.pk).update(accepted_at=timezone.now())
    return {
        "idea": idea.post_id,
        "question": question.post_id,
        "answer": answer.post_id,
        "review": review.post_id,
    }


def _alert(workspace: Workspace, topic: Topic) -> Alert:
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    return Alert.objects.create(
        workspace=workspace,
        scope="topic",
        scope_id=topic.pk,
        scope_label=topic.label,
        hour=hour,
        last_anomalous_hour=hour,
        observed=9,
        peak_observed=9,
        baseline_median=1,
        baseline_mad=1,
        scale=1.5,
        score=5.3,
        baseline_samples=12,
        episode_key=f"topic:{topic.pk}:{hour.isoformat()}",
    )
