"""Reddit: the new submissions and comments of a subreddit, or the newest submissions a
search finds (in one subreddit or all of Reddit); replies are published as comments by
the connected account (PRAW, Reddit's maintained client).

Settings: `follow` ("subreddit" or "search"), `subreddit` (its name, needed to follow a
subreddit, optional for a search) and `query` (for a search). Credentials: `client_id` and
`client_secret` of a Reddit app (https://www.reddit.com/prefs/apps, "web app" or
"script"), read with application-only OAuth; and, to reply, `refresh_token`: a permanent
token of the answering account (scopes identity, read, submit, history). A refresh token
is Reddit's documented way for an app to act for an account, works for web and script
apps alike, and is revoked on its own; a password would have to be stored and would stop
working the day the account turns on two-factor sign-in, so it is not asked for.

Reddit's listings are newest first, paged with `after` (a fullname such as `t3_1abc2d`),
and ids are base-36 numbers that grow with time. The cursor holds, per stream
(submissions `t3`, comments `t1`), the newest fullname stored: a poll reads pages of 100
from the newest until it meets it, at most five pages a stream. When five pages do not
reach it, the cursor also keeps where the walk stopped, the next poll (at once) goes on
from there, and the newest seen becomes the mark once the walk meets the old one: nothing
is skipped however busy the subreddit. The first poll (the backfill) walks back the same
way until the listing ends: Reddit keeps about the newest 1,000 items of a listing (fewer
for a search), so a backfill takes at most two polls of five pages a stream.

A removed or deleted item ("[removed]", "[deleted]") has lost its text: it is left out and
named. Every poll asks Reddit for a fresh application token first; PRAW paces requests by
Reddit's rate-limit headers (sleeping at most 10 seconds between pages), retries an answer
5xx twice a few seconds apart, and the poll stops paging rather than sleep when the
allowance is spent. Reddit has no idempotency key: before replying, the account's 100
newest comments are read, and a comment on the same post with the same text counts as the
reply already made, so a retried task posts once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import praw
import requests
from praw.exceptions import PRAWException, RedditAPIException
from prawcore import exceptions as core

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

OAUTH_URL = "https://oauth.reddit.com"
WWW_URL = "https://www.reddit.com"
PAGE_SIZE = 100  # the most Reddit gives in one answer
PAGES_PER_STREAM = 5
OWN_COMMENTS_LOOKED_AT = 100
FOLLOWS = ("subreddit", "search")
SUBMISSIONS, COMMENTS = "t3", "t1"
GONE = ("[removed]", "[deleted]")
SUBREDDIT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")
BASE36 = re.compile(r"^[0-9a-z]+$")
REPLY_REFUSALS = {
    "THREAD_LOCKED": "the thread is locked",
    "TOO_OLD": "the post is archived (too old to answer)",
    "DELETED_COMMENT": "the comment was deleted",
    "DELETED_LINK": "the post was deleted",
    "SUBREDDIT_NOTALLOWED": "the account may not comment in that subreddit",
    "USER_BLOCKED": "the author blocked the account",
}


@dataclass(frozen=True)
class StreamMark:
    """How far one listing is stored: everything up to `newest`; and, while a walk back
    from the top has not met it yet, where the walk goes on (`after`) and the newest it
    saw (`walk_newest`, the mark once the walk ends)."""

    newest: str = ""
    after: str = ""
    walk_newest: str = ""


@dataclass(frozen=True)
class StreamRead:
    items: list[dict[str, Any]]
    mark: StreamMark
    more: bool


class RedditConnector:
    kind: ClassVar[str] = "reddit"
    # Reddit is a public network of forums: Channel.COMMUNITY is the workspace's own.
    channel: ClassVar[str] = Channel.SOCIAL
    label: ClassVar[str] = "Reddit"
    reply_place: ClassVar[str] = (
        "on Reddit, as a comment under the post, by the account the source is connected with"
    )

    def __init__(self, settings: dict[str, Any], credentials: dict[str, Any]) -> None:
        self.follow = str(settings.get("follow", "subreddit"))
        self.subreddit = _subreddit_name(str(settings.get("subreddit", "")))
        self.query = str(settings.get("query", "")).strip()
        self._check_settings()
        client_id = str(credentials.get("client_id", "")).strip()
        client_secret = str(credentials.get("client_secret", "")).strip()
        self.refresh_token = str(credentials.get("refresh_token", "")).strip()
        if not client_id or not client_secret:
            raise ConnectorError(
                "Reddit needs the app's client id and secret (from "
                "https://www.reddit.com/prefs/apps).",
                reconnect=True,
                field="client_id" if not client_id else "client_secret",
            )
        base = str(settings.get("base_url") or "") if allow_private() else ""
        self.oauth_url = base.rstrip("/") or OAUTH_URL
        self.www_url = base.rstrip("/") or WWW_URL
        self.rate_remaining: float | None = None
        self.reddit = praw.Reddit(
            "DEFAULT",  # never a site named by the environment's praw.ini
            client_id=client_id,
            client_secret=client_secret,
            refresh_token=self.refresh_token or None,
            username=None,
            password=None,
            redirect_uri=None,
            user_agent=USER_AGENT,
            oauth_url=self.oauth_url,
            reddit_url=self.www_url,
            check_for_updates=False,
            check_for_async=False,
            ratelimit_seconds=0,  # a comment rate limit is a sentence, not a sleep
            timeout=TIMEOUT_SECONDS,
            requestor_kwargs={"session": self._http_session(), "timeout": TIMEOUT_SECONDS},
        )

    def _check_settings(self) -> None:
        if self.follow not in FOLLOWS:
            raise ConnectorError(
                f"Follow a subreddit or a search, not {self.follow!r}.", field="follow"
            )
        if self.follow == "search" and not self.query:
            raise ConnectorError("Say what to search Reddit for.", reconnect=True, field="query")
        needed = self.follow == "subreddit"
        if (needed or self.subreddit) and not SUBREDDIT_NAME.match(self.subreddit):
            shown = f"{self.subreddit!r} is not" if self.subreddit else "Name"
            raise ConnectorError(
                f"{shown} a subreddit's name (the letters after r/, such as r/lumio).",
                reconnect=True,
                field="subreddit",
            )

    def _http_session(self) -> requests.Session:
        session = requests.Session()
        session.max_redirects = 0  # a redirect could lead to an address not checked
        session.hooks["response"].append(self._note_rate_allowance)
        return session

    def _note_rate_allowance(self, answer: requests.Response, *args: Any, **kwargs: Any) -> None:
        remaining = answer.headers.get("x-ratelimit-remaining")
        with suppress(ValueError):
            self.rate_remaining = float(remaining) if remaining else self.rate_remaining

    @property
    def where(self) -> str:
        if self.follow == "subreddit":
            return f"r/{self.subreddit}"
        within = f" in r/{self.subreddit}" if self.subreddit else ""
        return f"the search {self.query!r}{within}"

    def fetch(self, cursor: str) -> Page:
        marks = _marks(cursor)
        records: list[RawRecord] = []
        notes: list[str] = []
        more = False
        with self._answers():
            for stream, path, params in self._streams():
                if self._allowance_spent():
                    break
                read = self._read_stream(path, params, marks.get(stream, StreamMark()))
                marks[stream] = read.mark
                more = more or read.more
                for item in read.items:
                    made = self._record(item, len(records))
                    if isinstance(made, RawRecord):
                        records.append(made)
                    else:
                        notes.append(made)
        return Page(
            records=records,
            cursor=_cursor(marks),
            more=more and not self._allowance_spent(),
            notes=notes,
        )

    def _streams(self) -> list[tuple[str, str, dict[str, str | int]]]:
        if self.follow == "subreddit":
            listing = f"r/{self.subreddit}"
            return [(SUBMISSIONS, f"{listing}/new", {}), (COMMENTS, f"{listing}/comments", {})]
        search: dict[str, str | int] = {"q": self.query, "sort": "new", "t": "all"}
        if self.subreddit:
            return [(SUBMISSIONS, f"r/{self.subreddit}/search", {**search, "restrict_sr": "on"})]
        return [(SUBMISSIONS, "search", {**search, "type": "link"})]

    def _read_stream(self, path: str, params: dict[str, str | int], mark: StreamMark) -> StreamRead:
        """Walk the listing back from the top (or from where an unfinished walk stopped)
        until it meets `mark.newest`, the listing's end, or the page bound."""
        stored = _number(mark.newest) or 0
        after = mark.after
        walk_newest = mark.walk_newest if mark.after else ""
        items: list[dict[str, Any]] = []
        for _ in range(PAGES_PER_STREAM):
            children, next_after = self._page(path, {**params, "limit": PAGE_SIZE}, after)
            fresh = [child for child in children if _is_after(child, stored)]
            items.extend(fresh)
            walk_newest = _newest(walk_newest, *(_fullname(child) for child in fresh))
            met = any(0 < (_number(_fullname(child)) or 0) <= stored for child in children)
            if met or not children or not next_after:
                return StreamRead(items, StreamMark(_newest(mark.newest, walk_newest)), False)
            after = next_after
            if self._allowance_spent():
                break
        return StreamRead(items, StreamMark(mark.newest, after, walk_newest), True)

    def _page(
        self, path: str, params: dict[str, str | int], after: str
    ) -> tuple[list[dict[str, Any]], str]:
        """One page of a listing: its items' `data` (each with its `kind`) and `after`."""
        if after:
            params = {**params, "after": after}
        answer = self.reddit.request(method="GET", path=path, params=params)
        listing = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(listing, dict) or not isinstance(listing.get("children"), list):
            raise ConnectorError(f"Reddit answered {self.where} with something not a listing.")
        children = [
            {**child["data"], "kind": child.get("kind")}
            for child in listing["children"]
            if isinstance(child, dict) and isinstance(child.get("data"), dict)
        ]
        return children, str(listing.get("after") or "")

    def _allowance_spent(self) -> bool:
        return self.rate_remaining is not None and self.rate_remaining < 1

    def _record(self, item: dict[str, Any], number: int) -> RawRecord | str:
        """The post an item is, or the sentence saying why it was left out."""
        fullname = _fullname(item)
        if not fullname:
            return f"an item of {self.where} came from Reddit without its id"
        is_comment = fullname.startswith(f"{COMMENTS}_")
        text = str(item.get("body" if is_comment else "selftext") or "").strip()
        if text in GONE or item.get("removed_by_category"):
            return f"{fullname} on Reddit was removed or deleted and its text is gone"
        title = "" if is_comment else str(item.get("title") or "").strip()
        author = str(item.get("author") or "")
        score = item.get("score")
        return RawRecord(
            number=number,
            where=fullname,
            fields={
                "external_id": fullname,
                "text": text or title,  # a link post's words are its title
                "title": title,
                "created_at": _iso_utc(item.get("created_utc")),
                "author_handle": "" if author in ("", *GONE) else f"u/{author}",
                "url": _absolute(WWW_URL, str(item.get("permalink") or "")),
                "likes": max(0, score) if isinstance(score, int) else 0,
                "shares": 0,
                "parent_external_id": str(item.get("parent_id") or "") if is_comment else "",
                "subreddit": str(item.get("subreddit_name_prefixed") or ""),
                "score": score,
                "link": "" if is_comment or item.get("is_self") else str(item.get("url") or ""),
            },
        )

    def can_publish(self) -> bool:
        return bool(self.refresh_token)

    def publish_reply(self, target: ReplyTarget, text: str, key: str) -> str:
        """Comment `text` under the submission or comment `target`; returns the comment's
        address. Reddit takes no idempotency key, so a comment of ours on the same post
        with the same text, among the account's newest, is taken as this reply made
        before (a retried task); `key` itself cannot travel."""
        if not self.refresh_token:
            raise ConnectorError(
                "Replying on Reddit needs the answering account's refresh token.",
                reconnect=True,
                field="refresh_token",
            )
        kind, _, base36 = target.external_id.partition("_")
        if kind not in (SUBMISSIONS, COMMENTS) or not BASE36.match(base36):
            raise ConnectorError(
                f"{target.external_id!r} is not a Reddit submission or comment to answer."
            )
        with self._answers(replying=True):
            made = self._reply_made_before(target.external_id, text)
            if made:
                return made
            reddit = self.reddit
            parent = reddit.submission(base36) if kind == SUBMISSIONS else reddit.comment(base36)
            comment = parent.reply(text)
            if comment is None:  # created, but Reddit did not show it (a quarantined sub)
                return self._reply_made_before(target.external_id, text) or ""
            return _absolute(WWW_URL, _permalink(vars(comment)))

    def _reply_made_before(self, parent: str, text: str) -> str:
        me = self.reddit.user.me()
        if me is None:
            raise ConnectorError("Reddit did not say which account the token belongs to.")
        path = f"user/{me.name}/comments"
        params: dict[str, str | int] = {"sort": "new", "limit": OWN_COMMENTS_LOOKED_AT}
        children, _ = self._page(path, params, "")
        for comment in children:
            same_text = str(comment.get("body") or "").strip() == text.strip()
            if comment.get("parent_id") == parent and same_text:
                return _absolute(WWW_URL, _permalink(comment))
        return ""

    @contextmanager
    def _answers(self, *, replying: bool = False) -> Iterator[None]:
        """PRAW's and prawcore's errors as the sentences the Sources page shows."""
        try:
            for url in {self.oauth_url, self.www_url}:
                check_public_url(url, allow_private=allow_private(), setting=PRIVATE_SETTING)
            yield
        except ForbiddenAddressError as error:
            raise ConnectorError(f"Reddit was not asked: {error}.") from None
        except RedditAPIException as error:
            raise _refused_reply(error) from None
        except core.Redirect as error:
            raise self._redirected(error) from None
        except core.TooManyRequests as error:
            wait = retry_after(error.response.headers)
            when = f"; it asked us to wait {round(wait)} seconds" if wait is not None else ""
            raise ConnectorError(
                f"Reddit limited our requests (HTTP 429){when}.", retry_after=wait
            ) from None
        except core.InvalidToken:
            raise self._token_refused("HTTP 401") from None
        except core.OAuthException as error:
            raise self._token_refused(error.error) from None
        except core.InsufficientScope:
            raise ConnectorError(
                "Reddit refused the request (HTTP 403): the token lacks a scope it needs "
                "(identity, read, submit, history); reconnect the source with a new one.",
                reconnect=True,
                field="refresh_token",
            ) from None
        except core.Forbidden as error:
            raise self._forbidden(error, replying) from None
        except core.NotFound as error:
            raise self._not_found(error) from None
        except core.ServerError as error:
            raise ConnectorError(
                f"Reddit answered HTTP {error.response.status_code}; we will try again later.",
                retry_after=retry_after(error.response.headers),
            ) from None
        except core.BadJSON:
            raise ConnectorError("Reddit answered something that is not JSON.") from None
        except core.ResponseException as error:
            raise self._other_answer(error) from None
        except core.RequestException as error:
            raise _unreached(error.original_exception) from None
        except (core.PrawcoreException, PRAWException) as error:
            raise ConnectorError(
                f"Reddit refused the request ({type(error).__name__}: {error})."
            ) from None

    def _redirected(self, error: core.Redirect) -> ConnectorError:
        if error.path.startswith("/subreddits/search"):
            return self._missing_subreddit()
        to = error.response.headers.get("location") or error.path
        return ConnectorError(
            f"Reddit sent us elsewhere (HTTP {error.response.status_code} to {to}); "
            "the address was not followed.",
            reconnect=True,
        )

    def _token_refused(self, answer: str) -> ConnectorError:
        if self.refresh_token:
            return ConnectorError(
                f"Reddit refused the account's refresh token ({answer}): it may have been "
                "revoked; reconnect the source with a new one.",
                reconnect=True,
                field="refresh_token",
            )
        return ConnectorError(
            f"Reddit refused the app's token ({answer}): check the app's client id and "
            "secret, then reconnect the source.",
            reconnect=True,
            field="client_id",
        )

    def _forbidden(self, error: core.Forbidden, replying: bool) -> ConnectorError:
        if replying:
            return ConnectorError(
                "Reddit refused the reply (HTTP 403): the thread is locked, or the account "
                "may not comment there."
            )
        reason = str(_json_of(error.response).get("reason") or "")
        why = {"private": "is private", "quarantined": "is quarantined"}.get(
            reason, "is private or quarantined, or the account is banned from it"
        )
        return ConnectorError(
            f"Reddit refused to show {self.where} (HTTP 403): the subreddit {why}.",
            reconnect=True,
        )

    def _not_found(self, error: core.NotFound) -> ConnectorError:
        if _json_of(error.response).get("reason") == "banned":
            return ConnectorError(
                f"Reddit says r/{self.subreddit} is banned (HTTP 404): nothing can be read there.",
                reconnect=True,
                field="subreddit",
            )
        return self._missing_subreddit()

    def _missing_subreddit(self) -> ConnectorError:
        if not self.subreddit:
            return ConnectorError("Reddit says the search does not exist (HTTP 404).")
        return ConnectorError(
            f"Reddit says r/{self.subreddit} does not exist: check its name.",
            reconnect=True,
            field="subreddit",
        )

    def _other_answer(self, error: core.ResponseException) -> ConnectorError:
        status = error.response.status_code
        asked_for_token = error.response.url.split("?")[0].endswith("/api/v1/access_token")
        if asked_for_token and status in (400, 401):
            return self._token_refused("HTTP 400") if status == 400 else self._app_refused()
        return ConnectorError(
            f"Reddit refused the request (HTTP {status}).",
            retry_after=retry_after(error.response.headers),
        )

    def _app_refused(self) -> ConnectorError:
        return ConnectorError(
            "Reddit refused the app's client id and secret (HTTP 401): check them, or "
            "reconnect the source.",
            reconnect=True,
            field="client_id",
        )


def _refused_reply(error: RedditAPIException) -> ConnectorError:
    item = error.items[0] if error.items else None
    code = item.error_type if item else ""
    message = (item.message if item else "") or str(error)
    if code == "RATELIMIT":
        return ConnectorError(f"Reddit limits how often the account may comment: {message}.")
    why = REPLY_REFUSALS.get(code, f"{message} ({code})" if code else message)
    return ConnectorError(f"Reddit refused the reply: {why}.")


def _unreached(original: Exception) -> ConnectorError:
    if isinstance(original, requests.TooManyRedirects):
        answer = original.response
        to = f"HTTP {answer.status_code} to {answer.headers.get('Location')}" if answer else ""
        return ConnectorError(
            f"Reddit sent us elsewhere ({to or 'a redirect'}); the address was not followed.",
            reconnect=True,
        )
    if isinstance(original, requests.Timeout):
        return ConnectorError(f"Reddit did not answer within {TIMEOUT_SECONDS} seconds.")
    return ConnectorError(f"Reddit could not be reached ({type(original).__name__}).")


def _subreddit_name(raw: str) -> str:
    """'lumio' from 'lumio', 'r/lumio', '/r/lumio/' or 'https://www.reddit.com/r/lumio'."""
    return re.sub(r"^(https?://[^/]+)?/?r/", "", raw.strip().rstrip("/"))


def _marks(cursor: str) -> dict[str, StreamMark]:
    """The cursor's mark per stream; a cursor not written by this connector starts over."""
    try:
        saved = json.loads(cursor) if cursor else {}
    except ValueError:
        return {}
    if not isinstance(saved, dict):
        return {}
    marks = {}
    for stream, mark in saved.items():
        if isinstance(mark, dict):
            fields = {
                name: str(mark.get(name) or "") for name in ("newest", "after", "walk_newest")
            }
            marks[str(stream)] = StreamMark(**fields)
    return marks


def _cursor(marks: dict[str, StreamMark]) -> str:
    kept = {
        stream: {name: value for name, value in asdict(mark).items() if value}
        for stream, mark in sorted(marks.items())
    }
    return json.dumps({stream: mark for stream, mark in kept.items() if mark}, sort_keys=True)


def _fullname(item: dict[str, Any]) -> str:
    name = str(item.get("name") or "")
    if not name and item.get("kind") and item.get("id"):
        name = f"{item['kind']}_{item['id']}"
    return name if _number(name) else ""


def _is_after(item: dict[str, Any], stored: int) -> bool:
    """Whether an item is newer than the stored mark (one without an id is kept, to be
    named as left out)."""
    number = _number(_fullname(item))
    return number is None or number > stored


def _number(fullname: str) -> int | None:
    """The base-36 id of a fullname as a number (they grow with time); None if not one."""
    _, _, base36 = fullname.partition("_")
    return int(base36, 36) if base36 and BASE36.match(base36) else None


def _newest(*fullnames: str) -> str:
    return max((name for name in fullnames if name), key=lambda n: _number(n) or 0, default="")


def _iso_utc(created: Any) -> str | None:
    if isinstance(created, int | float) and not isinstance(created, bool):
        return datetime.fromtimestamp(created, UTC).isoformat()
    return None


def _permalink(comment: dict[str, Any]) -> str:
    permalink = str(comment.get("permalink") or "")
    if permalink:
        return permalink
    link = str(comment.get("link_id") or "").partition("_")[2]
    return f"/comments/{link}/_/{comment.get('id')}/"


def _absolute(base: str, permalink: str) -> str:
    return f"{base}{permalink}" if permalink.startswith("/") else permalink


def _json_of(answer: requests.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
