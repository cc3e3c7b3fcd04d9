"""The one read-side for posts: which posts of a workspace a page, rule or export means.

`PostFilter` holds every way to narrow posts (period, channel, source, sentiment, kind,
topic, product, language, author, has-reply, urgency, influence, words); it is parsed
from a page's GET parameters by `parse_post_filter` (errors name the field) and applied
by `filter_posts` (posts) or `filter_analyses` (analyses, which carry copies of the
workspace, time and channel and so count without joining posts). The Posts page,
routing rules, the inbox, the dashboard and the exports all narrow posts through here,
so "posts naming product X" means one thing everywhere: a `PostMention` row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, SENTIMENT_LABELS
from socialcycle.lib import localtime
from socialcycle.listening.models import Channel, Participant, Post
from socialcycle.understanding import search
from socialcycle.understanding.models import PostAnalysis, PostKind, PostMention, Topic

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
MAX_TEXT = search.MAX_QUERY_LENGTH
# The GET parameters `parse_post_filter` reads: what a page or the API passes on to it.
FILTER_PARAMETERS = (
    "since",
    "until",
    "day",
    "channel",
    "source",
    "sentiment",
    "kind",
    "topic",
    "product",
    "language",
    "author",
    "person",
    "has_reply",
    "q",
    "spam",
)
# What to do with posts judged spam (listening/spam.py): left out unless asked for.
SPAM_HIDE, SPAM_INCLUDE, SPAM_ONLY = "hide", "include", "only"
SPAM_CHOICES = (SPAM_HIDE, SPAM_INCLUDE, SPAM_ONLY)


@dataclass(frozen=True)
class PostFilter:
    """Every way to narrow a workspace's posts; an empty field narrows nothing.

    Within a field any value may match (channel social or email); fields combine with
    AND. The period is half-open, [start, end)."""

    start: datetime | None = None
    end: datetime | None = None
    channels: tuple[str, ...] = ()
    source_ids: tuple[int, ...] = ()
    sentiments: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # any of the post's kinds (multi-label), not only the first
    topic_ids: tuple[int, ...] = ()
    products: tuple[str, ...] = ()  # tracked product names, through PostMention
    languages: tuple[str, ...] = ()
    author: str = ""  # a handle, with or without its @, any case
    person_ids: tuple[int, ...] = ()  # participants (and the people merged into them)
    has_reply: bool | None = None
    min_urgency: float | None = None
    min_influence: float | None = None
    text: str = ""  # words to find (understanding/search.py)
    spam: str = SPAM_HIDE  # hide, include or only (SPAM_CHOICES)


@dataclass(frozen=True)
class FilterError:
    """One unusable parameter: which, what it said, and why."""

    field: str
    value: str
    problem: str

    def __str__(self) -> str:
        return f"{self.field}: “{self.value}” {self.problem}"


@dataclass(frozen=True)
class ParsedFilter:
    filter: PostFilter
    errors: list[FilterError] = field(default_factory=list)
    # The filter parameters that were given a value, with their values as written.
    given: dict[str, list[str]] = field(default_factory=dict)


def workspace_zone(workspace: Workspace) -> tzinfo:
    """The workspace's time zone where it has one, else the site's."""
    name = getattr(workspace, "time_zone", "") or ""  # set up per workspace where supported
    try:
        return ZoneInfo(name) if name else timezone.get_current_timezone()
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def period(workspace: Workspace, first: date | None, last: date | None) -> dict[str, Any]:
    """`start`/`end` of the days first..last (inclusive) in the workspace's time zone."""
    zone = workspace_zone(workspace)
    return {
        "start": localtime.start_of_day(first, zone) if first else None,
        "end": localtime.start_of_day(last + timedelta(days=1), zone) if last else None,
    }


def parse_post_filter(workspace: Workspace, params: Mapping[str, Any]) -> ParsedFilter:
    """A filter from GET parameters (a QueryDict or a dict of strings or lists).

    Parameters: since, until (YYYY-MM-DD, days in the workspace's time zone; `day` for
    one day), channel, source (id), sentiment, kind, topic (id), product (name), language,
    author, person (id), has_reply (yes/no), q (words), spam (hide, the default; include;
    only). Several values of one parameter
    may be given. Anything unreadable or unknown is an error naming the parameter."""
    parser = _Parser(workspace, params)
    return parser.parse()


class _Parser:
    def __init__(self, workspace: Workspace, params: Mapping[str, Any]) -> None:
        self.workspace = workspace
        self.params = params
        self.errors: list[FilterError] = []
        self.given: dict[str, list[str]] = {}

    def values(self, name: str) -> list[str]:
        getlist = getattr(self.params, "getlist", None)
        raw = getlist(name) if getlist else self.params.get(name, [])
        if isinstance(raw, str):
            raw = [raw]
        found = [str(value).strip() for value in raw if str(value).strip()]
        if found:
            self.given[name] = found
        return found

    def one(self, name: str) -> str:
        found = self.values(name)
        if len(found) > 1:
            self.error(name, ", ".join(found), "is more than one value")
        return found[0] if found else ""

    def error(self, name: str, value: str, problem: str) -> None:
        self.errors.append(FilterError(name, value[:80], problem))

    def day(self, name: str) -> date | None:
        text = self.one(name)
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.error(name, text, "is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01")
            return None

    def choices(self, name: str, allowed: Sequence[str], what: str) -> tuple[str, ...]:
        found = []
        for value in self.values(name):
            if value in allowed:
                found.append(value)
            else:
                self.error(name, value, f"is not a {what}; choose one of {', '.join(allowed)}")
        return tuple(found)

    def ids(self, name: str, known: QuerySet[Any], what: str) -> tuple[int, ...]:
        found = []
        for value in self.values(name):
            # isdigit() alone takes "²", which int() refuses (found by the API schema test).
            if value.isascii() and value.isdigit() and known.filter(pk=int(value)).exists():
                found.append(int(value))
            else:
                self.error(name, value, f"is not a {what} of this workspace")
        return tuple(found)

    def parse(self) -> ParsedFilter:
        since = self.day("since")
        until = self.day("until")
        day = self.day("day")
        if day is not None:
            since = until = day
        if since and until and since > until:
            self.error("until", until.isoformat(), "is before the start date")
        products = TrackedName.objects.filter(
            workspace=self.workspace, kind=TrackedName.Kind.PRODUCT
        )
        names = {name.lower(): name for name in products.values_list("name", flat=True)}
        chosen_products = []
        for value in self.values("product"):
            if value.lower() in names:
                chosen_products.append(names[value.lower()])
            else:
                known = ", ".join(sorted(names.values())) or "none are tracked yet"
                self.error("product", value, f"is not a tracked product ({known})")
        languages = []
        for value in self.values("language"):
            if _LANGUAGE.match(value.lower()):
                languages.append(value.lower())
            else:
                self.error("language", value, "is not a language code such as en or pt-br")
        has_reply = None
        answer = self.one("has_reply").lower()
        if answer in {"yes", "true", "1"}:
            has_reply = True
        elif answer in {"no", "false", "0"}:
            has_reply = False
        elif answer:
            self.error("has_reply", answer, "is not yes or no")
        author = self.one("author").lstrip("@")
        if len(author) > 200:
            self.error("author", author, "is longer than a handle can be (200 characters)")
        spam = self.one("spam").lower() or SPAM_HIDE
        if spam not in SPAM_CHOICES:
            self.error("spam", spam, f"is not one of {', '.join(SPAM_CHOICES)}")
            spam = SPAM_HIDE
        text = self.one("q")
        if len(text) > MAX_TEXT:
            self.error("q", text, f"is longer than {MAX_TEXT} characters")
        workspace = self.workspace
        post_filter = PostFilter(
            **period(workspace, since, until),
            channels=self.choices("channel", Channel.values, "channel"),
            source_ids=self.ids("source", workspace.sources.all(), "source"),
            sentiments=self.choices("sentiment", list(SENTIMENT_LABELS), "sentiment"),
            kinds=self.choices("kind", list(FEEDBACK_KIND_LABELS), "kind of feedback"),
            topic_ids=self.ids("topic", Topic.objects.filter(workspace=workspace), "topic"),
            products=tuple(chosen_products),
            languages=tuple(languages),
            author=author[:200],
            person_ids=self.ids("person", workspace.participants.all(), "person"),
            has_reply=has_reply,
            text=text[:MAX_TEXT],
            spam=spam,
        )
        return ParsedFilter(post_filter, self.errors, self.given)


def filter_choices(workspace: Workspace) -> dict[str, Any]:
    """What a filter form offers to choose from (the Posts page and the exports page)."""
    return {
        "channels": Channel.choices,
        "sources": workspace.sources.order_by("name").values_list("pk", "name"),
        "sentiments": list(SENTIMENT_LABELS.items()),
        "kinds": list(FEEDBACK_KIND_LABELS.items()),
        "topics": Topic.objects.filter(workspace=workspace, merged_into__isnull=True)
        .order_by("label")
        .values_list("pk", "label"),
        "products": TrackedName.objects.filter(workspace=workspace, kind=TrackedName.Kind.PRODUCT)
        .order_by("name")
        .values_list("name", flat=True),
    }


def filter_posts(workspace: Workspace, post_filter: PostFilter) -> QuerySet[Post]:
    """The workspace's posts that satisfy every condition of the filter (each post once)."""
    posts = Post.objects.filter(workspace=workspace)
    if post_filter.start is not None:
        posts = posts.filter(created_at__gte=post_filter.start)
    if post_filter.end is not None:
        posts = posts.filter(created_at__lt=post_filter.end)
    if post_filter.channels:
        posts = posts.filter(_one_of("channel", post_filter.channels))
    posts = _spam(posts, post_filter.spam)
    return posts.filter(_conditions(workspace, post_filter, post="", analysis="analysis__"))


def filter_analyses(workspace: Workspace, post_filter: PostFilter) -> QuerySet[PostAnalysis]:
    """The analyses of the posts `filter_posts` finds: for counting by sentiment, kind,
    topic without joining posts (time and channel are copied onto the analysis)."""
    rows = PostAnalysis.objects.filter(workspace=workspace)
    if post_filter.start is not None:
        rows = rows.filter(created_at__gte=post_filter.start)
    if post_filter.end is not None:
        rows = rows.filter(created_at__lt=post_filter.end)
    if post_filter.channels:
        rows = rows.filter(_one_of("channel", post_filter.channels))
    # The analysis's own copy of the verdict: no join with posts.
    rows = _spam(rows, post_filter.spam)
    return rows.filter(_conditions(workspace, post_filter, post="post__", analysis=""))


def find_post_ids(workspace: Workspace, post_filter: PostFilter) -> Any:
    """The filter's post ids for a page (a Paginator pages either answer): best match
    first when it has words (`search.Matches`), else newest first."""
    without_words = filter_posts(workspace, replace(post_filter, text=""))
    if post_filter.text:
        return search.Matches(workspace.pk, post_filter.text, without_words)
    return without_words.order_by("-created_at", "-id").values_list("id", flat=True)


def _spam(rows: QuerySet[Any], spam: str) -> QuerySet[Any]:
    if spam == SPAM_HIDE:
        return rows.filter(is_spam=False)
    if spam == SPAM_ONLY:
        return rows.filter(is_spam=True)
    return rows


def _conditions(workspace: Workspace, f: PostFilter, *, post: str, analysis: str) -> Q:
    """Every condition but time and channel, written from the posts' side (post="",
    analysis="analysis__") or the analyses' side (post="post__", analysis="")."""
    analysis_id = OuterRef(f"{analysis}pk" if analysis == "" else f"{analysis}id")
    post_id = OuterRef(f"{post}pk" if post == "" else f"{post}id")
    where = Q()
    if f.source_ids:
        where &= _one_of(f"{post}source_id", f.source_ids)
    if f.languages:
        where &= _one_of(f"{post}language", f.languages)
    if f.author:
        where &= Q(**{f"{post}author_handle__iexact": f.author})
    if f.person_ids:
        people = Participant.objects.filter(
            Q(pk__in=f.person_ids) | Q(merged_into__in=f.person_ids), workspace=workspace
        )
        where &= Q(**{f"{post}author__in": people})
    if f.min_influence is not None:
        where &= Q(**{f"{post}author__influence__gte": f.min_influence})
    if f.sentiments:
        where &= _one_of(f"{analysis}sentiment", f.sentiments)
    if f.topic_ids:
        where &= _one_of(f"{analysis}topic_id", f.topic_ids)
    if f.min_urgency is not None:
        where &= Q(**{f"{analysis}urgency__gte": f.min_urgency})
    if f.kinds:
        where &= Q(Exists(PostKind.objects.filter(analysis_id=analysis_id, kind__in=f.kinds)))
    if f.products:
        where &= _naming(workspace, f, analysis)
    if f.has_reply is not None:
        replied = Exists(_replies().filter(post_id=post_id))
        where &= Q(replied) if f.has_reply else ~Q(replied)
    if f.text:
        found = search.matching_ids(f.text)
        where &= Q(**{f"{post}id__in": found}) if found is not None else Q(pk__in=[])
    return where


def _one_of(lookup: str, values: Sequence[Any]) -> Q:
    """`lookup` is one of `values`; one value is written as equality, as the indexes
    were measured with (docs/performance.md)."""
    if len(values) == 1:
        return Q(**{lookup: values[0]})
    return Q(**{f"{lookup}__in": values})


def _naming(workspace: Workspace, f: PostFilter, analysis: str) -> Q:
    """Posts naming one of the products, through the mention rows (copies of workspace
    and time, indexed by name and time). One product is joined, so the database may
    start from whichever side is smaller (a topic's few posts, or the product's); a
    post names a product once, so no post is repeated. Several are asked of each post."""
    if len(f.products) == 1:
        where = Q(
            **{
                f"{analysis}mentions__workspace": workspace,
                f"{analysis}mentions__kind": TrackedName.Kind.PRODUCT,
                f"{analysis}mentions__name": f.products[0],
            }
        )
        # The mention's own copy of the time lets its index bound the period too.
        if f.start is not None:
            where &= Q(**{f"{analysis}mentions__created_at__gte": f.start})
        if f.end is not None:
            where &= Q(**{f"{analysis}mentions__created_at__lt": f.end})
        return where
    analysis_id = OuterRef("pk" if analysis == "" else f"{analysis}id")
    named = PostMention.objects.filter(
        analysis_id=analysis_id, kind=TrackedName.Kind.PRODUCT, name__in=f.products
    )
    return Q(Exists(named))


def _replies() -> QuerySet[Any]:
    # Replies belong to responding, to the right of this app: reached through the
    # reverse relation it declares on Post ("staff_replies"), never by importing it.
    model = Post._meta.get_field("staff_replies").related_model
    return model._default_manager.all()
