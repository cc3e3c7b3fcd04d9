"""Bluesky: the posts a search finds, or the mentions of and replies to an account, through
the AT Protocol's own Python client (atproto); replies are published as posts in the thread.

Settings: `follow` ("search" or "mentions") and, for a search, `query`. Credentials:
`handle` and `app_password` (an app password, never the account's password). Both follows
need them: the public AppView (https://public.api.bsky.app) refuses searches without a
session today, so every request goes to the account's PDS, which answers the app.bsky
methods for the Bluesky AppView. The session (com.atproto.server.createSession, at
https://bsky.social, then at the PDS the account's DID document names) is kept in this
process and renewed with the app password when it ends, because Bluesky allows a handle
only 30 log-ins in five minutes and 100 to 300 a day: a log-in each poll would exhaust them.
Every request's address is checked before it is sent (the PDS comes from the answer, not
from us) and no redirect is followed.

The cursor is the newest time read (a search's sortAt, the earlier of createdAt and
indexedAt; a notification's indexedAt) with the URIs read at that time. A poll reads pages
of 100, newest first, until it meets that time (a search also asks only `since` it), at
most 4 pages; when more wait, it keeps the page where it stopped as a gap and the next poll,
due at once, reads on from there before anything newer, so nothing is lost; a post read
twice is updated, not stored twice. The first poll (the backfill) takes the newest 400.

Replies: the AT Protocol has no idempotency key, so each reply's record key is a TID derived
from the reply's key; before posting we ask whether that record exists, and a post refused
because it exists (HTTP 500 on today's PDS) counts as published: a retry posts nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

import httpx
import pydantic
from atproto import Client, Request, Session, SessionEvent, models
from atproto_client.exceptions import (
    BadRequestError,
    InvokeTimeoutError,
    ModelError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    RequestException,
    UnauthorizedError,
)
from atproto_client.models.common import XrpcError
from atproto_client.utils import facet_detection
from atproto_core.exceptions import AtProtocolError

from socialcycle.lib.outbound import ForbiddenAddressError, check_public_url
from socialcycle.listening.connectors.base import (
    PRIVATE_SETTING,
    TIMEOUT_SECONDS,
    USER_AGENT,
    ConnectorError,
    Page,
    ReplyTarget,
    allow_private,
    retry_after,
)
from socialcycle.listening.importers.base import RawRecord
from socialcycle.listening.models import Channel

SERVICE = "https://bsky.social"
POST_LINK = "https://bsky.app/profile/{author}/post/{rkey}"
FOLLOWS = ("search", "mentions")
MENTION_REASONS = ("mention", "reply")
PAGE_SIZE = 100  # the most searchPosts and listNotifications give in one answer
MAX_PAGES = 4
POSTS_PER_LOOKUP = 25  # the most getPosts takes
SEEN_KEPT = 100
APP_PASSWORD = re.compile(r"^[a-z0-9]{4}(-[a-z0-9]{4}){3}$", re.IGNORECASE)
SESSION_ENDED = frozenset({"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AuthMissing"})
GAP_REFUSED = (
    "older posts a poll had not reached, because Bluesky no longer accepts the page it stopped at"
)
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
TID_FIRST_MICROSECOND = 1_672_531_200_000_000  # 2023-01-01, so a derived key is never ahead
TID_SPAN_MICROSECONDS = 365 * 24 * 3600 * 1_000_000

T = TypeVar("T")
Lister = Callable[[Any, str, datetime | None], tuple[list[dict[str, Any]], str]]
TimeOf = Callable[[dict[str, Any]], datetime | None]

# Sessions by (service, handle, app password's digest), as session strings: in this process
# only, never stored.
_sessions: dict[tuple[str, str, str], str] = {}


def forget_sessions() -> None:
    """Drop every kept session (tests start from a log-in)."""
    _sessions.clear()


class BlueskyConnector:
    kind: ClassVar[str] = "bluesky"
    channel: ClassVar[str] = Channel.SOCIAL
    label: ClassVar[str] = "Bluesky"
    reply_place: ClassVar[str] = (
        "on Bluesky, as a reply in the post's thread, by the account the source is connected with"
    )

    def __init__(self, settings: dict[str, Any], credentials: dict[str, Any]) -> None:
        self.follow = str(settings.get("follow", "search"))
        self.query = str(settings.get("query", "")).strip()
        base = settings.get("base_url") if allow_private() else None
        self.service = str(base or SERVICE).rstrip("/")
        self.handle = str(credentials.get("handle", "")).strip().lstrip("@")
        self.app_password = str(credentials.get("app_password", "")).strip()
        if self.follow not in FOLLOWS:
            raise ConnectorError(
                f"Follow a Bluesky search or the account's mentions, not {self.follow!r}.",
                field="follow",
            )
        if self.follow == "search" and not self.query:
            raise ConnectorError("Write what to search Bluesky for.", reconnect=True, field="query")
        if not self.handle:
            raise ConnectorError(
                "Reading Bluesky needs the account's handle (such as lumio.bsky.social).",
                reconnect=True,
                field="handle",
            )
        if not APP_PASSWORD.match(self.app_password):
            raise ConnectorError(
                "Give an app password of the Bluesky account (four groups of four letters or "
                "digits, made under Settings, Privacy and security, App passwords), never the "
                "account's own password.",
                reconnect=True,
                field="app_password",
            )
        digest = hashlib.sha256(self.app_password.encode()).hexdigest()
        self._session_key = (self.service, self.handle.lower(), digest)
        self.session: Session | None = None

    def fetch(self, cursor: str) -> Page:
        state = _Cursor.read(cursor)
        lister: Lister = self._search_page
        time_of: TimeOf = _sort_time
        if self.follow == "mentions":
            lister, time_of = self._notifications_page, _indexed_time

        def read(client: Any) -> tuple[_Walk | None, list[RawRecord], list[str]]:
            start = state.gap.after if state.gap else state.newest
            try:
                walk = _walk(client, lister, time_of, start, state.gap.page if state.gap else "")
            except BadRequestError as error:
                if state.gap is None or _session_ended(error):
                    raise
                return None, [], [GAP_REFUSED]
            records, notes = self._records(client, walk.items)
            return walk, records, notes

        walk, records, notes = self._asked(read)
        if walk is None:  # the saved page is gone: go on from the newest read
            return Page(records=[], cursor=_Cursor(state.newest).write(), more=True, notes=notes)
        if state.gap:
            gap = _Gap(state.gap.after, walk.page) if walk.page else None
            after = _Cursor(state.newest, gap)
        else:
            newest = _newest(walk.items, time_of, state.newest)
            gap = _Gap(state.newest, walk.page) if walk.page and state.newest.at else None
            after = _Cursor(newest, gap)
        return Page(records=records, cursor=after.write(), more=after.gap is not None, notes=notes)

    def can_publish(self) -> bool:
        return bool(self.handle and self.app_password)

    def publish_reply(self, target: ReplyTarget, text: str, key: str) -> str:
        """Post `text` in reply to the post `target` (its at:// URI) under a record key derived
        from `key`; returns the new post's bsky.app address, the same for a retried key."""
        if not _is_post_uri(target.external_id):
            raise ConnectorError(
                f"Bluesky was not asked: {target.external_id!r} is not the at:// address of a "
                "Bluesky post."
            )
        rkey = reply_record_key(key)

        def publish(client: Any) -> str:
            if not self._posted(client, rkey):
                record = self._reply_record(client, target.external_id, text)
                try:
                    client.app.bsky.feed.post.create(self._did(), record, rkey=rkey)
                except (BadRequestError, RequestException, NetworkError) as error:
                    if _retrying_cannot_help(error) or not self._posted(client, rkey):
                        raise
            return POST_LINK.format(author=self._author(), rkey=rkey)

        return self._asked(publish)

    def _asked(self, ask: Callable[[Any], T]) -> T:
        """`ask` with a signed-in client; a kept session that ended is renewed once."""
        with self._answers():
            client, resumed = self._signed_in()
            try:
                return ask(client)
            except (UnauthorizedError, BadRequestError) as error:
                if not (resumed and _session_ended(error)):
                    raise
                _sessions.pop(self._session_key, None)
            client, _ = self._signed_in()
            return ask(client)

    def _signed_in(self) -> tuple[Any, bool]:
        """A client with a session: the one kept (True), or a new one from the app password."""
        client = Client(base_url=self.service, request=_unredirected_request())
        client.request.add_additional_header("User-Agent", USER_AGENT)
        client.on_session_change(self._keep_session)
        kept = _sessions.get(self._session_key)
        if kept:
            client.login(session_string=kept, fetch_bsky_profile=False)
            return client, True
        try:
            client.login(self.handle, self.app_password, fetch_bsky_profile=False)
        except (UnauthorizedError, BadRequestError) as error:
            raise ConnectorError(
                f"Bluesky refused the app password of {self.handle} ({_status_of(error)}); "
                "reconnect the source with a new app password.",
                reconnect=True,
                field="app_password",
            ) from None
        return client, False

    def _keep_session(self, event: SessionEvent, session: Session) -> None:
        self.session = session
        _sessions[self._session_key] = session.export()

    def _did(self) -> str:
        return str(self.session.did) if self.session else self.handle

    def _author(self) -> str:
        handle = str(self.session.handle) if self.session else ""
        return handle if handle and handle != "handle.invalid" else self._did()

    def _search_page(
        self, client: Any, page: str, since: datetime | None
    ) -> tuple[list[dict[str, Any]], str]:
        params = models.AppBskyFeedSearchPosts.Params(
            q=self.query,
            sort="latest",
            limit=PAGE_SIZE,
            since=_iso(since) if since else None,
            cursor=page or None,
        )
        answer = _content(client.invoke_query("app.bsky.feed.searchPosts", params=params))
        return _dicts(answer.get("posts")), str(answer.get("cursor") or "")

    def _notifications_page(
        self, client: Any, page: str, since: datetime | None
    ) -> tuple[list[dict[str, Any]], str]:
        params = models.AppBskyNotificationListNotifications.Params(
            limit=PAGE_SIZE, reasons=list(MENTION_REASONS), cursor=page or None
        )
        answer = _content(
            client.invoke_query("app.bsky.notification.listNotifications", params=params)
        )
        return _dicts(answer.get("notifications")), str(answer.get("cursor") or "")

    def _records(
        self, client: Any, items: list[dict[str, Any]]
    ) -> tuple[list[RawRecord], list[str]]:
        """The posts read as records, and the sentences for those left out."""
        if self.follow == "search":
            return [_record(post, n) for n, post in enumerate(items)], []
        uris = list(dict.fromkeys(_uri(item) for item in items if _is_mention(item)))
        found = self._posts(client, uris)
        gone = [uri for uri in uris if uri not in found]
        notes = [
            f"Bluesky no longer shows the post {uri} (deleted, or hidden from this account)"
            for uri in gone
        ]
        present = [found[uri] for uri in uris if uri in found]
        return [_record(post, n) for n, post in enumerate(present)], notes

    def _posts(self, client: Any, uris: list[str]) -> dict[str, dict[str, Any]]:
        """The post views of `uris` by URI; a post deleted since is not among them."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(uris), POSTS_PER_LOOKUP):
            params = models.AppBskyFeedGetPosts.Params(uris=uris[start : start + POSTS_PER_LOOKUP])
            answer = _content(client.invoke_query("app.bsky.feed.getPosts", params=params))
            found.update((_uri(post), post) for post in _dicts(answer.get("posts")))
        return found

    def _posted(self, client: Any, rkey: str) -> bool:
        """Whether this account's post with record key `rkey` exists already."""
        try:
            client.app.bsky.feed.post.get(self._did(), rkey)
        except (BadRequestError, RequestException) as error:
            if _status(error) == 404 or _error_name(error) == "RecordNotFound":
                return False
            raise
        return True

    def _reply_record(self, client: Any, parent_uri: str, text: str) -> Any:
        found = self._posts(client, [parent_uri])
        parent = found.get(parent_uri) or {}
        if not parent.get("cid"):
            raise ConnectorError(
                f"Bluesky no longer shows the post {parent_uri} (deleted, or hidden from this "
                "account); the reply was not published."
            )
        parent_ref = models.ComAtprotoRepoStrongRef.Main(uri=parent_uri, cid=str(parent["cid"]))
        root = _dict(_dict(_dict(parent.get("record")).get("reply")).get("root"))
        root_ref = (
            models.ComAtprotoRepoStrongRef.Main(uri=str(root["uri"]), cid=str(root["cid"]))
            if root.get("uri") and root.get("cid")
            else parent_ref
        )
        try:
            return models.AppBskyFeedPost.Record(
                text=text,
                created_at=client.get_current_time_iso(),
                reply=models.AppBskyFeedPost.ReplyRef(root=root_ref, parent=parent_ref),
                facets=facet_detection.detect_facets(text) or None,
            )
        except pydantic.ValidationError as error:
            raise ConnectorError(
                f"Bluesky was not asked: the reply is not a post Bluesky takes "
                f"({error.errors()[0].get('msg', 'invalid')})."
            ) from None

    @contextmanager
    def _answers(self) -> Iterator[None]:
        """The client's errors as the sentences the Sources page shows."""
        try:
            yield
        except ForbiddenAddressError as error:
            raise ConnectorError(f"Bluesky was not asked: {error}.") from None
        except _RedirectedError as redirect:
            raise ConnectorError(
                f"Bluesky sent us elsewhere (HTTP {redirect.status} to {redirect.location}); "
                "check the source's address.",
                reconnect=True,
            ) from None
        except RateLimitExceededError as error:
            wait = retry_after(_headers(error))
            when = f"; it asked us to wait {round(wait)} seconds" if wait is not None else ""
            raise ConnectorError(
                f"Bluesky limited our requests (HTTP 429){when}.", retry_after=wait
            ) from None
        except (UnauthorizedError, BadRequestError) as error:
            if isinstance(error, UnauthorizedError) or _session_ended(error):
                _sessions.pop(self._session_key, None)
                raise ConnectorError(
                    f"Bluesky ended the session of {self.handle} ({_status_of(error)}): the app "
                    "password may have been revoked; reconnect the source.",
                    reconnect=True,
                ) from None
            raise ConnectorError(f"Bluesky refused the request ({_status_of(error)}).") from None
        except InvokeTimeoutError:
            raise ConnectorError(
                f"Bluesky did not answer within {TIMEOUT_SECONDS} seconds."
            ) from None
        except (RequestException, NetworkError) as error:
            if error.response is None:
                cause = type(error.__cause__ or error).__name__
                raise ConnectorError(f"Bluesky could not be reached ({cause}).") from None
            raise ConnectorError(
                f"Bluesky answered {_status_of(error)}; we will try again later.",
                retry_after=retry_after(_headers(error)),
            ) from None
        except httpx.HTTPError as error:
            raise ConnectorError(
                f"Bluesky could not be reached ({type(error).__name__})."
            ) from None
        except ModelError as error:
            raise ConnectorError(
                f"Bluesky answered in a way socialcycle could not read ({type(error).__name__})."
            ) from None
        except AtProtocolError as error:
            raise ConnectorError(f"Bluesky refused the request ({type(error).__name__}).") from None


@dataclass(frozen=True)
class _Mark:
    """The newest time read, and the URIs read at that time."""

    at: datetime | None = None
    seen: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Gap:
    """Posts not read yet: those after `after`, from the page `page` on."""

    after: _Mark
    page: str


@dataclass(frozen=True)
class _Cursor:
    newest: _Mark
    gap: _Gap | None = None

    @classmethod
    def read(cls, text: str) -> _Cursor:
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {}
        data = data if isinstance(data, dict) else {}
        gap = _dict(data.get("gap"))
        return cls(
            _mark(data),
            _Gap(_mark(gap), str(gap["page"])) if gap.get("page") and _mark(gap).at else None,
        )

    def write(self) -> str:
        data: dict[str, Any] = _mark_data(self.newest)
        if self.gap:
            data["gap"] = {**_mark_data(self.gap.after), "page": self.gap.page}
        return json.dumps(data, separators=(",", ":")) if self.newest.at else ""


@dataclass(frozen=True)
class _Walk:
    """What a walk read, newest first, and the page it stopped before ("" when done)."""

    items: list[dict[str, Any]]
    page: str


class _RedirectedError(Exception):
    def __init__(self, status: int, location: str) -> None:
        super().__init__(status, location)
        self.status = status
        self.location = location


def _walk(
    client: Any,
    lister: Lister,
    time_of: TimeOf,
    start: _Mark,
    page: str,
) -> _Walk:
    """Read pages from `page` until one meets what was read before `start`, at most
    MAX_PAGES; newest first."""
    fresh: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        items, page = lister(client, page, start.at)
        new = [item for item in items if _is_new(item, time_of, start)]
        fresh.extend(new)
        if len(new) < len(items) or not items or not page:
            return _Walk(fresh, "")
    return _Walk(fresh, page)


def _is_new(item: dict[str, Any], time_of: TimeOf, start: _Mark) -> bool:
    when = time_of(item)
    if start.at is None or when is None or when > start.at:
        return True
    return when == start.at and _uri(item) not in start.seen


def _newest(items: list[dict[str, Any]], time_of: TimeOf, old: _Mark) -> _Mark:
    timed = [(when, _uri(item)) for item in items if (when := time_of(item)) is not None]
    top = max((when for when, _ in timed), default=None)
    if top is None or (old.at is not None and top < old.at):
        return old
    at_top = {uri for when, uri in timed if when == top}
    return _Mark(top, frozenset(at_top | old.seen if top == old.at else at_top))


def _mark(data: dict[str, Any]) -> _Mark:
    seen = data.get("seen")
    return _Mark(
        _parse_time(data.get("newest")),
        frozenset(str(uri) for uri in seen) if isinstance(seen, list) else frozenset(),
    )


def _mark_data(mark: _Mark) -> dict[str, Any]:
    return {"newest": _iso(mark.at) if mark.at else "", "seen": sorted(mark.seen)[:SEEN_KEPT]}


def _record(post: dict[str, Any], number: int) -> RawRecord:
    uri = _uri(post)
    record = _dict(post.get("record"))
    author = _dict(post.get("author"))
    handle = str(author.get("handle") or "")
    langs = record.get("langs")
    parent = _dict(_dict(record.get("reply")).get("parent"))
    return RawRecord(
        number=number,
        where=f"post {uri or number}",
        fields={
            "external_id": uri,
            "text": str(record.get("text") or ""),
            "created_at": record.get("createdAt"),
            "author_handle": handle,
            "author_name": str(author.get("displayName") or ""),
            "url": _post_link(uri, handle),
            "likes": post.get("likeCount", 0),
            "shares": post.get("repostCount", 0),
            "parent_external_id": str(parent.get("uri") or ""),
            "language": str(langs[0]) if isinstance(langs, list) and langs else "",
        },
    )


def _post_link(uri: str, handle: str) -> str:
    if not _is_post_uri(uri):
        return ""
    did, _, rkey = uri.removeprefix("at://").split("/")
    author = handle if handle and handle != "handle.invalid" else did
    return POST_LINK.format(author=author, rkey=rkey)


def _is_post_uri(uri: str) -> bool:
    parts = uri.removeprefix("at://").split("/")
    return uri.startswith("at://") and len(parts) == 3 and parts[1] == "app.bsky.feed.post"


def _is_mention(notification: dict[str, Any]) -> bool:
    return notification.get("reason") in MENTION_REASONS and bool(_uri(notification))


def reply_record_key(key: str) -> str:
    """A TID (the record key app.bsky.feed.post requires) that only `key` gives: 53 bits of
    microseconds within 2023 and 10 bits of clock id, both from the key's SHA-256."""
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    microseconds = TID_FIRST_MICROSECOND + (digest >> 10) % TID_SPAN_MICROSECONDS
    value = (microseconds << 10) | (digest & 0x3FF)
    return "".join(TID_ALPHABET[(value >> shift) & 31] for shift in range(60, -1, -5))


def _unredirected_request() -> Any:
    """atproto's HTTP layer with every address checked before it is asked, and no redirect
    followed: the client's httpx follows them, so a redirect is refused as it arrives (and
    max_redirects=0 stops any other)."""
    return Request(
        timeout=TIMEOUT_SECONDS,
        max_redirects=0,
        event_hooks={"request": [_check_address], "response": [_refuse_redirect]},
    )


def _check_address(request: httpx.Request) -> None:
    check_public_url(str(request.url), allow_private=allow_private(), setting=PRIVATE_SETTING)


def _refuse_redirect(response: httpx.Response) -> None:
    if response.is_redirect:
        raise _RedirectedError(response.status_code, response.headers.get("Location", "elsewhere"))


def _content(response: Any) -> dict[str, Any]:
    content = getattr(response, "content", None)
    if not isinstance(content, dict):
        raise ConnectorError("Bluesky answered something that is not JSON.")
    return content


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _uri(item: dict[str, Any]) -> str:
    return str(item.get("uri") or "")


def _sort_time(post: dict[str, Any]) -> datetime | None:
    """When a search sorts a post: the earlier of its createdAt and indexedAt (sortAt)."""
    times = [
        when
        for when in (
            _parse_time(_dict(post.get("record")).get("createdAt")),
            _parse_time(post.get("indexedAt")),
        )
        if when is not None
    ]
    return min(times, default=None)


def _indexed_time(notification: dict[str, Any]) -> datetime | None:
    return _parse_time(notification.get("indexedAt"))


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _status(error: Any) -> int | None:
    response = getattr(error, "response", None)
    return response.status_code if response is not None else None


def _error_name(error: Any) -> str:
    content = getattr(getattr(error, "response", None), "content", None)
    return str(content.error) if isinstance(content, XrpcError) else ""


def _session_ended(error: RequestErrorBase) -> bool:
    return _status(error) == 401 or _error_name(error) in SESSION_ENDED


def _retrying_cannot_help(error: RequestErrorBase) -> bool:
    """Whether a refused post was surely not stored: limited, or the session ended."""
    return isinstance(error, RateLimitExceededError) or _session_ended(error)


def _status_of(error: RequestErrorBase) -> str:
    """'HTTP 401: AuthenticationRequired: Invalid identifier or password' from the answer."""
    content = getattr(error.response, "content", None)
    detail = ""
    if isinstance(content, XrpcError):
        detail = f"{content.error}: {content.message}" if content.message else str(content.error)
    status = _status(error)
    said = f"HTTP {status}" if status is not None else type(error).__name__
    return f"{said}: {detail.rstrip('.')}" if detail else said


def _headers(error: RequestErrorBase) -> httpx.Headers:
    response = getattr(error, "response", None)
    return httpx.Headers(response.headers if response is not None else {})
