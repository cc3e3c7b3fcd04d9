"""Posts with analyses, insights and people built directly, for the export tests."""

import csv
import io
import json
from datetime import timedelta
from itertools import count

from socialcycle.acting.models import Insight, InsightPost, Team
from socialcycle.listening.models import Identity, Post, Source
from socialcycle.measuring.exports import catalogue, streams
from socialcycle.measuring.tests.ladder_helpers import day
from socialcycle.testing.factories import make_source
from socialcycle.understanding.models import PostAnalysis, PostKind, Topic
from socialcycle.understanding.queries import PostFilter

_ids = count(1)
POST_FIELDS = ("title", "url", "rating", "author_handle")


def post(source: Source, text="Hello", when="2026-03-01T10:00", author=None, **fields):
    """A post that has not been analysed."""
    return Post.objects.create(
        workspace_id=source.workspace_id,
        source=source,
        channel=source.channel,
        external_id=fields.pop("external_id", f"e{next(_ids)}"),
        author=author,
        text=text,
        created_at=day(when),
        **fields,
    )


def analysed(source, text="Hello", when="2026-03-01T10:00", kinds=(), author=None, **analysis):
    """A post with its analysis (without running the models) and its kinds."""
    fields = {name: analysis.pop(name) for name in POST_FIELDS if name in analysis}
    created = post(source, text, when, author=author, **fields)
    record = PostAnalysis.objects.create(
        post=created,
        workspace_id=source.workspace_id,
        created_at=created.created_at,
        sentiment=analysis.pop("sentiment", "neutral"),
        sentiment_score=analysis.pop("sentiment_score", 0.0),
        analysed_at=created.created_at + timedelta(minutes=1),
        **analysis,
    )
    PostKind.objects.bulk_create(
        PostKind(analysis=record, kind=kind, confidence=confidence) for kind, confidence in kinds
    )
    return created


def topic(workspace, label):
    return Topic.objects.create(workspace=workspace, label=label)


def insight(workspace, title="Pairing fails", posts=(), **fields):
    made = Insight.objects.create(
        workspace=workspace, kind=fields.pop("kind", "early_warning"), title=title, **fields
    )
    InsightPost.objects.bulk_create(InsightPost(insight=made, post=p) for p in posts)
    return made


def team(workspace, name="Product"):
    return Team.objects.create(workspace=workspace, name=name)


def handle(participant, channel, name):
    return Identity.objects.create(
        workspace_id=participant.workspace_id, participant=participant, channel=channel, handle=name
    )


def source(workspace, name="Chirper export", channel="social"):
    return make_source(workspace, name, channel)


def csv_rows(export, workspace, filters=None, chunk_size=streams.CHUNK_SIZE):
    text = "".join(
        streams.stream(
            export,
            workspace,
            filters or PostFilter(),
            catalogue.Format.CSV,
            chunk_size=chunk_size,
        )
    )
    return list(csv.DictReader(io.StringIO(text)))


def jsonl_rows(export, workspace, filters=None, chunk_size=streams.CHUNK_SIZE):
    text = "".join(
        streams.stream(
            export,
            workspace,
            filters or PostFilter(),
            catalogue.Format.JSONL,
            chunk_size=chunk_size,
        )
    )
    return [json.loads(line) for line in text.splitlines()]
