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
P-256 PEM is refused when the source is connected. A reply reads the review again from
the feed, then answers it through App Store Connect (app_store_connect.py). The API
gives no public address of a response: the reply's link is the app's reviews page.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from socialcycle.listening.connectors.app_store_connect import (
    API_BASE_URL,
    API_NAME,
    AppStoreConnect,
    Review,
    api_key,
)
from socialcycle.listening.connectors.base import (
    ConnectorError,
    Page,
    Platform,
    ReplyTarget,
    allow_private,
)
from socialcycle.listening.importers.base import RawRecord
from socialcycle.listening.models import Channel

BASE_URL = "https://itunes.apple.com"
LAST_PAGE = 10  # Apple serves at most ten pages of 50
LAST_PAGE_IN_LINK = re.compile(r"/page=(\d+)/")


class AppleAppStore:
    kind: ClassVar[str] = "apple_app_store"
    channel: ClassVar[str] = Channel.APP_STORE
    label: ClassVar[str] = "Apple App Store reviews"
    reply_place: ClassVar[str] = (
        "on the App Store, as the developer response to the review (it replaces an earlier "
        "response)"
    )

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
        key = api_key(credentials)
        self.connect = (
            AppStoreConnect(
                Platform(API_NAME, str(api_base or API_BASE_URL)),
                key,
                app_id=self.app_id,
                country=self.country,
            )
            if key
            else None
        )
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
        return self.connect is not None

    def publish_reply(self, target: ReplyTarget, text: str, key: str) -> str:
        """Answer the review `target` in App Store Connect; returns the app's reviews page.
        `key` is not sent (Apple takes none): the review's response is read first, and the
        same text already there is not posted again."""
        if self.connect is None:
            raise ConnectorError(
                "Replying on the App Store needs an App Store Connect API key; reconnect the "
                "source with its issuer ID, key ID and private key.",
                reconnect=True,
            )
        entry = self._feed_review(target.external_id)
        author = entry.get("author")
        nickname = _label(author.get("name")) if isinstance(author, dict) else ""
        review = Review(nickname, _label(entry.get("title")), _label(entry.get("content")))
        self.connect.reply(review, text)
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
