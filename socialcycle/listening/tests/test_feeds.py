"""RSS and Atom feeds, polled as live sources (connectors/feed.py), against a real HTTP
server on 127.0.0.1."""

import socket
import threading
import urllib.request
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from socialcycle.lib.outbound import (
    ForbiddenAddressError,
    _CheckedRedirects,
    check_public_url,
)
from socialcycle.listening.connectors import polling
from socialcycle.listening.connectors.connections import LiveSourceError, connect_source
from socialcycle.listening.models import Connection, Post

RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Lumio blog comments</title>
<item><guid>c-1</guid><title>Love the hub</title><link>https://blog.example/1</link>
<description>&lt;p&gt;The hub is &lt;b&gt;great&lt;/b&gt;&lt;/p&gt;</description>
<pubDate>Fri, 01 May 2026 10:00:00 +0000</pubDate><author>sam@example.com</author></item>
<item><guid>c-2</guid><title>Pairing trouble</title><link>https://blog.example/2</link>
<description>Pairing fails since the update</description>
<pubDate>Sat, 02 May 2026 10:00:00 +0000</pubDate></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Reviews</title><id>urn:r</id>
<updated>2026-05-03T10:00:00Z</updated>
<entry><id>urn:r:1</id><title>Five stars</title><updated>2026-05-03T10:00:00Z</updated>
<link href="https://reviews.example/1"/><author><name>kim</name></author>
<content type="html">&lt;p&gt;Setup took ten minutes&lt;/p&gt;</content></entry>
</feed>"""

ETAG = '"v1"'


PAGES = {
    "/rss": (RSS, "application/rss+xml"),
    "/atom": (ATOM, "application/atom+xml"),
    "/html": (b"<html><body>Not a feed</body></html>", "text/html"),
}


class FeedServer(BaseHTTPRequestHandler):
    pages: dict[str, tuple[bytes, str]] = {}
    seen_headers: list[dict[str, str]] = []

    def do_GET(self):
        FeedServer.seen_headers.append(dict(self.headers))
        if self.path == "/not-http":
            self.wfile.write(b"hello, this is not HTTP\r\n\r\n")
            return
        if self.path not in self.pages:
            self.send_error(404, "Not Found")
            return
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
            return
        body, kind = self.pages[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("ETag", ETAG)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def local_feeds_allowed(settings):
    # The feed server of these tests listens on 127.0.0.1, which production refuses.
    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def server():
    FeedServer.pages = dict(PAGES)
    FeedServer.seen_headers = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def feed_source(cast, url, name="Blog comments", poll_minutes=30):
    return connect_source(
        cast.workspace,
        name=name,
        kind="feed",
        settings={"url": url},
        poll_minutes=poll_minutes,
        by=cast.analyst,
    )


def test_rss_items_become_posts_and_polling_again_adds_nothing(cast, server):
    feed = feed_source(cast, f"{server}/rss")
    first = polling.poll(feed)
    assert (first.ok, first.created) == (True, 2)
    post = Post.objects.get(source=feed.source, external_id="c-1")
    assert (post.title, post.text, post.url) == (
        "Love the hub",
        "The hub is great",
        "https://blog.example/1",
    )
    assert post.created_at.isoformat() == "2026-05-01T10:00:00+00:00"

    again = polling.poll(feed)
    assert (again.ok, again.fetched) == (True, 0)  # 304: not modified
    assert FeedServer.seen_headers[-1]["If-None-Match"] == ETAG
    assert Post.objects.filter(source=feed.source).count() == 2

    Connection.objects.filter(pk=feed.pk).update(cursor="")
    feed.refresh_from_db()
    full = polling.poll(feed)
    assert "If-None-Match" not in FeedServer.seen_headers[-1]
    assert (full.ok, full.fetched, full.created) == (True, 2, 0)
    assert Post.objects.filter(source=feed.source).count() == 2


def test_atom_entries_become_posts(cast, server):
    feed = feed_source(cast, f"{server}/atom", name="Reviews")
    assert polling.poll(feed).created == 1
    post = Post.objects.get(source=feed.source)
    assert (post.external_id, post.text, post.author_handle) == (
        "urn:r:1",
        "Setup took ten minutes",
        "kim",
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/missing", "answered HTTP 404"),
        ("/html", "did not return an RSS or Atom feed"),
        ("/not-http", "sent a broken HTTP answer"),
    ],
)
def test_a_broken_feed_is_a_sentence_on_the_source(cast, server, path, expected):
    url = f"{server}{path}"
    feed = feed_source(cast, url)
    result = polling.poll(feed)
    assert not result.ok
    assert url in result.problem
    assert expected in result.problem
    feed.refresh_from_db()
    assert (feed.last_error, feed.failures) == (result.problem, 1)
    assert not Post.objects.filter(source=feed.source).exists()


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_feed_is_reported_not_raised(cast):
    url = f"http://127.0.0.1:{closed_port()}/feed"
    feed = feed_source(cast, url)
    result = polling.poll(feed)
    assert not result.ok
    assert result.problem.startswith(f"The feed {url} could not be reached")
    feed.refresh_from_db()
    assert feed.last_error == result.problem
    assert feed.last_polled_at is not None


@pytest.mark.parametrize("url", ["http://127.0.0.1/a feed", "http://[::1/feed"])
def test_a_malformed_feed_address_is_reported_not_raised(cast, url):
    result = polling.poll(feed_source(cast, url))
    assert not result.ok
    assert url in result.problem


def test_an_address_that_is_not_http_is_refused_beside_its_field(cast):
    with pytest.raises(LiveSourceError, match="is not an http") as refused:
        feed_source(cast, "ftp://x/feed")
    assert refused.value.field == "url"


def test_a_body_naming_a_local_file_is_not_read_from_disk(cast, server, tmp_path):
    local_feed = tmp_path / "private.xml"
    local_feed.write_bytes(RSS)
    FeedServer.pages["/pointer"] = (str(local_feed).encode(), "application/rss+xml")
    feed = feed_source(cast, f"{server}/pointer")
    result = polling.poll(feed)
    assert not result.ok
    assert "did not return an RSS or Atom feed" in result.problem
    assert not Post.objects.filter(source=feed.source).exists()


def test_only_feeds_that_are_due_are_polled(cast, server):
    feed_source(cast, f"{server}/rss", name="Due")
    recent = feed_source(cast, f"{server}/atom", name="Recent")
    now = timezone.now()
    Connection.objects.filter(pk=recent.pk).update(next_poll_at=now + timedelta(minutes=25))
    assert polling.poll_due(now) == 1
    polled = sorted(Post.objects.values_list("source__name", flat=True).distinct())
    assert polled == ["Due"]


def test_following_a_feed_from_the_page_polls_it(
    client, cast, server, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from socialcycle.testing.factories import PASSWORD

    client.login(username=cast.analyst.username, password=PASSWORD)
    url = reverse("listening:feeds", args=[cast.workspace.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": "Blog", "url": f"{server}/rss", "poll_minutes": 15})
    assert response.status_code == 302
    assert Post.objects.filter(source__name="Blog").count() == 2
    page = client.get(url).content.decode()
    assert f"{server}/rss" in page
    assert "15 min" in page


def test_poll_now_makes_the_feed_due_at_once(client, cast, server):
    from django.urls import reverse

    from socialcycle.testing.factories import PASSWORD

    feed = feed_source(cast, f"{server}/rss")
    Connection.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now() + timedelta(hours=1))
    client.login(username=cast.analyst.username, password=PASSWORD)
    client.post(reverse("listening:poll-feed", args=[cast.workspace.slug, feed.source_id]))
    feed.refresh_from_db()
    assert feed.next_poll_at <= timezone.now()


def test_only_analysts_of_the_workspace_manage_feeds(client, cast, server):
    from django.urls import reverse

    from socialcycle.testing.factories import PASSWORD

    feed = feed_source(cast, f"{server}/rss")
    pages = [
        ("get", reverse("listening:feeds", args=[cast.workspace.slug])),
        ("post", reverse("listening:poll-feed", args=[cast.workspace.slug, feed.source_id])),
    ]
    for who, status in (("viewer", 403), ("outsider", 404)):
        client.login(username=getattr(cast, who).username, password=PASSWORD)
        assert [getattr(client, method)(url).status_code for method, url in pages] == [status] * 2
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/rss",
        "http://localhost:{port}/rss",
        "http://[::1]:{port}/rss",
        "http://10.1.2.3/rss",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_by_default_feeds_on_internal_addresses_are_refused(cast, server, settings, url):
    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    port = server.rsplit(":", 1)[1]
    FeedServer.seen_headers = []
    feed = feed_source(cast, url.format(port=port))

    result = polling.poll(feed)

    assert not result.ok
    assert "private or local address" in result.problem
    assert "FEEDS_ALLOW_PRIVATE_ADDRESSES" in result.problem
    assert FeedServer.seen_headers == []  # nothing reached the server
    assert Post.objects.count() == 0


def test_a_public_address_passes_the_check():
    check_public_url("http://93.184.216.34/feed.xml")  # a literal IP: no DNS needed


def test_a_redirect_to_an_internal_address_is_refused():
    handler = _CheckedRedirects()
    request = urllib.request.Request("http://93.184.216.34/feed.xml")
    with pytest.raises(ForbiddenAddressError, match="private or local"):
        handler.redirect_request(request, None, 302, "Found", {}, "http://127.0.0.1:9/x")
