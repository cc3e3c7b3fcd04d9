"""Review kinds: the posts whose kinds the model is least sure of come first, for an analyst
to confirm or correct one key at a time; beside them, how many corrections wait for the
next training and how often the model agreed with the analysts on the posts they confirmed.

Each confirmation is a kinds correction (`corrections.correct_analysis`, recorded even when
nothing changed), so it is audited, kept through re-analysis and learnt from like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db.models import Exists, OuterRef

from socialcycle.accounts.models import Workspace
from socialcycle.analysis.kinds import DESCRIPTIONS
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS
from socialcycle.understanding.models import Correction, PostAnalysis
from socialcycle.understanding.workspace_models import WorkspaceKinds, kinds_in_use

# One key per kind, in the order the kinds are listed everywhere: 1-9, then 0.
KIND_KEYS: dict[str, str] = dict(zip(FEEDBACK_KIND_LABELS, "1234567890", strict=True))
POSTS_PER_VISIT = 10


@dataclass(frozen=True)
class KindChoice:
    """One kind as a post under review offers it: its key and whether the model said so."""

    kind: str
    label: str
    key: str
    predicted: bool
    confidence: float | None
    definition: str = ""


@dataclass(frozen=True)
class ReviewItem:
    analysis: PostAnalysis
    choices: list[KindChoice]


def posts_to_review(workspace: Workspace, limit: int = POSTS_PER_VISIT) -> list[ReviewItem]:
    """Posts of `workspace` whose kinds nobody has confirmed yet, most doubtful first.

    Posts the models did not read (another language, no words) and spam are left out: there
    is no prediction to confirm. Posts analysed before the doubt was kept come after the
    measured ones, newest first (two queries: NULLs sort differently on each database).
    """
    confirmed = Correction.objects.filter(post_id=OuterRef("post_id"), field=Correction.Field.KINDS)
    waiting = (
        PostAnalysis.objects.filter(workspace=workspace, not_analysed="", post__is_spam=False)
        .exclude(Exists(confirmed))
        .select_related("post")
        .prefetch_related("kinds")
    )
    found = list(
        waiting.filter(kinds_uncertainty__isnull=False).order_by(
            "-kinds_uncertainty", "-created_at", "-pk"
        )[:limit]
    )
    if len(found) < limit:
        unmeasured = waiting.filter(kinds_uncertainty__isnull=True)
        found += unmeasured.order_by("-created_at", "-pk")[: limit - len(found)]
    return [ReviewItem(analysis, kind_choices(analysis)) for analysis in found]


def kind_choices(analysis: PostAnalysis) -> list[KindChoice]:
    predicted = {row.kind: row.confidence for row in analysis.kinds.all()}
    return [
        KindChoice(
            kind,
            label,
            KIND_KEYS[kind],
            kind in predicted,
            predicted.get(kind),
            DESCRIPTIONS[kind],
        )
        for kind, label in FEEDBACK_KIND_LABELS.items()
    ]


def kind_definitions() -> list[tuple[str, str]]:
    """(label, definition) of every kind, in the order the page lists them."""
    return [(label, DESCRIPTIONS[kind]) for kind, label in FEEDBACK_KIND_LABELS.items()]


@dataclass(frozen=True)
class KindScore:
    """How the model did on one kind over the confirmed posts."""

    kind: str
    label: str
    confirmed: int  # confirmed posts that carry the kind
    agreed: int  # confirmed posts where the model was right about it, present or absent
    missed: int  # the kind is there; the model did not say so
    added: int  # the model said so; the analyst took it away
    posts: int  # all confirmed posts

    @property
    def accuracy(self) -> float | None:
        return self.agreed / self.posts if self.posts else None


@dataclass(frozen=True)
class ReviewFigures:
    model_version: str
    trained_at: datetime | None  # of the kinds model in use
    model: WorkspaceKinds  # the shared head or the workspace's own, and why
    since_training: int  # this workspace's kinds corrections and confirmations since then
    confirmed_posts: int
    unchanged: int  # confirmed posts whose kinds the model had exactly right
    scores: list[KindScore]


def review_figures(workspace: Workspace, model_dir: Path) -> ReviewFigures:
    """What the Review kinds page says above the posts, from the workspace's kinds corrections.

    A post's model kinds are those before its first kinds correction (what the model said
    before anyone looked: later corrections start from a person's kinds); its confirmed
    kinds are those after its latest one.
    """
    in_use = kinds_in_use(workspace.pk, model_dir)
    version, when = in_use.version, in_use.trained_at
    model_said: dict[int, set[str]] = {}
    confirmed: dict[int, set[str]] = {}
    since = 0
    rows = (
        Correction.objects.filter(workspace=workspace, field=Correction.Field.KINDS)
        .order_by("corrected_at", "pk")
        .values_list("post_id", "before", "after", "corrected_at")
    )
    for post_id, before, after, corrected_at in rows.iterator():
        model_said.setdefault(post_id, set(before or []))
        confirmed[post_id] = set(after or [])
        if when is None or corrected_at > when:
            since += 1
    return ReviewFigures(
        model_version=version,
        trained_at=when,
        model=in_use,
        since_training=since,
        confirmed_posts=len(confirmed),
        unchanged=sum(model_said[post] == kinds for post, kinds in confirmed.items()),
        scores=[
            _score(kind, label, model_said, confirmed)
            for kind, label in FEEDBACK_KIND_LABELS.items()
        ],
    )


def _score(
    kind: str, label: str, model_said: dict[int, set[str]], confirmed: dict[int, set[str]]
) -> KindScore:
    has = {post for post, kinds in confirmed.items() if kind in kinds}
    said = {post for post in confirmed if kind in model_said[post]}
    return KindScore(
        kind=kind,
        label=label,
        confirmed=len(has),
        agreed=len(confirmed) - len(has ^ said),
        missed=len(has - said),
        added=len(said - has),
        posts=len(confirmed),
    )
