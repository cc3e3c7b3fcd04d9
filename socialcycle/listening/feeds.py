"""RSS and Atom feeds, polled on a schedule; every problem is a sentence stored on the source.

A feed source keeps its settings in `Source.config`: `feed_url`, `poll_minutes` (default
30), and what polling learnt: `etag`, `modified`, `last_polled_at`, `last_error`.
"""

from __future__ import annotations

import calendar
import hashlib
import http.client
import io
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
from django.conf import settings
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.lib.outbound import ForbiddenAddressError, check_public_url, public_opener
from socialcycle.lib.tasks import enqueue
from socialcycle.listening.importers.html_text import html_to_text
from socialcycle.listening.incoming import IncomingPost
from socialcycle.listening.models import Channel, Source
from socialcycle.listening.services import create_source, record_posts
from socialcycle.listening.sources import SourceError

DEFAULT_POLL_MINUTES = 30
MAX_FEED_BYTES = 20 * 1024 * 1024
USER_AGENT = "socialcycle feed reader"
PRIVATE_SETTING = "FEEDS_ALLOW_PRIVATE_ADDRESSES"


@dataclass(frozen=True)
class FeedResult:
    ok: bool
    created: int = 0
    updated: int = 0
    not_modified: bool = False
    problem: str = ""


def poll_feed(source: Source, *, timeout: float = 20) -> FeedResult:
    """Fetch the source's feed once and record its entries; never raises for feed trouble."""
    url = str(source.config.get("feed_url", ""))
    if not url.startswith(("http://", "https://")):
        return _failed(source, f"The feed address {url!r} is not an http(s) URL.")
    try:
        check_public_url(url, allow_private=_allow_private(), setting=PRIVATE_SETTING)
        status, body, headers = _fetch(url, source.config, timeout)
    except ForbiddenAddressError as error:
        return _failed(source, f"The feed {url} was not fetched: {error}.")
    except urllib.error.HTTPError as error:
        return _failed(source, f"The feed {url} answered HTTP {error.code} ({error.reason}).")
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        return _failed(source, f"The feed {url} could not be reached ({reason}).")
    except (http.client.InvalidURL, ValueError) as error:
        return _failed(source, f"The feed address {url} is not a valid URL ({error}).")
    except http.client.HTTPException as error:
        return _failed(
            source, f"The feed {url} sent a broken HTTP answer ({type(error).__name__})."
        )
    if status == 304:
        _remember(source, error="")
        return FeedResult(ok=True, not_modified=True)
    # A stream, not bytes: feedparser opens bytes that look like a path as a local file.
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers={"content-type": headers.get("Content-Type", "")}
    )
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        return _failed(source, f"The address {url} did not return an RSS or Atom feed.")
    result = record_posts(source, [entry_post(entry) for entry in parsed.entries])
    _remember(
        source, error="", etag=headers.get("ETag", ""), modified=headers.get("Last-Modified", "")
    )
    return FeedResult(ok=True, created=result.created, updated=result.updated)


def follow_feed(workspace: Workspace, *, name: str, url: str, poll_minutes: int) -> Source:
    """Create (or re-point) the feed source `name` and queue its first poll."""
    source = create_source(workspace, name=name, channel=Channel.FEED)
    if source.channel != Channel.FEED:
        raise SourceError(f"the source {name!r} exists already and is not a feed.", field="name")
    source.config = {**source.config, "feed_url": url, "poll_minutes": poll_minutes}
    source.save(update_fields=["config"])
    enqueue("listening.poll_feed", source.pk)
    return source


def poll_due_feeds(now: datetime) -> int:
    """Poll every feed source whose interval has passed; returns how many were polled."""
    polled = 0
    for source in Source.objects.filter(channel=Channel.FEED).order_by("id"):
        if is_due(source, now):
            poll_feed(source)
            polled += 1
    return polled


def is_due(source: Source, now: datetime) -> bool:
    """True when the feed has never been polled or its interval has passed since."""
    if not source.config.get("feed_url"):
        return False
    try:
        last = datetime.fromisoformat(str(source.config["last_polled_at"]))
        minutes = float(source.config.get("poll_minutes", DEFAULT_POLL_MINUTES))
    except (KeyError, ValueError, TypeError):
        # Never polled, or settings edited by hand into nonsense: polling now shows the state.
        return True
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return now - last >= timedelta(minutes=minutes)


def entry_post(entry: Any) -> IncomingPost:
    """An RSS item or Atom entry as a post."""
    link = str(entry.get("link", ""))
    title = html_to_text(str(entry.get("title", "")))
    content = entry.get("content") or [{}]
    body = content[0].get("value") or entry.get("summary", "") or title
    identity = entry.get("id") or link or hashlib.sha256(f"{title}|{link}".encode()).hexdigest()
    return IncomingPost(
        external_id=str(identity)[:255],
        text=html_to_text(str(body)) or title or link,
        created_at=_entry_time(entry),
        title=title[:500],
        url=link[:1000],
        author_handle=str(entry.get("author", ""))[:200],
        raw={"feed_entry_id": str(entry.get("id", "")), "link": link},
    )


def _entry_time(entry: Any) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return timezone.now()
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def _fetch(url: str, config: dict[str, Any], timeout: float) -> tuple[int, bytes, Any]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    if config.get("etag"):
        request.add_header("If-None-Match", str(config["etag"]))
    if config.get("modified"):
        request.add_header("If-Modified-Since", str(config["modified"]))
    try:
        opener = public_opener(_allow_private(), PRIVATE_SETTING)
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read(MAX_FEED_BYTES), response.headers
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return 304, b"", error.headers
        raise


def _allow_private() -> bool:
    return bool(settings.FEEDS_ALLOW_PRIVATE_ADDRESSES)


def _failed(source: Source, problem: str) -> FeedResult:
    _remember(source, error=problem)
    return FeedResult(ok=False, problem=problem)


def _remember(source: Source, *, error: str, etag: str = "", modified: str = "") -> None:
    config = {**source.config, "last_polled_at": timezone.now().isoformat(), "last_error": error}
    if etag:
        config["etag"] = etag
    if modified:
        config["modified"] = modified
    source.config = config
    source.save(update_fields=["config"])
