"""The workspace dashboard: every figure of the cycle for one scope, each with its data
as a table that downloads as CSV."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, SENTIMENT_LABELS
from socialcycle.listening.models import Channel, Post
from socialcycle.measuring.dashboard import charts, palette, queries, rollups, wording
from socialcycle.measuring.dashboard.filters import Scope
from socialcycle.measuring.dashboard.trends import topic_trends
from socialcycle.measuring.dashboard.voice import share_of_voice
from socialcycle.measuring.ladder import figures as ladder_figures
from socialcycle.measuring.ladder.stages import STAGES, stage_label
from socialcycle.responding import measures, satisfaction
from socialcycle.understanding.models import PostAnalysis

FUNNEL_MONTHS = 12
TOP_VOICES = 5

Row = list[Any]


@dataclass
class Section:
    """One figure: its chart (if it has one), and its numbers as a table."""

    name: str  # used in the URL of its CSV download
    title: str
    header: list[str]
    rows: list[Row]
    chart: charts.Chart | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def rows_html(self) -> SafeString:
        """The table's body rows, every cell escaped: a template loop over a few thousand
        cells took a third of the dashboard's time."""
        return format_html_join(
            "",
            "<tr>{}</tr>",
            (
                (format_html_join("", "<td>{}</td>", (("" if c is None else c,) for c in row)),)
                for row in self.rows
            ),
        )


def daily_series(scope: Scope, field: str, labels: dict[str, str]) -> queries.DailySeries:
    """Daily counts of analysed posts from the rollups, or from the analyses of one topic
    (through their (workspace, topic, time) index) when filtered by topic; the days are the
    workspace's local days wherever this runs."""
    if rollups.serves(scope):
        return rollups.daily_series(scope, field, labels)
    if rollups.serves_product(scope):
        return rollups.product_series(scope, field, labels)
    counted = _remembered(("per-day", scope), lambda: _topic_breakdown(scope))
    column = BREAKDOWN.index(field) + 1
    rows = [(row[0], row[column], row[-1]) for row in counted]
    return queries.series_from_rows(rows, labels, scope.since, scope.until, scope.workspace.zone())


def _posts_query(scope: Scope) -> str:
    """The scope's channel, product and topic as Posts page parameters (each ending in
    &), so a day's point opens the posts it counted."""
    params = {"channel": scope.channel, "product": scope.product, "topic": scope.topic_id}
    chosen = {name: value for name, value in params.items() if value not in ("", None)}
    return urlencode(chosen) + "&" if chosen else ""


BREAKDOWN = ["channel", "sentiment", "primary_kind"]


def _topic_breakdown(scope: Scope) -> list[tuple[Any, ...]]:
    """One topic's posts per day, channel, sentiment and kind: the three daily figures
    from one read of the topic's index."""
    fields = ["channel", "sentiment", "primary_kind"]
    with timezone.override(scope.workspace.zone()):
        return queries.counts_per_day(scope.analyses(), fields)


# Figures of one page (or one download) may share what they read; nothing outlives it.
_page_memo: ContextVar[dict[Any, Any] | None] = ContextVar("dashboard_page_memo", default=None)


def _remembered(key: Any, compute: Callable[[], Any]) -> Any:
    memo = _page_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _volume(scope: Scope) -> Section:
    series = daily_series(scope, "channel", dict(Channel.choices))
    colours = palette.CHANNEL_COLOURS_BY_LABEL
    return _daily_section("volume", "Posts per day by channel", series, colours)


def _kinds(scope: Scope) -> Section:
    series = daily_series(scope, "primary_kind", FEEDBACK_KIND_LABELS)
    colours = palette.KIND_COLOURS_BY_LABEL
    return _daily_section("kinds", "Feedback kinds per day", series, colours)


def _daily_section(
    name: str,
    title: str,
    series: queries.DailySeries,
    colours: dict[str, str],
) -> Section:
    labels = list(series.counts)
    rows = [
        [day.isoformat(), *[series.counts[label][i] for label in labels]]
        for i, day in enumerate(series.days)
    ]
    chart = charts.stacked_bars(f"chart-{name}", series, title, colours)
    return Section(name, title, ["day", *labels], rows, chart)


def _sentiment(scope: Scope) -> Section:
    series = daily_series(scope, "sentiment", SENTIMENT_LABELS)
    positive = series.counts.get(SENTIMENT_LABELS["positive"], [0] * len(series.days))
    negative = series.counts.get(SENTIMENT_LABELS["negative"], [0] * len(series.days))
    totals = [sum(values[i] for values in series.counts.values()) for i in range(len(series.days))]
    net = [
        round((p - n) / total, 3) if total else None
        for p, n, total in zip(positive, negative, totals, strict=True)
    ]
    rows = [
        [day.isoformat(), totals[i], positive[i], negative[i], net[i]]
        for i, day in enumerate(series.days)
    ]
    title = "Net sentiment per day (positive share minus negative share)"
    posts_url = reverse("understanding:posts", args=[scope.workspace.slug])
    chart = charts.net_sentiment("chart-sentiment", series.days, net, totals, title)
    return Section(
        "sentiment",
        title,
        ["day", "posts", "positive", "negative", "net sentiment"],
        rows,
        chart,
        note="Click a point to read that day's posts.",
        extra={"click_url": f"{posts_url}?{_posts_query(scope)}day={{day}}"},
    )


def _topics(scope: Scope) -> Section:
    trends = topic_trends(scope)
    rows = [
        [t.label, t.previous, t.current, t.change, round(t.p_value, 4), t.direction] for t in trends
    ]
    moving = [t for t in trends if t.direction != "steady"]
    chart = (
        charts.topic_changes("chart-topics", moving, "Topics rising and falling")
        if moving
        else None
    )
    return Section(
        "topics",
        f"Topics rising and falling (last {scope.days} days against the {scope.days} before)",
        ["topic", "before", "now", "change", "p-value", "direction"],
        rows,
        chart,
        note="Rising or falling: an exact binomial test against each period's total volume, "
        "p < 0.05 and at least 3 posts of change.",
    )


def _voice(scope: Scope) -> Section:
    voices = share_of_voice(scope)
    rows = [
        [v.name, v.kind, v.mentions, round(100 * v.share, 1), round(v.net_sentiment, 3)]
        for v in voices
    ]
    chart = charts.share_of_voice("chart-voice", voices, "Share of voice") if voices else None
    return Section(
        "voice",
        "Share of voice: brands, products and competitors",
        ["name", "kind", "mentions", "share %", "net sentiment"],
        rows,
        chart,
        note="Every tracked name is compared, so the product filter does not narrow this "
        "figure; the period, channel and topic do."
        if scope.product
        else "",
    )


def _responsiveness(scope: Scope) -> Section:
    times = measures.first_response_times(
        scope.workspace, scope.since, scope.until, scope.replies()
    )
    breaches = measures.sla_breaches(scope.workspace)
    rows = [
        [by, row.group, row.answered, row.median_hours, row.p90_hours]
        for by in ("channel", "team")
        for row in times[by]
    ]
    working = [
        f"{row.group} ({row.counted})" for row in times["team"] if row.counted != "calendar hours"
    ]
    return Section(
        "responsiveness",
        "Response time (first reply) and SLA breaches",
        ["by", "group", "answered posts", "median hours", "p90 hours"],
        rows,
        note=f"Insights past their SLA now: {breaches['open_overdue']}; "
        f"closed after their SLA: {breaches['closed_late']}."
        + (f" Teams counting working hours only: {'; '.join(working)}." if working else ""),
        extra={"breaches": breaches},
    )


def _loop(scope: Scope) -> Section:
    closure = measures.loop_closure(scope.workspace)
    happy = satisfaction.summary(scope.workspace)
    rows = [
        [
            closure.insights,
            closure.closed,
            closure.closed_and_told,
            _percent(closure),
            happy.answers,
            happy.average,
        ]
    ]
    chart = (
        charts.satisfaction_answers(
            "chart-satisfaction", happy.by_score, "How happy people were with what came of it"
        )
        if happy.answers
        else None
    )
    return Section(
        "loop",
        "Loop closure and satisfaction",
        [
            "insights",
            "done or declined",
            "…and every contributor told",
            "loop closure %",
            "satisfaction answers",
            "satisfaction average of 5",
        ],
        rows,
        chart,
        note="An insight closes the loop when it is done or declined and every contributor "
        "was told; then they are asked how happy they are with what came of it (1 to 5).",
        extra={"closure": closure, "sentence": wording.loop_sentence(closure), "happy": happy},
    )


def _percent(closure: measures.LoopClosure) -> float:
    return round(100 * closure.share, 1)


def _ladder(scope: Scope) -> Section:
    figures = ladder_figures.figures(scope.workspace, FUNNEL_MONTHS)
    months = figures.months
    rows = [
        [month.month.isoformat(), *[month.at_stage.get(stage, 0) for stage in STAGES]]
        for month in months
    ]
    chart = (
        charts.ladder_funnel("chart-ladder", months, "Engagement ladder: people at each stage")
        if months
        else None
    )
    return Section(
        "ladder",
        "Engagement ladder",
        ["month", *[stage_label(stage) for stage in STAGES]],
        rows,
        chart,
        extra={
            "advocates": figures.advocates[:TOP_VOICES],
            "detractors": figures.detractors[:TOP_VOICES],
        },
    )


SECTIONS: dict[str, Callable[[Scope], Section]] = {
    "volume": _volume,
    "sentiment": _sentiment,
    "kinds": _kinds,
    "topics": _topics,
    "voice": _voice,
    "responsiveness": _responsiveness,
    "loop": _loop,
    "ladder": _ladder,
}


def build(scope: Scope) -> list[Section]:
    token = _page_memo.set({})
    try:
        sections = [make(scope) for make in SECTIONS.values()]
    finally:
        _page_memo.reset(token)
    for made in sections:
        if made.chart is not None:  # the section's heading names it already
            made.chart.figure["layout"].pop("title", None)
            made.chart.figure["layout"]["margin"]["t"] = 30  # room for plotly's tool bar
    return sections


def section(scope: Scope, name: str) -> Section | None:
    make = SECTIONS.get(name)
    if make is None:
        return None
    return make(scope)


def overview(scope: Scope) -> queries.Overview:
    """The counts above the figures, for the scope: posts heard, analysed, and the people
    who posted in it; `since` and `until` are its first and last day in the workspace's
    time zone.

    Analysed posts come from the rollups; posts still waiting for their first analysis are
    added through their own index. A post waiting to be analysed *again* (a retrained
    model, a re-import) still has its analysis in the rollups and is counted there only,
    so re-analysing never moves the figures. Filtered by topic or product, only analysed
    posts can match.
    """
    first, last = rollups.local_days(scope)
    people = active_people(scope)
    if not rollups.serves(scope):
        analysed = (
            rollups.product_total(scope)
            if rollups.serves_product(scope)
            else scope.analyses().count()
        )
        return queries.Overview(analysed, analysed, people, first, last)
    analysed = rollups.total(scope)
    waiting = Post.objects.filter(
        workspace=scope.workspace,
        analysed_at__isnull=True,
        is_spam=False,
        created_at__gte=scope.since,
        created_at__lt=scope.until,
    ).filter(~Exists(PostAnalysis.objects.filter(post_id=OuterRef("pk"))))
    if scope.channel:
        waiting = waiting.filter(channel=scope.channel)
    return queries.Overview(analysed + waiting.count(), analysed, people, first, last)


def active_people(scope: Scope) -> int:
    """People who posted within the scope (its period, channel, topic and product): each
    person once, however many handles they used, since merging moves posts to the one who
    carries on and erasing takes the author off a post."""
    if scope.topic_id is not None or scope.product:
        # The topic's or product's analyses of the period first (their own index), then
        # their posts by key: joining from the posts read the whole period.
        posts = Post.objects.filter(pk__in=scope.analyses().values("post_id"))
    else:
        posts = scope.posts()  # through the (workspace, created_at, author) index
    authors = posts.filter(author__isnull=False).values("author_id")
    return authors.distinct().order_by().count()
