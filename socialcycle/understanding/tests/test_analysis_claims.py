"""Analysis claims its posts, runs the models with no transaction open, and stores only
what it still holds: a post changed or taken over meanwhile keeps waiting for a fresh
analysis, and a dead worker's claim lapses."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from socialcycle.listening.models import Post
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source
from socialcycle.understanding import services
from socialcycle.understanding.models import PostAnalysis


@pytest.fixture(autouse=True)
def analysis_left_waiting(settings):
    """Stored posts wait for the analysis called here (tests with commits would run it)."""
    settings.EMBEDDED_SCHEDULED_TASKS = ("understanding.analyse_pending_posts",)


def waiting_posts(workspace, texts, name="Tweets"):
    source = make_source(workspace, name, "twitter")
    record_posts(source, [incoming(f"p{i}", text) for i, text in enumerate(texts)])
    return source, list(Post.objects.filter(source=source).order_by("id"))


def analyse_claimed(token, ids):
    posts = list(Post.objects.filter(id__in=ids).order_by("id"))
    return services.store_claimed_analyses(token, posts, services.analyse_texts(posts))


def test_a_live_claim_is_skipped_and_an_expired_one_taken_again(cast, settings):
    _, posts = waiting_posts(cast.workspace, ["one", "two", "three"])
    first_token, first = services.claim_pending_posts(2)
    _, second = services.claim_pending_posts(2)
    assert first == [posts[0].id, posts[1].id]
    assert second == [posts[2].id]  # the first worker's posts are not taken twice
    assert services.claim_pending_posts(2)[1] == []

    # The first worker died: once its claim is older than the limit, another takes them.
    lapsed = timezone.now() - timedelta(seconds=settings.ANALYSIS_CLAIM_SECONDS + 1)
    Post.objects.filter(analysis_claim=first_token).update(analysis_claimed_at=lapsed)
    third_token, third = services.claim_pending_posts(5)
    assert third == first
    assert analyse_claimed(third_token, third) == 2
    assert analyse_claimed(first_token, first) == 0  # the dead worker's results are dropped
    assert PostAnalysis.objects.filter(post_id__in=first).count() == 2


def test_a_post_reimported_while_analysed_is_not_given_the_old_texts_analysis(cast):
    source, (post,) = waiting_posts(cast.workspace, ["I love the new hub, works great"])
    token, claimed = services.claim_pending_posts(10)
    loaded = list(Post.objects.filter(id__in=claimed))
    found = services.analyse_texts(loaded)  # the models run on the old text ...

    # ... while the same post comes again with a new text.
    record_posts(source, [incoming("p0", "The hub is broken and support ignores me, awful")])

    assert services.store_claimed_analyses(token, loaded, found) == 0
    post.refresh_from_db()
    assert (post.analysed_at, post.analysis_claim) == (None, None)
    assert not PostAnalysis.objects.filter(post=post).exists()
    assert services.analyse_pending_posts(10) == 1
    assert PostAnalysis.objects.get(post=post).sentiment == "negative"


@pytest.mark.django_db(transaction=True)
def test_the_models_run_with_no_transaction_open_so_others_write_meanwhile(cast, monkeypatch):
    source, _ = waiting_posts(cast.workspace, ["the app keeps crashing", "love it"])
    real_analyse = services.analyse_texts
    seen = {}

    def analyse_while_someone_imports(posts):
        seen["in_transaction"] = connection.in_atomic_block
        # Another thread (its own connection) stores a post while the models run here.
        writer = threading.Thread(target=store_one_more, args=(source,))
        writer.start()
        writer.join()
        return real_analyse(posts)

    monkeypatch.setattr(services, "analyse_texts", analyse_while_someone_imports)
    assert services.analyse_pending_posts(10) == 2
    assert seen == {"in_transaction": False}
    assert Post.objects.filter(source=source).count() == 3
    assert PostAnalysis.objects.count() == 2


def store_one_more(source):
    try:
        with transaction.atomic():
            record_posts(source, [incoming("meanwhile", "stored while the models ran")])
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_workers_claiming_side_by_side_take_different_posts(cast):
    waiting_posts(cast.workspace, [f"post number {n}" for n in range(40)])
    taken: list[list[int]] = []

    def worker():
        try:
            while ids := services.claim_pending_posts(3)[1]:
                taken.append(ids)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker) for _ in range(4)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    every = [post_id for ids in taken for post_id in ids]
    assert len(every) == len(set(every)) == 40
