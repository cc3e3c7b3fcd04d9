"""The inbox asks the database the same number of questions for 4 posts as for 16: its
queries grow with pages, not rows (posts in insights, assigned, replied to included)."""

from django.urls import reverse

from socialcycle.acting import services
from socialcycle.responding import bulk
from socialcycle.testing.queries import queries_of
from socialcycle.understanding.tests.helpers import analysed_posts

MOST = 10  # 8 today: session, user, membership, the page of posts, insights, people


def add_posts(cast, start, count):
    posts = analysed_posts(
        cast.workspace, [f"The hub {start + n} keeps dropping my lights" for n in range(count)]
    )
    insight = services.create_insight(cast.workspace, kind="complaint", title=f"Drops {start}")
    services.attach_posts(insight, posts[::2])
    bulk.assign_posts(cast.workspace, posts[1::2], cast.analyst, by=cast.admin)


def test_the_inbox_asks_as_often_for_many_posts_as_for_few(client, cast):
    client.force_login(cast.analyst)
    url = reverse("responding:inbox", args=[cast.workspace.slug])

    add_posts(cast, 0, 4)
    few = queries_of(client, url)
    add_posts(cast, 100, 12)
    many = queries_of(client, url)
    mine = queries_of(client, url, mine="on")

    assert many == few <= MOST
    assert mine <= MOST
