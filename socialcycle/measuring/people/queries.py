"""The People directory and a person's posts: everyone the workspace heard, searchable by
handle, name or e-mail, filtered by channel and ladder stage, sorted by when they were
last seen, how much they posted or their influence.

It lives in measuring because it shows ladder stages, which `measuring.ladder` defines
(a person's stage is the highest they reached), and each person's posts with their
analysis (understanding); listening, where people are stored, may import neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery

from socialcycle.accounts.models import Workspace
from socialcycle.listening.models import Channel, EngagementEvent, Identity, Participant, Post
from socialcycle.measuring.ladder.stages import RANK, STAGES, highest_stages, stage_label

PEOPLE_PER_PAGE = 50
POSTS_PER_PAGE = 25
NOT_ON_LADDER = "none"

# Each order names the annotation it needs (computed for everyone only when sorting by it)
# and how to order by it.
SORTS: dict[str, tuple[str, list[Any]]] = {
    "last_seen": ("Last seen", [F("last_seen").desc(nulls_last=True), "-pk"]),
    "posts": ("Most posts", [F("posts_count").desc(nulls_last=True), "-pk"]),
    "influence": ("Most influence", ["-influence", "-pk"]),
    "name": ("Name", ["display_name", "pk"]),
}


class DirectoryForm(forms.Form):
    """The directory's search, filters and order, read from the query string (shareable)."""

    q = forms.CharField(required=False, max_length=200, label="Handle, name or e-mail")
    channel = forms.ChoiceField(required=False, choices=[("", "All channels"), *Channel.choices])
    stage = forms.ChoiceField(
        required=False,
        label="Ladder stage",
        choices=[
            ("", "Any stage"),
            *[(stage, stage_label(stage)) for stage in STAGES],
            (NOT_ON_LADDER, "Not on the ladder yet"),
        ],
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, label) for key, (label, _) in SORTS.items()]
    )

    def search(self) -> DirectorySearch:
        """What the form asks for; an invalid field is reported by the form and ignored."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return DirectorySearch(
            text=(data.get("q") or "").strip(),
            channel=data.get("channel") or "",
            stage=data.get("stage") or "",
            sort=data.get("sort") or "last_seen",
        )


@dataclass(frozen=True)
class DirectorySearch:
    text: str = ""
    channel: str = ""
    stage: str = ""
    sort: str = "last_seen"


def directory(workspace: Workspace, search: DirectorySearch) -> QuerySet[Participant]:
    """The workspace's people (those merged into someone else are found as that someone)
    matching `search`, in its order. Sorting by last seen or posts reads each person's
    latest post or post count from the (author, created_at) index, one seek a person,
    rather than grouping every post."""
    people = Participant.objects.filter(workspace=workspace, merged_into__isnull=True)
    if search.text:
        people = people.filter(_matching(workspace, search.text))
    if search.channel:
        on_channel = Identity.objects.filter(participant=OuterRef("pk"), channel=search.channel)
        people = people.filter(Exists(on_channel))
    if search.stage:
        people = people.filter(_at_stage(workspace, search.stage))
    sort = search.sort if search.sort in SORTS else "last_seen"
    theirs = Post.objects.filter(author=OuterRef("pk"))
    if sort == "last_seen":
        latest = theirs.order_by("-created_at").values("created_at")[:1]
        people = people.annotate(last_seen=Subquery(latest))
    elif sort == "posts":
        counted = theirs.order_by().values("author").annotate(n=Count("pk")).values("n")
        people = people.annotate(posts_count=Subquery(counted))
    return people.order_by(*SORTS[sort][1])


def _matching(workspace: Workspace, text: str) -> Q:
    """Case-insensitive: the name or e-mail, a handle on any channel (with or without its
    "@"), or the name of someone merged into the person. Handles and merged names are
    each looked up once for the workspace, not once a person."""
    handle = text.removeprefix("@") or text
    handles = Identity.objects.filter(workspace=workspace, handle__icontains=handle)
    merged = Participant.objects.filter(
        workspace=workspace, merged_into__isnull=False, display_name__icontains=text
    )
    return (
        Q(display_name__icontains=text)
        | Q(email__icontains=text)
        | Q(pk__in=handles.values("participant_id"))
        | Q(pk__in=merged.values("merged_into_id"))
    )


def _at_stage(workspace: Workspace, stage: str) -> Q:
    """People whose highest stage is `stage`: a step there and none higher (through the
    ladder's (workspace, participant, stage) index)."""
    steps = EngagementEvent.objects.filter(workspace=workspace, participant=OuterRef("pk"))
    if stage == NOT_ON_LADDER:
        return ~Q(Exists(steps))
    higher = [other for other in STAGES if RANK[other] > RANK[stage]]
    return Q(Exists(steps.filter(stage=stage))) & ~Q(Exists(steps.filter(stage__in=higher)))


@dataclass(frozen=True)
class PersonRow:
    """One line of the directory."""

    participant: Participant
    stage: str
    identities: list[Identity]
    posts: int
    last_seen: datetime | None

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)


def directory_page(
    workspace: Workspace, search: DirectorySearch, page_number: str | None
) -> tuple[Page[Participant], list[PersonRow]]:
    """One page of the directory, each person with their stage, handles, post count and
    latest post (three queries for the page, whatever its size)."""
    page = Paginator(directory(workspace, search), PEOPLE_PER_PAGE).get_page(page_number)
    people = list(page.object_list)
    ids = [person.pk for person in people]
    stages = highest_stages(ids)
    handles: dict[int, list[Identity]] = {pk: [] for pk in ids}
    for identity in Identity.objects.filter(participant_id__in=ids).order_by("channel", "handle"):
        handles[identity.participant_id].append(identity)
    stats = {
        row["author"]: (row["n"], row["latest"])
        for row in Post.objects.filter(author_id__in=ids)
        .values("author")
        .annotate(n=Count("pk"), latest=Max("created_at"))
        .order_by()
    }
    rows = [
        PersonRow(
            person,
            stages.get(person.pk, ""),
            handles[person.pk],
            *stats.get(person.pk, (0, None)),
        )
        for person in people
    ]
    return page, rows


def their_posts(participant: Participant, page_number: str | None) -> Page[Post]:
    """The person's posts, newest first, with their analysis (sentiment, kinds, topic)."""
    posts = (
        Post.objects.filter(author=participant)
        .select_related("analysis", "analysis__topic")
        .prefetch_related("analysis__kinds")
        .order_by("-created_at", "-pk")
    )
    return Paginator(posts, POSTS_PER_PAGE).get_page(page_number)
