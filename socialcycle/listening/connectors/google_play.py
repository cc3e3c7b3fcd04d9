"""Google Play reviews of one app, through the Play Developer API (google-api-python-client,
`androidpublisher` v3, its discovery document shipped with the library) signed in as a
service account (google-auth); replies are posted there too.

Settings: `package_name` (com.example.app). Credentials: `service_account_json`, the JSON
key of a service account invited to the Play Console with "Reply to reviews".

`reviews.list` returns only the reviews created or modified in the last 7 days, so that is
all the history there is: the first poll (the backfill) takes those, and a source polled
less often than daily misses reviews. Review ids are opaque and unordered, so the cursor is
the newest `lastModified` stored ("seconds.nanoseconds" since 1970): each poll reads every
page of the week (100 reviews a page, at most 10 pages: the API allows 200 reads an hour per
app) and keeps the reviews modified after the cursor. An edited review comes back with its
own id and is updated, not duplicated.

A reply replaces the review's existing reply, so a retried reply posts nothing twice; Google
Play takes at most 350 characters, and a longer one is refused before asking.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

import httplib2
from google.auth.exceptions import GoogleAuthError, RefreshError, TransportError
from google.oauth2 import service_account
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from requests.structures import CaseInsensitiveDict

from socialcycle.lib.outbound import ForbiddenAddressError, check_public_url
from socialcycle.listening.connectors.base import (
    PRIVATE_SETTING,
    TIMEOUT_SECONDS,
    ConnectorError,
    Page,
    ReplyTarget,
    allow_private,
    retry_after,
)
from socialcycle.listening.importers.base import RawRecord
from socialcycle.listening.models import Channel

API_ENDPOINT = "https://androidpublisher.googleapis.com/"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"  # noqa: S105 (an address)
SCOPE = "https://www.googleapis.com/auth/androidpublisher"
PAGE_SIZE = 100
MAX_PAGES = 10
MAX_REPLY_CHARS = 350  # Google Play refuses longer replies
FUTURE_SLACK_SECONDS = 86_400  # clocks differ; a review dated later than that is wrong
PACKAGE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+")
NAME = "Google Play"


class GooglePlayReviews:
    kind: ClassVar[str] = "google_play"
    channel: ClassVar[str] = Channel.APP_STORE
    label: ClassVar[str] = "Google Play reviews"
    reply_place: ClassVar[str] = (
        "on Google Play, as the developer's reply to the review (it replaces an earlier reply)"
    )
    history_note: ClassVar[str] = (
        "Google Play keeps only the last 7 days of reviews: poll at least daily, or reviews "
        "are missed."
    )

    def __init__(self, settings: dict[str, Any], credentials: dict[str, Any]) -> None:
        self.package_name = _package_name(settings.get("package_name"))
        base = settings.get("base_url") if allow_private() else None
        self.endpoint = str(base or API_ENDPOINT).rstrip("/") + "/"
        key = _key_file(credentials.get("service_account_json"))
        self.token_uri = str(key["token_uri"])
        self.credentials = _service_account(key)
        http = httplib2.Http(timeout=TIMEOUT_SECONDS)
        http.follow_redirects = False  # a redirect could lead to an address not checked
        self.service = build(
            "androidpublisher",
            "v3",
            http=AuthorizedHttp(self.credentials, http=http),
            static_discovery=True,
            cache_discovery=False,
            client_options={"api_endpoint": self.endpoint},
        )

    def fetch(self, cursor: str) -> Page:
        """The reviews modified after `cursor` among those of the last 7 days (all the API
        returns), and the newest modification time among them as the next cursor."""
        after = _moment(cursor)
        reviews, notes = self._reviews_of_the_week()
        records: list[RawRecord] = []
        newest = after
        latest_believable = (int(time.time()) + FUTURE_SLACK_SECONDS, 0)
        for review in reviews:
            modified = _modified(review)
            if not review.get("reviewId") or modified is None:
                notes.append(f"{NAME} sent a review without an id or a date")
                continue
            if modified > latest_believable:  # it would hold the cursor past every new review
                notes.append(f"{NAME} sent a review dated in the future")
                continue
            if modified > after:
                records.append(self._record(review, modified, len(records)))
                newest = max(newest, modified)
        return Page(records=records, cursor=_cursor(newest) if records else cursor, notes=notes)

    def can_publish(self) -> bool:
        return True  # the service account that reads is the one that replies

    def publish_reply(self, target: ReplyTarget, text: str, key: str) -> str:
        """Post `text` as the developer's reply to the review `target`; returns the review's
        address. Google Play keeps one reply per review and a new one replaces it, so a
        retry (whatever `key`) leaves one reply."""
        if len(text) > MAX_REPLY_CHARS:
            raise ConnectorError(
                f"{NAME} takes replies of at most {MAX_REPLY_CHARS} characters and this one "
                f"has {len(text)}: shorten it, or paste it in the Play Console."
            )
        request = self.service.reviews().reply(
            packageName=self.package_name,
            reviewId=target.external_id,
            body={"replyText": text},
        )
        with self._answers():
            request.execute()
        return self._review_url(target.external_id)

    def _reviews_of_the_week(self) -> tuple[list[dict[str, Any]], list[str]]:
        """Every review the API returns (the last 7 days), at most MAX_PAGES pages."""
        reviews: list[dict[str, Any]] = []
        token: str | None = None
        for _ in range(MAX_PAGES):
            answer = self._list(token)
            listed = answer.get("reviews")
            reviews.extend(item for item in _as_list(listed) if isinstance(item, dict))
            pagination = answer.get("tokenPagination")
            token = pagination.get("nextPageToken") if isinstance(pagination, dict) else None
            if not token:
                return reviews, []
        return reviews, [
            f"{NAME} had more than {MAX_PAGES * PAGE_SIZE} reviews from the last 7 days; "
            "the older ones were not fetched"
        ]

    def _list(self, token: str | None) -> dict[str, Any]:
        request = self.service.reviews().list(
            packageName=self.package_name, maxResults=PAGE_SIZE, token=token
        )
        with self._answers():
            answer = request.execute()
        if not isinstance(answer, dict):
            raise ConnectorError(f"{NAME} answered something that is not a list of reviews.")
        return answer

    def _record(self, review: dict[str, Any], modified: tuple[int, int], number: int) -> RawRecord:
        review_id = str(review["reviewId"])
        comment = _user_comment(review)
        title, body = _title_and_body(str(comment.get("text") or ""))
        return RawRecord(
            number=number,
            where=f"review {review_id}",
            fields={
                "external_id": review_id,
                "text": body,
                "title": title,
                "created_at": _iso(modified),
                "author_handle": str(review.get("authorName") or ""),
                "rating": comment.get("starRating"),
                "likes": comment.get("thumbsUpCount", 0),
                "url": self._review_url(review_id),
                "app_version": str(comment.get("appVersionName") or ""),
                "language": str(comment.get("reviewerLanguage") or ""),
                "device": str(comment.get("device") or ""),
                "android_os_version": comment.get("androidOsVersion"),
                "developer_reply": _developer_reply(review),
            },
        )

    def _review_url(self, review_id: str) -> str:
        query = urlencode({"id": self.package_name, "reviewId": review_id})
        return f"https://play.google.com/store/apps/details?{query}"

    @contextmanager
    def _answers(self) -> Iterator[None]:
        """The client libraries' errors as the sentences the Sources page shows."""
        try:
            for url in (self.endpoint, self.token_uri):
                check_public_url(url, allow_private=allow_private(), setting=PRIVATE_SETTING)
            yield
        except ForbiddenAddressError as error:
            raise ConnectorError(f"{NAME} was not asked: {error}.") from None
        except HttpError as error:
            raise self._refusal(error) from None
        except RefreshError as error:
            raise _sign_in_refused(error) from None
        except (TransportError, httplib2.HttpLib2Error, OSError) as error:
            raise ConnectorError(
                f"{NAME} could not be reached ({type(error).__name__}); we will try again later."
            ) from None

    def _refusal(self, error: HttpError) -> ConnectorError:
        status = int(error.resp.status)
        headers = CaseInsensitiveDict(dict(error.resp))
        if 300 <= status < 400:
            return ConnectorError(
                f"{NAME} sent us elsewhere (HTTP {status} to "
                f"{headers.get('Location', 'another address')}); check the source's address.",
                reconnect=True,
            )
        if status in (401, 403):
            return ConnectorError(
                f"{NAME} refused the service account (HTTP {status}): give it access to the "
                f"app {self.package_name} in the Play Console (Users and permissions, with "
                '"Reply to reviews"); reconnect the source.',
                reconnect=True,
            )
        if status == 404:
            return ConnectorError(
                f"{NAME} does not know the app {self.package_name} (HTTP 404): check the "
                "package name, and that the service account may see the app.",
                reconnect=True,
                field="package_name",
            )
        if status == 429:
            wait = retry_after(headers)
            when = f"; it asked us to wait {round(wait)} seconds" if wait is not None else ""
            return ConnectorError(
                f"{NAME} limited our requests (HTTP 429){when}.", retry_after=wait
            )
        if status >= 500:
            return ConnectorError(
                f"{NAME} answered HTTP {status}; we will try again later.",
                retry_after=retry_after(headers),
            )
        return ConnectorError(f"{NAME} refused the request (HTTP {status}: {_reason(error)}).")


def _package_name(value: Any) -> str:
    name = str(value or "").strip()
    if len(name) > 255 or not PACKAGE_NAME.fullmatch(name):
        raise ConnectorError(
            f"The Google Play package name {name!r} is not one such as com.example.app (it is "
            "the id= part of the app's Play Store address).",
            reconnect=True,
            field="package_name",
        )
    return name


def _service_account(info: dict[str, Any]) -> service_account.Credentials:
    """Credentials from the service account's JSON key; its token address must be Google's
    (a pasted key naming another would send our signed sign-in there)."""
    token_uri = str(info.get("token_uri") or "")
    if token_uri != GOOGLE_TOKEN_URI and not allow_private():
        raise _bad_key(f"its token_uri is {token_uri!r}, not {GOOGLE_TOKEN_URI}")
    try:
        made = service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
            info, scopes=[SCOPE]
        )
    except (ValueError, TypeError, KeyError, GoogleAuthError):
        raise _bad_key(
            "its private_key cannot be read (paste the whole key file, unchanged)"
        ) from None
    credentials: service_account.Credentials = made
    return credentials


def _key_file(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        info = value
    else:
        try:
            info = json.loads(str(value or ""))
        except ValueError:
            raise _bad_key("it is not JSON (paste the whole key file)") from None
    if not isinstance(info, dict):
        raise _bad_key("it is not a JSON object (paste the whole key file)")
    if info.get("type") != "service_account":
        raise _bad_key(f"its type is {info.get('type')!r}, not 'service_account'")
    missing = [key for key in ("client_email", "private_key", "token_uri") if not info.get(key)]
    if missing:
        raise _bad_key(f"it lacks {', '.join(missing)}")
    return info


def _bad_key(why: str) -> ConnectorError:
    return ConnectorError(
        f"The Google Play service account key cannot be used: {why}.",
        reconnect=True,
        field="service_account_json",
    )


def _sign_in_refused(error: RefreshError) -> ConnectorError:
    if getattr(error, "retryable", False):
        return ConnectorError(f"{NAME}'s sign-in did not answer well; we will try again later.")
    return ConnectorError(
        f"{NAME}'s sign-in refused the service account's key ({_first_line(error)}): the key "
        "may have been deleted or the account disabled; reconnect the source with a new key.",
        reconnect=True,
    )


def _first_line(error: Exception) -> str:
    lines = str(error.args[0] if error.args else "").splitlines()
    return lines[0][:200] if lines else type(error).__name__


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _reason(error: HttpError) -> str:
    return str(getattr(error, "reason", "") or "no reason given").strip()[:200]


def _user_comment(review: dict[str, Any]) -> dict[str, Any]:
    for comment in _as_list(review.get("comments")):
        if isinstance(comment, dict) and isinstance(comment.get("userComment"), dict):
            found: dict[str, Any] = comment["userComment"]
            return found
    return {}


def _title_and_body(text: str) -> tuple[str, str]:
    """A review written with a title comes as the title, a tab, then the body."""
    title, tab, body = text.strip().partition("\t")
    return (title.strip(), body.strip()) if tab and body.strip() else ("", title.strip())


def _developer_reply(review: dict[str, Any]) -> str:
    for comment in _as_list(review.get("comments")):
        if isinstance(comment, dict) and isinstance(comment.get("developerComment"), dict):
            return str(comment["developerComment"].get("text") or "")
    return ""


def _modified(review: dict[str, Any]) -> tuple[int, int] | None:
    """The review's last modification as (seconds, nanoseconds), or None when unreadable."""
    stamp = _user_comment(review).get("lastModified")
    if not isinstance(stamp, dict):
        return None
    try:
        seconds, nanos = int(stamp.get("seconds", "")), int(stamp.get("nanos") or 0)
    except (TypeError, ValueError):
        return None
    return (seconds, nanos) if seconds > 0 and 0 <= nanos < 1_000_000_000 else None


def _moment(cursor: str) -> tuple[int, int]:
    """The cursor "seconds.nanoseconds" as a pair; (0, 0) for none (the first poll)."""
    seconds, _, fraction = cursor.partition(".")
    if not seconds.isdigit() or not (fraction.isdigit() or fraction == ""):
        return (0, 0)
    return int(seconds), int(fraction.ljust(9, "0")[:9])


def _cursor(moment: tuple[int, int]) -> str:
    return f"{moment[0]}.{moment[1]:09d}"


def _iso(moment: tuple[int, int]) -> str:
    seconds, nanos = moment
    when = datetime.fromtimestamp(seconds, UTC).replace(microsecond=nanos // 1000)
    return when.isoformat()
