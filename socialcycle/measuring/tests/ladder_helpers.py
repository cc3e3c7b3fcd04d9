"""People, events and analysed posts built directly, so each test states its own history."""

from datetime import UTC, datetime
from itertools import count

from socialcycle.listening.models import EngagementEvent, Participant, Post
from socialcycle.testing.factories import make_source
from socialcycle.understanding.models import PostAnalysis

_ids = count(1)
SCORES = {"positive": 0.8, "neutral": 0.0, "negative": -0.8}


def day(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def person(workspace, name, influence=0.0):
    return Participant.objects.create(workspace=workspace, display_name=name, influence=influence)


def step(participant, stage, when, action="test", post=None):
    return EngagementEvent.objects.create(
        workspace_id=participant.workspace_id,
        participant=participant,
        stage=stage,
        action=action,
        post=post,
        occurred_at=day(when) if isinstance(when, str) else when,
    )


def said(participant, text, sentiment, when="2026-03-01", **fields):
    """A post by `participant` with its analysis, without running the models."""
    source = make_source(participant.workspace, "Direct")
    created_at = day(when)
    post = Post.objects.create(
        workspace_id=participant.workspace_id,
        source=source,
        channel=source.channel,
        external_id=f"d{next(_ids)}",
        author=participant,
        text=text,
        created_at=created_at,
        analysed_at=created_at,
        **fields,
    )
    PostAnalysis.objects.create(
        post=post,
        workspace_id=participant.workspace_id,
        created_at=created_at,
        sentiment=sentiment,
        sentiment_score=SCORES[sentiment],
        analysed_at=created_at,
    )
    return post
