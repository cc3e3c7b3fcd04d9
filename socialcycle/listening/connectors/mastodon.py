"""Mastodon: a hashtag's public posts, a search, or the mentions of an account, on any
instance;
replies are published as statuses in reply (Mastodon.py, the maintained client).

Settings: `instance` (its https address), `follow` ("hashtag", "search" or "mentions")
and, for a hashtag, `hashtag`; for a search, `query`. Credentials: `access_token` (an
application token of the account that answers; a public hashtag needs none to read, a
search and the mentions do, and replying always does). Mastodon's full-text search finds
only the posts of accounts that let themselves be found (and the instance's own
interactions), so a hashtag hears more where one exists. The cursor is
the newest status (or notification) id stored: each poll asks for what came after it,
40 at a time, and says so when more wait.

The first poll is the backfill: it takes the newest page, then walks back through older
pages (`max_id`) while they hold posts of the last `backfill_days` (7 by default, 0 to
30), up to 10 pages (400 posts). Mastodon keeps a hashtag's history, so older posts are
left out on purpose, and a backfill that stopped at the page bound says so.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import requests
from mastodon import (
    Mastodon,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from socialcycle.lib.outbound import ForbiddenAddressError, check_public_url
from socialcycle.listening.connectors.base import (
    PRIVATE_SETTING,
    TIMEOUT_SECONDS,
    USER_AGENT,
    ConnectorError,
    Page,
    ReplyTarget,
    allow_private,
)
from socialcycle.listening.importers.base import RawRecord
from socialcycle.listening.importers.html_text import html_to_text
from socialcycle.listening.models import Channel

PAGE_SIZE = 40  # the most Mastodon gives in one answer
BACKFILL_PAGES = 10
MAX_BACKFILL_DAYS = 30
FOLLOWS = ("hashtag", "search", "mentions")


class MastodonConnector:
    kind: ClassVar[str] = "mastodon"
    channel: ClassVar[str] = Channel.SOCIAL
    label: ClassVar[str] = "Mastodon"
    reply_place: ClassVar[str] = (
        "on Mastodon, as a reply to the original post, by the account the source is connected with"
    )

    def __init__(self, settings: dict[str, Any], credentials: dict[str, Any]) -> None:
        self.instance = str(settings.get("instance", "")).strip().rstrip("/")
        self.follow = str(settings.get("follow", "hashtag"))
        self.hashtag = str(settings.get("hashtag", "")).strip().lstrip("#")
        self.query = str(settings.get("query", "")).strip()
        if not self.instance.startswith(("https://", "http://")):
            raise ConnectorError(
                f"The Mastodon instance {self.instance!r} is not an address such as "
                "https://mastodon.social.",
                reconnect=True,
                field="instance",
            )
        if self.follow not in FOLLOWS:
            raise ConnectorError(
                f"Follow a hashtag, a search or the mentions, not {self.follow!r}.",
                field="follow",
            )
        if self.follow == "hashtag" and not self.hashtag:
            raise ConnectorError("Name the hashtag to follow.", reconnect=True, field="hashtag")
        if self.follow == "search" and not self.query:
            raise ConnectorError("Write what to search for.", reconnect=True, field="query")
        self.backfill_days = _backfill_days(settings.get("backfill_days", 7))
        token = str(credentials.get("access_token", "")).strip()
        if self.follow != "hashtag" and not token:
            raise ConnectorError(
                f"Following {'mentions' if self.follow == 'mentions' else 'a search'} needs "
                "the account's access token.",
                reconnect=True,
                field="access_token",
            )
        session = requests.Session()
        session.max_redirects = 0  # a redirect could lead to an address not checked
        self.client = Mastodon(
            session=session,
            access_token=token or None,
            api_base_url=self.instance,
            ratelimit_method="throw",
            request_timeout=TIMEOUT_SECONDS,
            version_check_mode="none",
            user_agent=USER_AGENT,
        )
        self.name = f"Mastodon ({self.instance})"

    def fetch(self, cursor: str) -> Page:
        if not cursor:
            return self._backfill()
        statuses, ids = self._page(min_id=cursor)
        records = [self._record(status, n) for n, status in enumerate(statuses)]
        return Page(
            records=records,
            cursor=max(ids, key=int, default=cursor),
            more=len(ids) >= PAGE_SIZE,
        )

    def _backfill(self) -> Page:
        """The first poll: the newest page, then older ones back to `backfill_days` ago
        (a page is kept whole) or the page bound."""
        since = datetime.now(UTC) - timedelta(days=self.backfill_days)
        statuses: list[dict[str, Any]] = []
        ids: list[str] = []
        older_than: str | None = None
        for _ in range(BACKFILL_PAGES):
            page, page_ids = self._page(max_id=older_than)
            statuses.extend(page)
            ids.extend(page_ids)
            reached_since = any(_created(status) < since for status in page)
            if len(page_ids) < PAGE_SIZE or reached_since:
                return self._backfilled(statuses, ids, [])
            older_than = min(page_ids, key=int)
        bound = BACKFILL_PAGES * PAGE_SIZE
        note = f"the posts of the last {self.backfill_days} days older than the newest {bound}"
        return self._backfilled(statuses, ids, [note])

    def _backfilled(self, statuses: list[dict[str, Any]], ids: list[str], notes: list[str]) -> Page:
        records = [self._record(status, n) for n, status in enumerate(statuses)]
        return Page(records=records, cursor=max(ids, key=int, default=""), notes=notes)

    def _page(
        self, *, min_id: str | None = None, max_id: str | None = None
    ) -> tuple[list[dict[str, Any]], list[str]]:
        """One answer: its statuses, and the ids that page by (notifications' own ids
        when following mentions)."""
        with self._answers():
            if self.follow == "hashtag":
                statuses = list(
                    self.client.timeline_hashtag(
                        self.hashtag, min_id=min_id, max_id=max_id, limit=PAGE_SIZE
                    )
                )
                return statuses, [str(status["id"]) for status in statuses]
            if self.follow == "search":
                found = self.client.search_v2(
                    self.query,
                    resolve=False,
                    result_type="statuses",
                    min_id=min_id,
                    max_id=max_id,
                    limit=PAGE_SIZE,
                )
                statuses = list(found.get("statuses") or [])
                return statuses, [str(status["id"]) for status in statuses]
            notes = self.client.notifications(
                types=["mention"], min_id=min_id, max_id=max_id, limit=PAGE_SIZE
            )
            statuses = [note["status"] for note in notes if note.get("status")]
            return statuses, [str(note["id"]) for note in notes]

    def can_publish(self) -> bool:
        return self.client.access_token is not None

    def publish_reply(self, target: ReplyTarget, text: str, key: str) -> str:
        """Post `text` in reply to the status `target`; returns the new status's address.
        `key` is sent as Mastodon's Idempotency-Key: the same key twice posts once."""
        with self._answers():
            status = self.client.status_post(
                text, in_reply_to_id=target.external_id, idempotency_key=key
            )
        return str(status.get("url") or status.get("uri") or "")

    @contextmanager
    def _answers(self) -> Iterator[None]:
        """Mastodon.py's errors as the sentences the Sources page shows."""
        try:
            check_public_url(self.instance, allow_private=allow_private(), setting=PRIVATE_SETTING)
            yield
        except ForbiddenAddressError as error:
            raise ConnectorError(f"{self.name} was not asked: {error}.") from None
        except MastodonRatelimitError:
            reset = getattr(self.client, "ratelimit_reset", None)
            wait = max(0.0, float(reset) - time.time()) if reset else None
            when = f"; it asked us to wait {round(wait)} seconds" if wait else ""
            raise ConnectorError(
                f"{self.name} limited our requests (HTTP 429){when}.", retry_after=wait
            ) from None
        except MastodonUnauthorizedError:
            raise ConnectorError(
                f"{self.name} refused the access token (HTTP 401): it may have been revoked; "
                "reconnect the source with a new one.",
                reconnect=True,
            ) from None
        except MastodonNotFoundError:
            raise ConnectorError(
                f"{self.name} says it does not exist (HTTP 404): was it deleted?"
            ) from None
        except MastodonServerError as error:
            raise ConnectorError(
                f"{self.name} answered {_status_of(error)}; we will try again later."
            ) from None
        except MastodonNetworkError:
            raise ConnectorError(f"{self.name} could not be reached.") from None
        except MastodonError as error:
            raise ConnectorError(
                f"{self.name} refused the request ({_status_of(error)})."
            ) from None

    def _record(self, status: dict[str, Any], number: int) -> RawRecord:
        account = status.get("account") or {}
        created = status.get("created_at")
        spoiler = html_to_text(str(status.get("spoiler_text") or ""))
        return RawRecord(
            number=number,
            where=f"status {status.get('id')}",
            fields={
                "external_id": str(status.get("id", "")),
                "text": html_to_text(str(status.get("content") or "")),
                "title": spoiler,
                "created_at": created.isoformat() if isinstance(created, datetime) else created,
                "author_handle": str(account.get("acct", "")),
                "author_name": html_to_text(str(account.get("display_name") or "")),
                "author_audience": account.get("followers_count", 0),
                "url": str(status.get("url") or status.get("uri") or ""),
                "likes": status.get("favourites_count", 0),
                "shares": status.get("reblogs_count", 0),
                "parent_external_id": str(status.get("in_reply_to_id") or ""),
                "language": str(status.get("language") or ""),
            },
        )


def _backfill_days(value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = -1
    if not 0 <= days <= MAX_BACKFILL_DAYS:
        raise ConnectorError(
            f"Fetch the history of 0 to {MAX_BACKFILL_DAYS} days, not {value!r}.",
            field="backfill_days",
        )
    return days


def _created(status: dict[str, Any]) -> datetime:
    """When a status was posted (Mastodon.py gives a datetime); unknown counts as now."""
    created = status.get("created_at")
    if isinstance(created, datetime):
        return created if created.tzinfo else created.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _status_of(error: Exception) -> str:
    """'HTTP 503' from Mastodon.py's error arguments (status code, reason, …), or its name."""
    codes = [arg for arg in getattr(error, "args", ()) if isinstance(arg, int)]
    return f"HTTP {codes[0]}" if codes else type(error).__name__
