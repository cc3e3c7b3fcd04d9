"""Apple App Store customer reviews, from Apple's public per-country reviews feed; replies
published through the App Store Connect API when the source holds an API key.

Reading needs no credentials: the feed is public. It holds the newest 500 reviews of an
app in one country, 50 a page, newest first (`/{country}/rss/customerreviews/page={n}/
id={app}/sortby=mostrecent/json`). Review ids grow with time, so the cursor is the newest
id stored: a poll reads pages until it meets it, and the first poll (the backfill) reads
all ten.

Replying needs the credentials `issuer_id`, `key_id` and `private_key` (the .p8 file of an
App Store Connect API key with the Customer Support role); without all three, replies are
"ready to paste" with a link to the app's reviews page. A private key that is not a
P-256 PEM is refused when the source is connected. Each request carries a new ES256 token
(header `kid`; claims `iss`, `iat`, `exp` 15 minutes on, `aud` "appstoreconnect-v1":
Apple refuses tokens that live more than 20 minutes).

The feed's review ids (numbers) are not App Store Connect's `customerReviews` ids (opaque
strings such as "00000028-b08c-0014-729e-fbd500000000"), and Apple documents no way from
one to the other. So a reply first reads the review again from the feed (nickname, title,
text), then lists the app's reviews in that country's territory in App Store Connect,
newest first, 200 a page, at most three pages (the feed never shows more than a country's
newest 500), and answers the one with the same nickname, title and text.

Apple allows one response per review; of `POST /v1/customerReviewResponses` it says "If a
response already exists, this endpoint updates the response by overwriting it". It takes
no idempotency key, so the review's response is read first: the same text there means an
earlier try got through and nothing is posted again; another text is replaced, as Apple
documents, since the person who replied here chose this answer. The API gives no public
address of a response: the reply's link is the app's reviews page.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

import jwt
import requests
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from socialcycle.listening.connectors.app_store_territories import TERRITORIES
from socialcycle.listening.connectors.base import (
    ConnectorError,
    Page,
    Platform,
    ReplyTarget,
    allow_private,
    refuse_bad_answer,
)
from socialcycle.listening.importers.base import RawRecord
from socialcycle.listening.models import Channel

BASE_URL = "https://itunes.apple.com"
API_BASE_URL = "https://api.appstoreconnect.apple.com"
API_NAME = "App Store Connect"
LAST_PAGE = 10  # Apple serves at most ten pages of 50
LAST_PAGE_IN_LINK = re.compile(r"/page=(\d+)/")
TOKEN_SECONDS = 15 * 60  # Apple refuses tokens that live more than 20 minutes
AUDIENCE = "appstoreconnect-v1"
REVIEWS_PER_PAGE = 200  # the most App Store Connect lists at once
REVIEW_PAGES = 3  # 600 reviews: more than the feed ever shows of one country
RESPONSES_PATH = "v1/customerReviewResponses"
KEY_FIELDS = ("issuer_id", "key_id", "private_key")
KEY_REFUSED = (
    "App Store Connect refused the API key (HTTP 401): it may have been revoked; "
    "reconnect the source with a new key."
)
BAD_KEY = (
    "The private key is not an App Store Connect API key: paste the whole .p8 file, from "
    "-----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----."
)


@dataclass(frozen=True)
class ApiKey:
    """An App Store Connect API key, which signs a token for each request."""

    issuer_id: str
    key_id: str
    signing_key: ec.EllipticCurvePrivateKey = field(repr=False)

    def token(self) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer_id, "iat": now, "exp": now + TOKEN_SECONDS, "aud": AUDIENCE}
        headers = {"kid": self.key_id, "typ": "JWT"}
        return jwt.encode(claims, self.signing_key, algorithm="ES256", headers=headers)


class AppleAppStore:
    kind: ClassVar[str] = "apple_app_store"
    channel: ClassVar[str] = Channel.APP_STORE
    label: ClassVar[str] = "Apple App Store reviews"

    def __init__(self, settings: dict[str, Any], credentials: dict[str, Any]) -> None:
        self.app_id = str(settings.get("app_id", "")).strip()
        self.country = str(settings.get("country", "us")).strip().lower() or "us"
        if not self.app_id.isdigit():
            raise ConnectorError(
                f"The App Store app id {self.app_id!r} is not a number (it is the digits "
                "after 'id' in the app's App Store address).",
                reconnect=True,
                field="app_id",
            )
        base = settings.get("base_url") if allow_private() else None
        self.platform = Platform("The App Store", str(base or BASE_URL))
        api_base = settings.get("api_base_url") if allow_private() else None
        self.api = Platform(API_NAME, str(api_base or API_BASE_URL))
        self.api_key = _api_key(credentials)
        self.reviews_url = (
            f"https://apps.apple.com/{self.country}/app/id{self.app_id}?see-all=reviews"
        )

    def fetch(self, cursor: str) -> Page:
        newest_stored = int(cursor) if cursor.isdigit() else 0
        records: list[RawRecord] = []
        page, last_page = 1, LAST_PAGE
        while page <= last_page:
            entries, last_page = self._entries(page)
            fresh = [entry for entry in entries if _review_id(entry) > newest_stored]
            records.extend(self._record(entry, len(records) + n) for n, entry in enumerate(fresh))
            if len(fresh) < len(entries) or not entries:
                break  # met the reviews stored last time, or the feed's end
            page += 1
        newest = max((int(record.fields["external_id"]) for record in records), default=0)
        return Page(records=records, cursor=str(max(newest, newest_stored) or cursor))

    def can_publish(self) -> bool:
        return self.api_key is not None

    def publish_reply(self, target: ReplyTarget, text: str, key: str) -> str:
        """Answer the review `target` in App Store Connect; returns the app's reviews page.
        `key` is not sent (Apple takes none): the review's response is read first, and the
        same text already there is not posted again."""
        self._key()  # before anything is asked
        review_id = self._connect_review_id(self._feed_review(target.external_id))
        if _plain(self._response_text(review_id)) != _plain(text):
            answer = self._ask("POST", RESPONSES_PATH, json_body=_response_request(review_id, text))
            _refuse(answer, "App Store Connect says the review was deleted (HTTP 404).")
        return self.reviews_url

    def _feed_review(self, review_id: str) -> dict[str, Any]:
        """The review as the feed shows it, read again page by page (newest first)."""
        wanted = int(review_id) if review_id.isdigit() else 0
        page, last_page = 1, LAST_PAGE if wanted else 0
        while page <= last_page:
            entries, last_page = self._entries(page)
            for entry in entries:
                if _review_id(entry) == wanted:
                    return entry
            if not entries or min(_review_id(entry) for entry in entries) < wanted:
                break
            page += 1
        raise ConnectorError(
            f"The App Store's feed no longer shows review {review_id} (it keeps the newest "
            "500 of a country), so it cannot be found in App Store Connect: answer it there."
        )

    def _connect_review_id(self, entry: dict[str, Any]) -> str:
        """App Store Connect's id of the feed's review: the one of the same nickname,
        title and text among the territory's newest reviews."""
        wanted = _fingerprint(
            _label(_object(entry.get("author")).get("name")),
            _label(entry.get("title")),
            _label(entry.get("content")),
        )
        params: dict[str, Any] = {"sort": "-createdDate", "limit": str(REVIEWS_PER_PAGE)}
        if self.country in TERRITORIES:
            params["filter[territory]"] = TERRITORIES[self.country]
        for _ in range(REVIEW_PAGES):
            answer = self._ask("GET", f"v1/apps/{self.app_id}/customerReviews", params=params)
            _refuse(
                answer,
                f"App Store Connect shows no app {self.app_id} to this API key (HTTP 404): "
                "check the app id, and that the key belongs to the app's team.",
            )
            listing = _object(self.api.json_of(answer))
            for review in _objects(listing.get("data")):
                attributes = _object(review.get("attributes"))
                found = _fingerprint(
                    str(attributes.get("reviewerNickname") or ""),
                    str(attributes.get("title") or ""),
                    str(attributes.get("body") or ""),
                )
                if found == wanted and review.get("id"):
                    return str(review["id"])
            params = _next_params(listing)
            if not params:
                break
        raise ConnectorError(
            f"App Store Connect does not show the review by {wanted[0]} titled {wanted[1]!r} "
            "among the newest of its country; answer it there."
        )

    def _response_text(self, review_id: str) -> str | None:
        """The text of the review's response in App Store Connect; None when it has none."""
        answer = self._ask("GET", f"v1/customerReviews/{review_id}/response")
        if answer.status_code == 404:
            return None
        _refuse(answer, "App Store Connect says the review was deleted (HTTP 404).")
        response = _object(_object(self.api.json_of(answer)).get("data"))
        body = _object(response.get("attributes")).get("responseBody")
        return str(body) if body is not None else None

    def _ask(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
    ) -> requests.Response:
        authorization = {"Authorization": f"Bearer {self._key().token()}"}
        return self.api.request(
            method, path, headers=authorization, params=params, json_body=json_body
        )

    def _key(self) -> ApiKey:
        if self.api_key is None:
            raise ConnectorError(
                "Replying on the App Store needs an App Store Connect API key; reconnect the "
                "source with its issuer ID, key ID and private key.",
                reconnect=True,
            )
        return self.api_key

    def _entries(self, page: int) -> tuple[list[dict[str, Any]], int]:
        """A page's reviews, and the feed's last page as its `rel=last` link says."""
        path = f"{self.country}/rss/customerreviews/page={page}/id={self.app_id}"
        path += "/sortby=mostrecent/json"
        feed = self.platform.get_json(path).get("feed", {})
        entries = feed.get("entry", [])
        if isinstance(entries, dict):  # one review comes as an object, not a list
            entries = [entries]
        # The feed's first entry was once the app itself, which has no rating.
        reviews = [entry for entry in entries if isinstance(entry, dict) and "im:rating" in entry]
        return reviews, _last_page(feed.get("link", []))

    def _record(self, entry: dict[str, Any], number: int) -> RawRecord:
        review_id = str(_review_id(entry))
        author = entry.get("author", {})
        return RawRecord(
            number=number,
            where=f"review {review_id}",
            fields={
                "external_id": review_id,
                "text": _label(entry.get("content")),
                "title": _label(entry.get("title")),
                "created_at": _label(entry.get("updated")),
                "author_handle": _label(author.get("name")),
                "rating": _label(entry.get("im:rating")),
                "url": self.reviews_url,
                "app_version": _label(entry.get("im:version")),
                "country": self.country,
            },
        )


def _label(value: Any) -> str:
    return str(value.get("label", "")) if isinstance(value, dict) else ""


def _last_page(links: Any) -> int:
    for link in links if isinstance(links, list) else []:
        attributes = link.get("attributes", {}) if isinstance(link, dict) else {}
        found = LAST_PAGE_IN_LINK.search(str(attributes.get("href", "")))
        if attributes.get("rel") == "last" and found:
            return min(int(found.group(1)), LAST_PAGE)
    return LAST_PAGE


def _review_id(entry: dict[str, Any]) -> int:
    label = _label(entry.get("id"))
    return int(label) if label.isdigit() else 0


def _api_key(credentials: dict[str, Any]) -> ApiKey | None:
    """The source's API key; None unless all three parts are given (replies are then
    ready to paste). A private key given is checked even then."""
    given = {name: str(credentials.get(name) or "").strip() for name in KEY_FIELDS}
    signing_key = _signing_key(given["private_key"]) if given["private_key"] else None
    if signing_key is None or not given["issuer_id"] or not given["key_id"]:
        return None
    return ApiKey(given["issuer_id"], given["key_id"], signing_key)


def _signing_key(pem: str) -> ec.EllipticCurvePrivateKey:
    """The P-256 key of a .p8 file; its text is never repeated in the sentence."""
    try:
        loaded = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        loaded = None
    if isinstance(loaded, ec.EllipticCurvePrivateKey) and isinstance(loaded.curve, ec.SECP256R1):
        return loaded
    raise ConnectorError(BAD_KEY, reconnect=True, field="private_key")


def _response_request(review_id: str, text: str) -> dict[str, Any]:
    return {
        "data": {
            "type": "customerReviewResponses",
            "attributes": {"responseBody": text},
            "relationships": {"review": {"data": {"type": "customerReviews", "id": review_id}}},
        }
    }


def _refuse(answer: requests.Response, when_missing: str) -> None:
    """Raise the sentence for an App Store Connect answer that is not a success."""
    status = answer.status_code
    if status == 401:
        raise ConnectorError(KEY_REFUSED, reconnect=True)
    if status == 403:
        raise ConnectorError(
            "App Store Connect refused the API key (HTTP 403): it lacks the Customer Support "
            "role; give it that role in App Store Connect, or reconnect the source with a "
            "key that has it.",
            reconnect=True,
        )
    if status == 404:
        raise ConnectorError(when_missing)
    if status == 409:
        raise ConnectorError(
            "App Store Connect says the review has a response already (HTTP 409): see it "
            f"in App Store Connect{_detail(answer)}."
        )
    if 400 <= status < 500 and status != 429:
        raise ConnectorError(
            f"App Store Connect refused the response (HTTP {status}){_detail(answer)}."
        )
    refuse_bad_answer(API_NAME, answer)


def _detail(answer: requests.Response) -> str:
    """' ("…")' with the first error's detail from Apple's ErrorResponse, if it has one."""
    try:
        errors = _objects(_object(answer.json()).get("errors"))
    except ValueError:
        return ""
    detail = str(errors[0].get("detail") or errors[0].get("title") or "") if errors else ""
    return f' ("{detail.rstrip(".")[:300]}")' if detail else ""


def _next_params(listing: dict[str, Any]) -> dict[str, Any]:
    """The query of the listing's next page (its `links.next`), asked of our own address."""
    following = str(_object(listing.get("links")).get("next") or "")
    return dict(parse_qsl(urlsplit(following).query)) if following else {}


def _fingerprint(nickname: str, title: str, text: str) -> tuple[str, str, str]:
    return _plain(nickname), _plain(title), _plain(text)


def _plain(text: str | None) -> str:
    return " ".join((text or "").split())


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _objects(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
