"""What every connector is: `fetch(cursor)` returns a page of records and the cursor after
it; and the HTTP answers every platform gives, turned into sentences for the Sources page.

Records are the importers' `RawRecord`s with the post fields by name (`external_id`,
`text`, `created_at`, `author_handle`, `rating`, …), so the same mapping, bounds,
normalisation, copies, participants and analysis apply to a live channel as to a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar, Protocol, runtime_checkable

import requests
from django.conf import settings

from socialcycle.lib.outbound import ForbiddenAddressError, check_public_url
from socialcycle.listening.importers.base import RawRecord

USER_AGENT = "socialcycle (+https://github.com/socialcycle)"
TIMEOUT_SECONDS = 20
PRIVATE_SETTING = "CONNECTORS_ALLOW_PRIVATE_ADDRESSES"


@dataclass(frozen=True)
class Page:
    """Records fetched after a cursor, the cursor after them, and whether more wait now."""

    records: list[RawRecord]
    cursor: str
    more: bool = False
    notes: list[str] = field(default_factory=list)  # things left out, said as sentences


class ConnectorError(Exception):
    """A poll that failed, said as one sentence the Sources page shows as it is.

    `retry_after`: seconds the platform asked us to wait (None: back off as usual).
    `reconnect`: only a person can mend it (a revoked token, a deleted account).
    `field`: the setting or credential at fault, for the form that connects a source.
    """

    def __init__(
        self,
        sentence: str,
        *,
        retry_after: float | None = None,
        reconnect: bool = False,
        field: str | None = None,
    ) -> None:
        super().__init__(sentence)
        self.retry_after = retry_after
        self.reconnect = reconnect
        self.field = field  # the setting it is about, when a setting is wrong


class Connector(Protocol):
    kind: ClassVar[str]
    channel: ClassVar[str]
    label: ClassVar[str]

    def __init__(self, settings: dict[str, Any], credentials: dict[str, Any]) -> None: ...

    def fetch(self, cursor: str) -> Page: ...


@dataclass(frozen=True)
class ReplyTarget:
    """The post a reply answers, as a platform needs it."""

    external_id: str
    title: str = ""
    author_email: str = ""


@runtime_checkable
class Publisher(Protocol):
    """A connector that can also answer on its platform."""

    # Where a reply appears, completing "A reply sent here is published …".
    reply_place: ClassVar[str]

    def can_publish(self) -> bool:
        """Whether this source's credentials let it answer (reading may need fewer)."""
        ...

    def publish_reply(self, target: ReplyTarget, text: str, key: str) -> str:
        """Post `text` in reply to `target`; returns the reply's address. The same `key`
        twice must post once (the platform's idempotency key, where it has one)."""
        ...


@dataclass(frozen=True)
class Platform:
    """How one connector reaches its platform: the base URL (overridable only where
    CONNECTORS_ALLOW_PRIVATE_ADDRESSES allows, as tests do) and its name in sentences."""

    name: str
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def get_json(self, path: str, *, headers: dict[str, str] | None = None, **params: Any) -> Any:
        answer = self.request("GET", path, headers=headers, params=params or None)
        refuse_bad_answer(self.name, answer)
        return self.json_of(answer)

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
    ) -> requests.Response:
        """Ask once, after checking the address; the answer whatever its status (callers
        that say some statuses their own way read it before `refuse_bad_answer`)."""
        url = self.url(path)
        try:
            check_public_url(url, allow_private=allow_private(), setting=PRIVATE_SETTING)
            return requests.request(
                method,
                url,
                params=params,
                json=json_body,
                headers={"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})},
                timeout=TIMEOUT_SECONDS,
                allow_redirects=False,  # a redirect could lead to an address not checked
            )
        except ForbiddenAddressError as error:
            raise ConnectorError(f"{self.name} was not asked: {error}.") from None
        except requests.Timeout:
            raise ConnectorError(
                f"{self.name} did not answer within {TIMEOUT_SECONDS} seconds."
            ) from None
        except requests.RequestException as error:
            raise ConnectorError(
                f"{self.name} could not be reached ({type(error).__name__})."
            ) from None

    def json_of(self, answer: requests.Response) -> Any:
        try:
            return answer.json()
        except ValueError:
            raise ConnectorError(f"{self.name} answered something that is not JSON.") from None


def refuse_bad_answer(platform: str, answer: requests.Response) -> None:
    """Raise the sentence for an HTTP answer that is not a success."""
    status = answer.status_code
    if 300 <= status < 400:
        raise ConnectorError(
            f"{platform} sent us elsewhere (HTTP {status} to "
            f"{answer.headers.get('Location', 'another address')}); check the source's address.",
            reconnect=True,
        )
    if status < 400:
        return
    if status == 429:
        wait = retry_after(answer.headers)
        when = f"; it asked us to wait {round(wait)} seconds" if wait is not None else ""
        raise ConnectorError(f"{platform} limited our requests (HTTP 429){when}.", retry_after=wait)
    if status in (401, 403):
        raise ConnectorError(
            f"{platform} refused the credentials (HTTP {status}): the token may have expired "
            "or been revoked; reconnect the source.",
            reconnect=True,
        )
    if status == 404:
        raise ConnectorError(
            f"{platform} says what this source follows does not exist (HTTP 404): check its "
            "settings.",
            reconnect=True,
        )
    raise ConnectorError(
        f"{platform} answered HTTP {status}; we will try again later.",
        retry_after=retry_after(answer.headers),
    )


def retry_after(headers: Any) -> float | None:
    """Seconds to wait from Retry-After (seconds or an HTTP date) or a reset header."""
    raw = headers.get("Retry-After")
    if raw:
        try:
            return max(0.0, float(raw))
        except ValueError:
            try:
                when = parsedate_to_datetime(raw)
            except (TypeError, ValueError):
                return None
            return max(0.0, (when - datetime.now(UTC)).total_seconds())
    reset = headers.get("X-RateLimit-Reset") or headers.get("RateLimit-Reset")
    if reset:
        try:
            value = float(reset)
        except ValueError:
            return None
        # Some platforms send an epoch time, others seconds from now.
        now = datetime.now(UTC).timestamp()
        return max(0.0, value - now) if value > now else value
    return None


def allow_private() -> bool:
    return bool(settings.CONNECTORS_ALLOW_PRIVATE_ADDRESSES)
