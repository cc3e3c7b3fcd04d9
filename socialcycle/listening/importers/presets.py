"""Ready column mappings for common exports; each lists every column name it accepts.

Exports differ between tools and years, so each field lists the names seen in the wild
(case, spaces and underscores are ignored). A source can always override with its own.
"""

from __future__ import annotations

from socialcycle.listening.importers.mapping import ColumnMapping

GENERIC = ColumnMapping(
    columns={
        "external_id": ("id", "external_id", "post_id", "message_id", "review_id", "uuid"),
        "text": ("text", "body", "content", "message", "comment", "review", "description"),
        "created_at": ("created_at", "date", "timestamp", "time", "created", "posted_at"),
        "title": ("title", "subject", "headline"),
        "author_handle": ("author", "user", "username", "handle", "screen_name", "user_name"),
        "author_name": ("author_name", "name", "display_name", "full_name"),
        "author_email": ("email", "author_email", "requester_email"),
        "author_audience": ("followers", "followers_count", "audience"),
        "url": ("url", "link", "permalink"),
        "rating": ("rating", "stars", "score", "star_rating"),
        "likes": ("likes", "like_count", "favorites", "favorite_count", "upvotes"),
        "shares": ("shares", "retweets", "retweet_count", "share_count"),
        "parent_external_id": ("parent_id", "in_reply_to", "in_reply_to_status_id", "reply_to"),
    }
)

TWEETS = ColumnMapping(
    columns={
        "external_id": ("id_str", "id", "tweet_id"),
        "text": ("full_text", "text"),
        "created_at": ("created_at", "timestamp"),
        "author_handle": (
            "user.screen_name",
            "user_screen_name",
            "screen_name",
            "username",
            "user",
        ),
        "author_name": ("user.name", "user_name", "name"),
        "author_audience": ("user.followers_count", "followers_count", "user_followers"),
        "url": ("url", "permalink"),
        "likes": ("favorite_count", "likes", "like_count"),
        "shares": ("retweet_count", "retweets"),
        "parent_external_id": ("in_reply_to_status_id_str", "in_reply_to_status_id", "in_reply_to"),
    }
)

REDDIT = ColumnMapping(
    columns={
        "external_id": ("data.name", "name", "data.id", "id"),
        "text": ("data.body", "body", "data.selftext", "selftext", "data.title", "title"),
        "created_at": ("data.created_utc", "created_utc", "created"),
        "title": ("data.title", "title"),
        "author_handle": ("data.author", "author"),
        "url": ("data.permalink", "permalink", "data.url", "url"),
        "likes": ("data.score", "score", "ups"),
        "parent_external_id": ("data.parent_id", "parent_id"),
    }
)

APP_STORE_REVIEWS = ColumnMapping(
    columns={
        "external_id": ("review_id", "review id", "id", "review link"),
        "text": ("review text", "review", "body", "content", "text"),
        "created_at": (
            "review submit date and time",
            "review last update date and time",
            "date",
            "last modified",
            "created_at",
        ),
        "title": ("review title", "title"),
        "author_handle": ("reviewer", "nickname", "author", "user name", "username"),
        "rating": ("star rating", "rating", "stars"),
        "url": ("review link", "url"),
    }
)

REVIEW_SITE = ColumnMapping(
    columns={
        "external_id": ("review id", "review_id", "id"),
        "text": ("review content", "review text", "text", "content", "body"),
        "created_at": ("review date", "date", "created_at", "date of experience"),
        "title": ("review title", "title"),
        "author_handle": ("reviewer name", "user", "username", "author", "name"),
        "rating": ("review stars", "stars", "rating", "star rating"),
        "url": ("review url", "url", "link"),
        "likes": ("useful", "helpful", "likes"),
    }
)

SUPPORT_TICKETS = ColumnMapping(
    columns={
        "external_id": ("id", "ticket_id"),
        "text": ("description", "body", "comment.body"),
        "created_at": ("created_at", "created"),
        "title": ("subject", "raw_subject"),
        "author_handle": ("requester.email", "requester_email", "requester_id", "submitter_id"),
        "author_name": ("requester.name", "requester_name"),
        "author_email": ("requester.email", "requester_email"),
        "url": ("url",),
    }
)

EMAIL = ColumnMapping(
    columns={
        "external_id": ("message_id",),
        "text": ("body",),
        "created_at": ("date",),
        "title": ("subject",),
        "author_handle": ("from_address",),
        "author_name": ("from_name",),
        "author_email": ("from_address",),
        "parent_external_id": ("in_reply_to",),
    }
)

PRESETS: dict[str, tuple[str, ColumnMapping]] = {
    "generic": ("Generic (id, text, created_at, …)", GENERIC),
    "tweets": ("Tweets export", TWEETS),
    "reddit": ("Reddit posts and comments", REDDIT),
    "app-store": ("App store reviews (Apple, Google Play)", APP_STORE_REVIEWS),
    "review-site": ("Review site (Trustpilot/Yelp-like)", REVIEW_SITE),
    "support-tickets": ("Support tickets (Zendesk-like)", SUPPORT_TICKETS),
    "email": ("E-mail (.eml, mbox)", EMAIL),
}
# Formats whose records always have the same fields get their mapping by default.
FORMAT_MAPPINGS = {"eml": EMAIL, "mbox": EMAIL}


def preset(name: str) -> ColumnMapping:
    if name not in PRESETS:
        known = ", ".join(PRESETS)
        raise KeyError(f"no mapping named {name!r}; known mappings: {known}")
    return PRESETS[name][1]
