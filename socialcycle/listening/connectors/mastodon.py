"""Mastodon: a hashtag's public posts, or the mentions of an account, on any instance;
replies are published as statuses in reply (Mastodon.py, the maintained client).

Settings: `instance` (its https address), `follow` ("hashtag" or "mentions") and, for a
hashtag, `hashtag`. Credentials: `access_token` (an application token of the account
that answers; a public hashtag needs none to read, replying always does). The cursor is
the newest status (or notification) id stored: each poll asks for what came after it,
40 at a time, and says so when more wait. The first poll takes the newest 40.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
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
FOLLOWS = ("hashtag", "mentions")


class MastodonConnector:
    kind: ClassVar[str] = "mastodon"
    channel: ClassVar[str] = Channel.SOCIAL
    label: ClassVar[str] = "Mastodon"

    def __init__(self, settings: dict[str, Any], credentials: dict[str, Any]) -> None:
        self.instance = str(settings.get("instance", "")).strip().rstrip("/")
        self.follow = str(settings.get("follow", "hashtag"))
        self.hashtag = str(settings.get("hashtag", "")).strip().lstrip("#")
        if not self.instance.startswith(("https://", "http://")):
            raise ConnectorError(
                f"The Mastodon instance {self.instance!r} is not an address such as "
                "https://mastodon.social.",
                reconnect=True,
                field="instance",
            )
        if self.follow not in FOLLOWS:
            raise ConnectorError(
                f"Follow a hashtag or the mentions, not {self.follow!r}.", field="follow"
            )
        if self.follow == "hashtag" and not self.hashtag:
            raise ConnectorError("Name the hashtag to follow.", reconnect=True, field="hashtag")
        token = str(credentials.get("access_token", "")).strip()
        if self.follow == "mentions" and not token:
            raise ConnectorError(
                "Following mentions needs the account's access token.",
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
        after = cursor or None
        with self._answers():
            if self.follow == "hashtag":
                statuses = list(
                    self.client.timeline_hashtag(self.hashtag, min_id=after, limit=PAGE_SIZE)
                )
                newest = [str(status["id"]) for status in statuses]
            else:
                notes = self.client.notifications(types=["mention"], min_id=after, limit=PAGE_SIZE)
                statuses = [note["status"] for note in notes if note.get("status")]
                newest = [str(note["id"]) for note in notes]
        records = [self._record(status, n) for n, status in enumerate(statuses)]
        return Page(
            records=records,
            cursor=max(newest, key=int, default=cursor),
            more=len(newest) >= PAGE_SIZE,
        )

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


def _status_of(error: Exception) -> str:
    """'HTTP 503' from Mastodon.py's error arguments (status code, reason, …), or its name."""
    codes = [arg for arg in getattr(error, "args", ()) if isinstance(arg, int)]
    return f"HTTP {codes[0]}" if codes else type(error).__name__
