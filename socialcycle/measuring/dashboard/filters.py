"""What a dashboard looks at: a date range and, optionally, one channel, product or topic;
the form that chooses it, and the home page's default window (shared with the API)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.lib import localtime
from socialcycle.listening.models import Channel, Post
from socialcycle.understanding.models import PostAnalysis, PostMention, Topic
from socialcycle.understanding.queries import PostFilter, filter_analyses, filter_posts

DEFAULT_DAYS = 90
MAX_DAYS = 731
HOME_WINDOW_DAYS = 90  # the home page's and the summary API's period


@dataclass(frozen=True)
class Scope:
    """One workspace, a half-open time range [since, until), and optional narrowing."""

    workspace: Workspace
    since: datetime
    until: datetime
    channel: str = ""
    product: str = ""
    topic_id: int | None = None

    def previous(self) -> Scope:
        """The same filters over the equally long period just before, as many local days
        long: the week before a week whose clocks went back is still seven days."""
        since, until = self._local_ends()
        return replace(self, since=since - (until - since), until=self.since)

    def post_filter(self) -> PostFilter:
        """The scope in the one post filter (understanding/queries.py) that routing, the
        inbox, the Posts page and the exports use, so they all count the same posts."""
        return PostFilter(
            start=self.since,
            end=self.until,
            channels=(self.channel,) if self.channel else (),
            products=(self.product,) if self.product else (),
            topic_ids=(self.topic_id,) if self.topic_id is not None else (),
        )

    def analyses(self) -> QuerySet[PostAnalysis]:
        return filter_analyses(self.workspace, self.post_filter())

    def posts(self) -> QuerySet[Post]:
        return filter_posts(self.workspace, self.post_filter())

    def replies(self) -> Q | None:
        """The channel, topic and product filters as a condition on replies (which keep
        their post's channel); None: no filter. Measured at 1M posts (docs/performance.md):
        the topic's few analyses of the period are found once through their index; a
        product, named in many posts, is looked up for each of the fewer replies."""
        condition = Q()
        if self.channel:
            condition &= Q(post_channel=self.channel)
        if self.topic_id is not None:
            of_topic = PostAnalysis.objects.filter(
                workspace=self.workspace,
                topic_id=self.topic_id,
                created_at__gte=self.since,
                created_at__lt=self.until,
            )
            condition &= Q(post_id__in=of_topic.values("post_id"))
        if self.product:
            named = PostMention.objects.filter(
                analysis__post_id=OuterRef("post_id"), kind="product", name=self.product
            )
            condition &= Q(Exists(named))
        return condition or None

    @property
    def days(self) -> int:
        since, until = self._local_ends()
        return (until - since).days

    def _local_ends(self) -> tuple[datetime, datetime]:
        """`since` and `until` on the workspace's clock. Python subtracts two times of one
        zone, or a length from one, on the wall clock, so a day is a local day even when
        it has 23 or 25 hours."""
        zone = self.workspace.zone()
        return self.since.astimezone(zone), self.until.astimezone(zone)


class DashboardForm(forms.Form):
    since = forms.DateField(required=False, label="From")
    until = forms.DateField(required=False, label="To")
    channel = forms.ChoiceField(required=False, choices=[("", "All channels"), *Channel.choices])
    product = forms.ChoiceField(required=False, choices=[("", "All products")])
    topic = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=[])

    def __init__(self, *args: object, workspace: Workspace, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.workspace = workspace
        products = TrackedName.objects.filter(
            workspace=workspace, kind=TrackedName.Kind.PRODUCT
        ).order_by("name")
        self.fields["product"].choices = [("", "All products")] + [  # type: ignore[attr-defined]
            (product.name, product.name) for product in products
        ]
        topics = Topic.objects.filter(workspace=workspace, merged_into__isnull=True)
        topics = topics.order_by("label")
        self.fields["topic"].choices = [("", "All topics")] + [  # type: ignore[attr-defined]
            (topic.pk, topic.label) for topic in topics
        ]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if isinstance(since, date) and isinstance(until, date):
            if since > until:
                self.add_error("until", "The end date is before the start date.")
            elif (until - since).days > MAX_DAYS:
                self.add_error("until", f"Choose at most {MAX_DAYS} days.")
        return cleaned

    def scope(self, now: datetime) -> Scope:
        """The scope the form asks for; the last DEFAULT_DAYS days where it says nothing.
        Days are the workspace's, from its midnight to its midnight."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        zone = self.workspace.zone()
        last = data.get("until") or timezone.localdate(now, zone)
        first = data.get("since") or last - timedelta(days=DEFAULT_DAYS - 1)
        return Scope(
            self.workspace,
            *localtime.days_bounds(first, last, zone),
            channel=data.get("channel") or "",
            product=data.get("product") or "",
            topic_id=data.get("topic"),
        )


def home_window(now: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The last HOME_WINDOW_DAYS whole days of `zone` (the workspace's) up to and including
    today there. Both ends are midnights on its clock, so the window is as many local days
    long across a clock change (aware times of one zone subtract on the wall clock)."""
    tomorrow = timezone.localdate(now, zone) + timedelta(days=1)
    until = localtime.start_of_day(tomorrow, zone)
    return until - timedelta(days=HOME_WINDOW_DAYS), until
