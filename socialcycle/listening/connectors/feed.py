"""RSS and Atom feeds, polled like every live source (polling.py): each item or entry is a
post; an entry seen before is the same post, updated.

Settings: `url`. No credentials. A feed has no "after": each poll reads what the feed holds
now, sending back its ETag and Last-Modified (the cursor), so an unchanged feed costs one
short answer. Unlike the platform connectors a feed follows redirects, because feeds move
(http to https, a feed service), but every address on the way is held to the
private-network rule (lib/outbound.py), under its own setting
FEEDS_ALLOW_PRIVATE_ADDRESSES: any analyst may follow a feed, so the rule is the feed's.
"""

from __future__ import annotations

import calendar
import hashlib
import http.client
import io
import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from email.message import Message
from typing import Any, ClassVar

import feedparser
from django.conf import settings as django_settings
from django.utils import timezone

from socialcycle.lib.outbound import ForbiddenAddressError, check_public_url, public_opener
from socialcycle.listening.connectors.base import TIMEOUT_SECONDS, ConnectorError, Page, retry_after
from socialcycle.listening.importers.base import RawRecord
from socialcycle.listening.importers.html_text import html_to_text
from socialcycle.listening.models import Channel

MAX_FEED_BYTES = 20 * 1024 * 1024
USER_AGENT = "socialcycle feed reader"
PRIVATE_SETTING = "FEEDS_ALLOW_PRIVATE_ADDRESSES"


class RssFeed:
    kind: ClassVar[str] = "feed"
    channel: ClassVar[str] = Channel.FEED
    label: ClassVar[str] = "RSS or Atom feed"

    def __init__(self, settings: dict[str, Any], credentials: dict[str, Any]) -> None:
        self.url = str(settings.get("url", "")).strip()
        if not self.url.startswith(("http://", "https://")):
            raise ConnectorError(
                f"The feed address {self.url!r} is not an http(s) URL.", reconnect=True, field="url"
            )

    def fetch(self, cursor: str) -> Page:
        validators = _validators(cursor)
        status, body, headers = self._fetch(validators)
        if status == 304:
            return Page(records=[], cursor=cursor)
        # A stream, not bytes: feedparser opens bytes that look like a path as a local file.
        parsed = feedparser.parse(
            io.BytesIO(body), response_headers={"content-type": headers.get("Content-Type", "")}
        )
        if not parsed.entries and (parsed.bozo or not parsed.get("version")):
            raise ConnectorError(f"The address {self.url} did not return an RSS or Atom feed.")
        records = [_record(entry, number) for number, entry in enumerate(parsed.entries)]
        kept = {
            "etag": headers.get("ETag", "") or validators.get("etag", ""),
            "modified": headers.get("Last-Modified", "") or validators.get("modified", ""),
        }
        return Page(records=records, cursor=json.dumps(kept, separators=(",", ":")))

    def _fetch(self, validators: dict[str, str]) -> tuple[int, bytes, Message]:
        """The feed's answer, or the sentence for why there is none."""
        url = self.url
        allow = bool(getattr(django_settings, PRIVATE_SETTING))
        try:
            check_public_url(url, allow_private=allow, setting=PRIVATE_SETTING)
            request = _request(url, validators)
            opener = public_opener(allow, PRIVATE_SETTING)
            with opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
                return answer.status, answer.read(MAX_FEED_BYTES), answer.headers
        except ForbiddenAddressError as error:
            raise ConnectorError(f"The feed {url} was not fetched: {error}.") from None
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return 304, b"", error.headers
            raise ConnectorError(
                f"The feed {url} answered HTTP {error.code} ({error.reason}).",
                retry_after=retry_after(error.headers),
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ConnectorError(f"The feed {url} could not be reached ({reason}).") from None
        except (http.client.InvalidURL, ValueError) as error:
            raise ConnectorError(
                f"The feed address {url} is not a valid URL ({error}).", reconnect=True
            ) from None
        except http.client.HTTPException as error:
            raise ConnectorError(
                f"The feed {url} sent a broken HTTP answer ({type(error).__name__})."
            ) from None


def _request(url: str, validators: dict[str, str]) -> urllib.request.Request:
    headers = {"User-Agent": USER_AGENT}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("modified"):
        headers["If-Modified-Since"] = validators["modified"]
    return urllib.request.Request(url, headers=headers)  # noqa: S310 (checked: http(s) only)


def _record(entry: Any, number: int) -> RawRecord:
    """An RSS item or Atom entry as the fields of a post."""
    link = str(entry.get("link", ""))
    title = html_to_text(str(entry.get("title", "")))
    content = entry.get("content") or [{}]
    body = content[0].get("value") or entry.get("summary", "") or title
    identity = entry.get("id") or link or hashlib.sha256(f"{title}|{link}".encode()).hexdigest()
    return RawRecord(
        number=number,
        where=f"entry {number + 1}",
        fields={
            "external_id": str(identity)[:255],
            "text": html_to_text(str(body)) or title or link,
            "created_at": _entry_time(entry).isoformat(),
            "title": title[:500],
            "url": link[:1000],
            "author_handle": str(entry.get("author", ""))[:200],
            "feed_entry_id": str(entry.get("id", "")),
        },
    )


def _entry_time(entry: Any) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return timezone.now()
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def _validators(cursor: str) -> dict[str, str]:
    """The ETag and Last-Modified kept from the last answer."""
    try:
        kept = json.loads(cursor) if cursor else {}
    except ValueError:
        return {}
    if not isinstance(kept, dict):
        return {}
    return {key: str(kept[key]) for key in ("etag", "modified") if kept.get(key)}
