"""Clients pushing the same new posts by the same new authors at once, as retries do:
every request answers 200, each post and each author is stored once, and exactly one
response says "created" for each post (CI runs this on SQLite and on PostgreSQL)."""

import threading
from collections import Counter

import pytest
from django.db import connections
from django.test import Client

from socialcycle.accounts.tokens import create_api_token
from socialcycle.listening.models import Identity, Participant, Post

CLIENTS = 6
ROUNDS = 4
POSTS = 40
AUTHORS = 8


def batch(with_authors: bool) -> list[dict[str, str]]:
    return [
        {
            "external_id": f"T-{n}",
            "text": f"Ticket {n}: the hub drops the connection",
            "created_at": "2026-05-01T10:00:00Z",
            "author_handle": f"customer{n % AUTHORS}" if with_authors else "",
        }
        for n in range(POSTS)
    ]


# Without authors nothing else makes the batches wait for each other before they look for
# the posts they bring (a new author's row does, on PostgreSQL).
@pytest.mark.parametrize("with_authors", [True, False], ids=["authors", "no-authors"])
@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_of_the_same_new_posts_and_authors(cast, with_authors):
    _, secret = create_api_token(cast.workspace, cast.analyst, name="desk", scopes=["posts:write"])
    statuses: list[tuple[int, list[tuple[str, str]]]] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def push() -> None:
        client = Client(raise_request_exception=False)
        try:
            for _ in range(ROUNDS):
                start.wait()  # each round's requests leave together
                response = client.post(
                    "/api/v1/posts",
                    {"source": "Helpdesk", "posts": batch(with_authors)},
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {secret}"},
                )
                body = response.json() if response.status_code == 200 else {"results": []}
                items = [(r["external_id"], r["status"]) for r in body["results"]]
                with lock:
                    statuses.append((response.status_code, items))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=push) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert [code for code, _ in statuses] == [200] * (CLIENTS * ROUNDS)
    created = Counter(ext for _, items in statuses for ext, status in items if status == "created")
    assert created == Counter({f"T-{n}": 1 for n in range(POSTS)})
    assert {status for _, items in statuses for _, status in items} == {"created", "updated"}
    assert Post.objects.filter(workspace=cast.workspace).count() == POSTS
    authors = AUTHORS if with_authors else 0
    assert Identity.objects.filter(workspace=cast.workspace).count() == authors
    assert Participant.objects.filter(workspace=cast.workspace).count() == authors
