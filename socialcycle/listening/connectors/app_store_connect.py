"""Replies to App Store reviews through the App Store Connect API (apple_app_store.py
reads the reviews; this module answers them).

Each request carries a new ES256 token (header `kid`; claims `iss`, `iat`, `exp` 15 minutes
on, `aud` "appstoreconnect-v1": Apple refuses tokens that live more than 20 minutes).

The feed's review ids (numbers) are not App Store Connect's `customerReviews` ids (opaque
strings such as "00000028-b08c-0014-729e-fbd500000000"), and Apple documents no way from
one to the other. So a reply lists the app's reviews in the country's territory, newest
first, 200 a page, at most three pages (the feed never shows more than a country's newest
500), and answers the one with the same nickname, title and text as the feed's review.

Apple allows one response per review; of `POST /v1/customerReviewResponses` it says "If a
response already exists, this endpoint updates the response by overwriting it". It takes
no idempotency key, so the review's response is read first: the same text there means an
earlier try got through and nothing is posted again; another text is replaced, as Apple
documents, since the person who replied here chose this answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jwt
import requests
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from socialcycle.listening.connectors.app_store_territories import TERRITORIES
from socialcycle.listening.connectors.base import ConnectorError, Platform, refuse_bad_answer

API_BASE_URL = "https://api.appstoreconnect.apple.com"
API_NAME = "App Store Connect"
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
REVIEW_DELETED = "App Store Connect says the review was deleted (HTTP 404)."


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


@dataclass(frozen=True)
class Review:
    """A review as the public feed shows it: what finds it again in App Store Connect."""

    nickname: str
    title: str
    text: str


class AppStoreConnect:
    """One app's reviews in one country, answered with one API key."""

    def __init__(self, api: Platform, api_key: ApiKey, *, app_id: str, country: str) -> None:
        self.api = api
        self.api_key = api_key
        self.app_id = app_id
        self.country = country

    def reply(self, review: Review, text: str) -> None:
        """Answer `review` with `text`, unless that text is its response already."""
        review_id = self._connect_review_id(review)
        if _plain(self._response_text(review_id)) != _plain(text):
            answer = self._ask("POST", RESPONSES_PATH, json_body=_response_request(review_id, text))
            _refuse(answer, REVIEW_DELETED)

    def _connect_review_id(self, review: Review) -> str:
        """App Store Connect's id of the feed's review: the one of the same nickname,
        title and text among the territory's newest reviews."""
        wanted = _fingerprint(review.nickname, review.title, review.text)
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
            for listed in _objects(listing.get("data")):
                attributes = _object(listed.get("attributes"))
                found = _fingerprint(
                    str(attributes.get("reviewerNickname") or ""),
                    str(attributes.get("title") or ""),
                    str(attributes.get("body") or ""),
                )
                if found == wanted and listed.get("id"):
                    return str(listed["id"])
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
        _refuse(answer, REVIEW_DELETED)
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
        authorization = {"Authorization": f"Bearer {self.api_key.token()}"}
        return self.api.request(
            method, path, headers=authorization, params=params, json_body=json_body
        )


def api_key(credentials: dict[str, Any]) -> ApiKey | None:
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
