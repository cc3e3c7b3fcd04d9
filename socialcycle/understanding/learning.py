"""The learning loop: retrain the shared heads on base data plus the corrections of the
workspaces that share theirs, activate a new version only when it is not worse on the
validation data, and re-analyse posts with it. Each workspace's own kinds head is trained
by `workspace_models`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db.models import QuerySet

from socialcycle.analysis.datasets import TASKS
from socialcycle.analysis.encoder import load_encoder
from socialcycle.analysis.kinds import Example
from socialcycle.analysis.pipeline import reset_shared_pipeline
from socialcycle.analysis.registry import activate, active_folder, read_card, write_bundle
from socialcycle.analysis.spam import MODEL as SPAM
from socialcycle.analysis.spam_evaluation import train_spam
from socialcycle.analysis.training import (
    EmbeddingCache,
    LabelledText,
    Trained,
    needs_encoder,
    new_version,
    train_heads,
)
from socialcycle.lib.tasks import enqueue
from socialcycle.listening.models import Post
from socialcycle.understanding.models import Correction
from socialcycle.understanding.spam import spam_corrections

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Outcome:
    model: str
    version: str
    score: float
    active_version: str
    active_score: float
    activated: bool

    def sentence(self) -> str:
        verdict = "activated" if self.activated else "kept the active version (new one is worse)"
        return (
            f"{self.model}: {self.version} scores {self.score:.4f} against "
            f"{self.active_version} {self.active_score:.4f}: {verdict}"
        )


def shared_training_corrections() -> tuple[list[LabelledText], list[Example]]:
    """The corrections the shared heads learn from: those of workspaces that share them."""
    return training_corrections(Correction.objects.filter(workspace__share_corrections=True))


def training_corrections(
    corrections: QuerySet[Correction] | None = None,
) -> tuple[list[LabelledText], list[Example]]:
    """The latest correction of each post and field (of `corrections`, default all), as
    training examples.

    A confirmation (Review kinds: the same kinds before and after) is one like any other:
    the post is a positive for its kinds and a negative for the others.
    """
    latest: dict[tuple[int, str], Correction] = {}
    chosen = Correction.objects.all() if corrections is None else corrections
    for correction in chosen.select_related("post__analysis").order_by("corrected_at", "id"):
        latest[(correction.post_id, correction.field)] = correction
    sentiment, kinds = [], []
    for (_, field), correction in latest.items():
        text = correction.post.text
        if field == Correction.Field.SENTIMENT and isinstance(correction.after, str):
            sentiment.append(LabelledText(text, correction.after, _language_of(correction.post)))
        # An emptied kinds list says what a post is not; the head learns only positives.
        elif (
            field == Correction.Field.KINDS
            and isinstance(correction.after, list)
            and correction.after
        ):
            kinds.append(Example(text, tuple(str(kind) for kind in correction.after)))
    return sentiment, kinds


def _language_of(post: Post) -> str:
    """The language the pipeline found in a post ("" when it has no analysis)."""
    analysis = getattr(post, "analysis", None)
    return analysis.language if analysis is not None else ""


def retrain(
    names: Sequence[str],
    data_dir: Path,
    model_dir: Path,
    *,
    threads: int = 2,
    progress: Progress = print,
) -> list[Outcome]:
    """Train new shared versions with the shared corrections; activate each one not worse."""
    spam = [retrain_spam(data_dir, model_dir, progress)] if SPAM in names else []
    names = [name for name in names if name != SPAM]
    if not names:
        return spam
    sentiment, kinds = shared_training_corrections()
    progress(
        f"corrections of the workspaces that share them: {len(sentiment)} of sentiment, "
        f"{len(kinds)} of kinds"
    )
    cache = (
        EmbeddingCache(load_encoder(model_dir, threads), model_dir / "cache")
        if needs_encoder(names)
        else None
    )
    trained = train_heads(
        names,
        data_dir,
        cache,
        version_of=new_version,
        corrections={"sentiment": sentiment},
        kind_corrections=kinds,
        progress=progress,
    )
    outcomes = [_store_and_decide(item, model_dir) for item in trained]
    if any(outcome.activated for outcome in outcomes):
        reset_shared_pipeline()
        queued = request_reanalysis()
        progress(f"queued {queued:,} posts to be analysed again with the new models")
    return [*outcomes, *spam]


def retrain_spam(data_dir: Path, model_dir: Path, progress: Progress = print) -> Outcome:
    """The spam scorer again, on the labelled sample plus every post staff marked.

    Scored by its cross-validated F1 on the labelled sample (the marks are only trained
    on), so a version is activated unless the sample itself changed for the worse. New
    posts are scored with it at intake; stored posts keep their verdict.
    """
    corrections = spam_corrections()
    progress(f"spam: {len(corrections)} posts marked by staff")
    scorer, card = train_spam(data_dir, new_version(SPAM), corrections)
    active_card = read_card(active_folder(SPAM, model_dir))
    active_score = _spam_f1(active_card.metrics)
    scorer.save(model_dir / SPAM / card.version, card)
    score = _spam_f1(card.metrics)
    activated = score >= active_score
    if activated:
        activate(SPAM, model_dir, card.version)
    return Outcome(SPAM, card.version, score, active_card.version, active_score, activated)


def _spam_f1(metrics: dict[str, object]) -> float:
    found = metrics.get("cross_validated")
    value = found.get("f1", 0.0) if isinstance(found, dict) else 0.0
    return float(value) if isinstance(value, int | float) else 0.0


def _store_and_decide(trained: Trained, model_dir: Path) -> Outcome:
    active_card = read_card(active_folder(trained.model, model_dir))
    active_score = score_of(active_card.model, active_card.metrics)
    write_bundle(
        model_dir / trained.model / trained.card.version,
        trained.features,
        trained.head,
        trained.card,
    )
    activated = trained.score >= active_score
    if activated:
        activate(trained.model, model_dir, trained.card.version)
    return Outcome(
        trained.model,
        trained.card.version,
        trained.score,
        active_card.version,
        active_score,
        activated,
    )


def trained_at(model: str, model_dir: Path | None) -> tuple[str, datetime | None]:
    """The version of `model` in use and when it was trained (None when its card says not).

    Corrections made since then are not yet learnt by the analysis that runs.
    """
    card = read_card(active_folder(model, model_dir))
    when = datetime.fromisoformat(card.trained_at) if card.trained_at else None
    return card.version, when


def score_of(model: str, metrics: dict[str, object]) -> float:
    """The number a model's card is judged by: its task metric, macro-F1 for kinds."""
    key = TASKS[model].metric if model in TASKS else "macro_f1"
    value = metrics.get(key, 0.0)
    return float(value) if isinstance(value, int | float) else 0.0


def request_reanalysis(workspace_id: int | None = None) -> int:
    """Mark every analysed post (of one workspace, or of all) as waiting, so the background
    sweep analyses it again."""
    posts = Post.objects.filter(analysed_at__isnull=False)
    if workspace_id is not None:
        posts = posts.filter(workspace_id=workspace_id)
    count = posts.update(analysed_at=None)
    enqueue("understanding.analyse_pending_posts")
    return count
