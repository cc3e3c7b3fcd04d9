"""Background work really crosses Redis to a separate worker process."""

import os
import time

import pytest
import redis
from celery import Celery
from django.utils import timezone

from socialcycle.listening.models import Post
from socialcycle.testing.factories import make_source
from socialcycle.testing.servers import celery_worker, redis_url_for_tests
from socialcycle.understanding.models import PostAnalysis


def pending_posts(source, texts):
    now = timezone.now()
    return Post.objects.bulk_create(
        Post(
            workspace=source.workspace,
            source=source,
            channel=source.channel,
            external_id=str(number),
            text=text,
            created_at=now,
        )
        for number, text in enumerate(texts)
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_analyses_posts_sent_through_redis(cast):
    url = redis_url_for_tests()
    redis.Redis.from_url(url).flushdb()
    source = make_source(cast.workspace)
    posts = pending_posts(
        source, ["The hub is down again, this is so frustrating", "Love the new app", "meh"]
    )
    client = Celery("test-client", broker=url)  # no result store: the posts say it is done

    with celery_worker(url) as worker:
        client.send_task("understanding.analyse_pending_posts")
        waiting = Post.objects.filter(id__in=[p.id for p in posts], analysed_at=None)
        deadline = time.monotonic() + 90
        while waiting.exists() and time.monotonic() < deadline:
            time.sleep(0.5)

    assert worker.pid != os.getpid()
    assert not waiting.exists()
    sentiments = dict(PostAnalysis.objects.values_list("post__text", "sentiment"))
    assert sentiments["The hub is down again, this is so frustrating"] == "negative"
    assert sentiments["Love the new app"] == "positive"
