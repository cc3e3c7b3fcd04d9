"""A workspace's own kinds and English sentiment heads: the shared encoder, the base data
and this workspace's corrections only, so that one organisation's corrections never shape
another's results.

Trained by `socialcycle train` for each workspace with corrections of that model, stored
under `<model_dir>/workspaces/<workspace id>/<model>/<version>/` with its model card, and
used for the workspace's posts only while it is not worse than the shared head on the
posts the workspace's analysts corrected (for kinds: confirmed on Review kinds). The rule,
in full (docs/models.md), the same for both models:

- at least MIN_CORRECTED_POSTS[model] corrected posts, else no head of its own;
- the corrected posts are split into FOLDS folds; each fold is predicted by a head trained
  on the base data plus the corrections of the other folds, so no post is scored by a head
  that learnt it; the shared head predicts every corrected post;
- both are scored with the model's metric: kinds by macro-F1 over the kinds that the
  analysts or either head named, sentiment by macro-recall (TweetEval's metric);
- the head trained on all the corrections is activated when its folds' score is at least
  the shared head's; otherwise the workspace uses the shared head.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from socialcycle.accounts.models import Workspace
from socialcycle.analysis.datasets import TASKS
from socialcycle.analysis.encoder import DIMENSIONS, load_encoder
from socialcycle.analysis.heads import LinearHead, MultiLabelHead
from socialcycle.analysis.kinds import Example
from socialcycle.analysis.kinds_training import train_kinds
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS
from socialcycle.analysis.metrics import metric
from socialcycle.analysis.pipeline import (
    LoadedHead,
    LoadedKinds,
    Pipeline,
    prepare,
    shared_pipeline,
)
from socialcycle.analysis.registry import (
    ACTIVE_FILE,
    HEAD_FILE,
    activate,
    active_folder,
    load_bundle,
    read_card,
    write_bundle,
)
from socialcycle.analysis.sentiment_languages import language_for
from socialcycle.analysis.training import (
    EmbeddingCache,
    LabelledText,
    Trained,
    new_version,
    train_task,
)
from socialcycle.listening.models import Post
from socialcycle.understanding.learning import request_reanalysis
from socialcycle.understanding.models import Correction

MODEL = "kinds"
SENTIMENT = "sentiment"
OWN_MODELS = (MODEL, SENTIMENT)
WORKSPACES_FOLDER = "workspaces"
DECISION_FILE = "decision.json"
# Below 20 confirmed posts one post moves a kind's F1 by five points or more, and most of
# the ten kinds have no confirmed example at all: "not worse" would be decided by chance.
MIN_CONFIRMED_POSTS = 20
# Below 20 corrected posts a sentiment class has a handful of posts at most (often none),
# and one post moves its recall by 15 points or more: the same chance as for kinds.
MIN_CORRECTED_POSTS = {MODEL: MIN_CONFIRMED_POSTS, SENTIMENT: 20}
FOLDS = 3  # each fold head is a full training; three keep a workspace to minutes
SCORE = {MODEL: "macro_f1", SENTIMENT: TASKS[SENTIMENT].metric}

Progress = Callable[[str], None]


def workspace_model_dir(workspace_id: int, model_dir: Path) -> Path:
    """The folder of one workspace's own heads (laid out like the shared model folder)."""
    return model_dir / WORKSPACES_FOLDER / str(workspace_id)


@dataclass(frozen=True)
class ConfirmedPost:
    post_id: int
    text: str  # what the analysis reads: title and text, prepared
    kinds: tuple[str, ...]  # after the latest kinds correction ("" none: says what it is not)


def confirmed_posts(workspace_id: int) -> list[ConfirmedPost]:
    """The workspace's posts with a kinds correction the models read, with their latest kinds."""
    latest: dict[int, tuple[Post, list[str]]] = {}
    rows = (
        Correction.objects.filter(workspace_id=workspace_id, field=Correction.Field.KINDS)
        .select_related("post__analysis")
        .order_by("corrected_at", "pk")
    )
    for correction in rows:
        after = correction.after if isinstance(correction.after, list) else []
        latest[correction.post_id] = (correction.post, [str(kind) for kind in after])
    found = []
    for post_id in sorted(latest):
        post, kinds = latest[post_id]
        analysis = getattr(post, "analysis", None)
        if analysis is not None and analysis.not_analysed:
            continue  # the kinds head never reads it (another language, no words)
        found.append(ConfirmedPost(post_id, model_text(post), tuple(kinds)))
    return found


def model_text(post: Post) -> str:
    """The text of a post as the kinds head reads it when the post is analysed."""
    raw = f"{post.title}\n{post.text}" if post.title else post.text
    return prepare([raw])[0].text


@dataclass
class Decision:
    """What the last training of a workspace's own head decided, and why (decision.json)."""

    workspace_id: int
    activated: bool
    reason: str
    confirmed_posts: int  # the corrected posts it was scored on (kinds: confirmed ones)
    latest_correction: int  # the newest correction it saw; unchanged: nothing to learn
    shared_version: str
    version: str = ""  # of its own head, when one was trained
    own_score: float | None = None  # SCORE[model] of the fold heads on the corrected posts
    shared_score: float | None = None  # SCORE[model] of the shared head on the same posts
    decided_at: str = ""
    model: str = MODEL  # "kinds" or "sentiment"

    def sentence(self) -> str:
        if self.own_score is None or self.shared_score is None:
            return f"workspace {self.workspace_id}: {self.model}: {self.reason}"
        verdict = "activated" if self.activated else "uses the shared head"
        posts = "confirmed" if self.model == MODEL else "corrected"
        return (
            f"workspace {self.workspace_id}: own {self.model} head "
            f"{self.version or '(not kept)'} scores {self.own_score:.4f} on "
            f"{self.confirmed_posts} {posts} posts against the shared {self.shared_version} "
            f"{self.shared_score:.4f}: {verdict}"
        )


def read_decision(workspace_id: int, model_dir: Path, model: str = MODEL) -> Decision | None:
    path = workspace_model_dir(workspace_id, model_dir) / model / DECISION_FILE
    if not path.is_file():
        return None
    return Decision(**json.loads(path.read_text(encoding="utf-8")))


def _write_decision(decision: Decision, model_dir: Path) -> Decision:
    folder = workspace_model_dir(decision.workspace_id, model_dir) / decision.model
    folder.mkdir(parents=True, exist_ok=True)
    decision.decided_at = datetime.now(UTC).isoformat(timespec="seconds")
    temporary = folder / (DECISION_FILE + ".tmp")
    temporary.write_text(json.dumps(asdict(decision), indent=2) + "\n", encoding="utf-8")
    temporary.replace(folder / DECISION_FILE)
    return decision


def own_head_folder(workspace_id: int, model_dir: Path, model: str) -> Path | None:
    """The folder of the workspace's own active `model` head; None when it uses the shared one."""
    own_dir = workspace_model_dir(workspace_id, model_dir)
    if not (own_dir / model / ACTIVE_FILE).is_file():
        return None
    folder = active_folder(model, own_dir)
    return folder if folder.is_relative_to(own_dir) and (folder / HEAD_FILE).is_file() else None


def own_kinds_folder(workspace_id: int, model_dir: Path) -> Path | None:
    return own_head_folder(workspace_id, model_dir, MODEL)


def pipeline_for(workspace_id: int, model_dir: Path) -> Pipeline:
    """The pipeline that analyses a workspace's posts: the shared one, with the workspace's
    own kinds and English sentiment heads where they are active.

    The ACTIVE pointers are read on every call (two file reads per batch), so a head
    activated by `socialcycle train` in another process is used from the next batch on.
    """
    pipeline = shared_pipeline(model_dir)
    kinds = own_head_folder(workspace_id, model_dir, MODEL)
    if kinds is not None:
        pipeline = pipeline.with_kinds(_loaded_kinds(kinds))
    sentiment = own_head_folder(workspace_id, model_dir, SENTIMENT)
    if sentiment is not None:
        pipeline = pipeline.with_sentiment(_loaded_sentiment(sentiment))
    return pipeline


@lru_cache(maxsize=32)
def _loaded_kinds(folder: Path) -> LoadedKinds:
    # Keyed by the version's folder: a newly activated version is a new key.
    features, head, card = load_bundle(folder, MultiLabelHead)
    return LoadedKinds(features, head, card)


@lru_cache(maxsize=32)
def _loaded_sentiment(folder: Path) -> LoadedHead:
    features, head, card = load_bundle(folder, LinearHead)
    return LoadedHead(features, head, card)


def forget_loaded_heads() -> None:
    """Drop every loaded workspace head (they are read again on next use)."""
    _loaded_kinds.cache_clear()
    _loaded_sentiment.cache_clear()


class _RememberingCache(EmbeddingCache):
    """Embeds each distinct text once: every fold's training re-reads the seed examples."""

    def __init__(self, inner: EmbeddingCache) -> None:
        super().__init__(inner.encoder, inner.folder)
        self._known: dict[str, NDArray[np.float32]] = {}

    def of_texts(self, texts: Sequence[str]) -> NDArray[np.float32]:
        missing = list(dict.fromkeys(text for text in texts if text not in self._known))
        if missing:
            for text, row in zip(missing, self.encoder.encode(missing), strict=True):
                self._known[text] = row
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack([self._known[text] for text in texts])


def train_workspace_kinds(
    workspace: Workspace,
    model_dir: Path,
    cache: EmbeddingCache,
    *,
    data_dir: Path | None = None,
    progress: Progress = print,
) -> Decision:
    """Train the workspace's own kinds head and use it only when it is not worse (see above)."""
    posts = confirmed_posts(workspace.pk)
    shared = shared_pipeline(model_dir).kinds
    remembering = _RememberingCache(cache)

    def compare() -> tuple[float, float]:
        texts = [post.text for post in posts]
        embeddings = remembering.of_texts(texts)
        shared_said = [
            tuple(found)
            for found in shared.predict(texts, shared.embeddings(cache.encoder, texts, embeddings))
        ]
        own_said = _out_of_fold(posts, embeddings, remembering, data_dir, progress)
        truth = [post.kinds for post in posts]
        labels = [
            kind
            for kind in FEEDBACK_KIND_LABELS
            if any(kind in said for said in (*truth, *own_said, *shared_said))
        ]
        return _macro_f1(truth, own_said, labels), _macro_f1(truth, shared_said, labels)

    def train_all() -> Trained:
        return train_kinds(
            remembering, new_version(MODEL), _examples(posts), lambda _: None, data_dir
        )

    return _decide(
        workspace, MODEL, len(posts), shared.card.version, model_dir, compare, train_all, progress
    )


@dataclass(frozen=True)
class CorrectedPost:
    post_id: int
    text: str  # what the analysis reads: title and text, prepared
    sentiment: str  # after the latest sentiment correction


def corrected_posts(workspace_id: int) -> list[CorrectedPost]:
    """The workspace's posts with a sentiment correction that the English head reads (not
    those of a language with its own head, nor those the models do not read), with their
    latest sentiment."""
    latest: dict[int, Correction] = {}
    rows = (
        Correction.objects.filter(workspace_id=workspace_id, field=Correction.Field.SENTIMENT)
        .select_related("post__analysis")
        .order_by("corrected_at", "pk")
    )
    for correction in rows:
        latest[correction.post_id] = correction
    found = []
    for post_id in sorted(latest):
        correction = latest[post_id]
        analysis = getattr(correction.post, "analysis", None)
        if not isinstance(correction.after, str) or (
            analysis is not None
            and (analysis.not_analysed or language_for(analysis.language) is not None)
        ):
            continue
        found.append(CorrectedPost(post_id, model_text(correction.post), correction.after))
    return found


def train_workspace_sentiment(
    workspace: Workspace,
    model_dir: Path,
    cache: EmbeddingCache,
    *,
    data_dir: Path,
    progress: Progress = print,
) -> Decision:
    """Train the workspace's own English sentiment head (TweetEval plus its corrections) and
    use it only when it is not worse (see above)."""
    task = TASKS[SENTIMENT]
    posts = corrected_posts(workspace.pk)
    shared = shared_pipeline(model_dir).sentiment
    cache = _RememberingCache(cache)  # the corrected posts are embedded once, not five times

    def labelled(chosen: Sequence[CorrectedPost]) -> list[LabelledText]:
        return [LabelledText(post.text, post.sentiment, "en") for post in chosen]

    def compare() -> tuple[float, float]:
        texts = [post.text for post in posts]
        embeddings = cache.of_texts(texts)
        shared_said = list(shared.head.predict(shared.features.transform(texts, embeddings)))
        own_said = [""] * len(posts)
        for fold in range(FOLDS):
            held = list(range(fold, len(posts), FOLDS))
            kept = [post for i, post in enumerate(posts) if i % FOLDS != fold]
            progress(f"sentiment fold {fold + 1} of {FOLDS}: {len(kept)} corrected posts")
            trained = train_task(
                task, data_dir, cache, f"sentiment-fold-{fold}", labelled(kept), lambda _: None
            )
            assert isinstance(trained.head, LinearHead)
            said = trained.head.predict(
                trained.features.transform([texts[i] for i in held], embeddings[held])
            )
            for i, label in zip(held, said, strict=True):
                own_said[i] = label
        truth = [post.sentiment for post in posts]
        return (
            metric(task.metric, truth, own_said, task.labels),
            metric(task.metric, truth, shared_said, task.labels),
        )

    def train_all() -> Trained:
        return train_task(
            task, data_dir, cache, new_version(SENTIMENT), labelled(posts), lambda _: None
        )

    return _decide(
        workspace,
        SENTIMENT,
        len(posts),
        shared.card.version,
        model_dir,
        compare,
        train_all,
        progress,
    )


def _decide(
    workspace: Workspace,
    model: str,
    posts: int,
    shared_version: str,
    model_dir: Path,
    compare: Callable[[], tuple[float, float]],
    train_all: Callable[[], Trained],
    progress: Progress,
) -> Decision:
    """The not-worse rule for one workspace and model: `compare` scores the fold heads and
    the shared head on the corrected posts, `train_all` trains the head to activate."""
    field = Correction.Field.KINDS if model == MODEL else Correction.Field.SENTIMENT
    newest = (
        Correction.objects.filter(workspace=workspace, field=field)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    ) or 0
    previous = read_decision(workspace.pk, model_dir, model)
    if (
        previous is not None
        and previous.latest_correction == newest
        and previous.shared_version == shared_version
    ):
        progress(f"workspace {workspace.pk}: {model}: no new corrections since the last training")
        return previous
    decision = Decision(workspace.pk, False, "", posts, newest, shared_version, model=model)
    minimum = MIN_CORRECTED_POSTS[model]
    if posts < minimum:
        which = "confirmed" if model == MODEL else "corrected"
        decision.reason = (
            f"{posts} {which} post{'s' if posts != 1 else ''}; a head of its own "
            f"needs at least {minimum} to be compared fairly with the shared one"
        )
        _use_shared(workspace.pk, model_dir, model)
        return _write_decision(decision, model_dir)
    own_score, shared_score = compare()
    decision.own_score, decision.shared_score = round(own_score, 4), round(shared_score, 4)
    if decision.own_score < decision.shared_score:
        decision.reason = "its own head scored worse than the shared one on its corrected posts"
        _use_shared(workspace.pk, model_dir, model)
        progress(decision.sentence())
        return _write_decision(decision, model_dir)
    trained = train_all()
    trained.card.data["workspace"] = workspace.pk
    trained.card.metrics["confirmed_posts" if model == MODEL else "corrected_posts"] = {
        "posts": posts,
        "folds": FOLDS,
        SCORE[model]: decision.own_score,
        "shared_version": shared_version,
        f"shared_{SCORE[model]}": decision.shared_score,
    }
    own_dir = workspace_model_dir(workspace.pk, model_dir)
    write_bundle(
        own_dir / model / trained.card.version, trained.features, trained.head, trained.card
    )
    activate(model, own_dir, trained.card.version)
    request_reanalysis(workspace.pk)
    decision.activated, decision.version = True, trained.card.version
    decision.reason = "its own head scored at least as well as the shared one"
    progress(decision.sentence())
    return _write_decision(decision, model_dir)


def _out_of_fold(
    posts: Sequence[ConfirmedPost],
    embeddings: NDArray[np.float32],
    cache: EmbeddingCache,
    data_dir: Path | None,
    progress: Progress,
) -> list[tuple[str, ...]]:
    said: list[tuple[str, ...]] = [()] * len(posts)
    for fold in range(FOLDS):
        held = list(range(fold, len(posts), FOLDS))
        kept = [post for i, post in enumerate(posts) if i % FOLDS != fold]
        progress(f"kinds fold {fold + 1} of {FOLDS}: {len(kept)} confirmed posts to learn from")
        trained = train_kinds(
            cache, f"kinds-fold-{fold}", _examples(kept), lambda _: None, data_dir
        )
        assert isinstance(trained.head, MultiLabelHead)
        head = LoadedKinds(trained.features, trained.head, trained.card)
        texts = [posts[i].text for i in held]
        found = head.predict(texts, head.embeddings(cache.encoder, texts, embeddings[held]))
        for i, kinds in zip(held, found, strict=True):
            said[i] = tuple(kinds)
    return said


def _examples(posts: Sequence[ConfirmedPost]) -> list[Example]:
    # As in the shared training: an emptied kinds list says what a post is not, and the
    # head learns only positives.
    return [Example(post.text, post.kinds) for post in posts if post.kinds]


def _macro_f1(
    truth: Sequence[Sequence[str]], said: Sequence[Sequence[str]], labels: Sequence[str]
) -> float:
    """F1 averaged over `labels`; a kind nobody has and the head never names counts as
    right (1.0), so that a head is not blamed for another head's mistakes."""
    scores = []
    for label in labels:
        hits = sum(label in t and label in s for t, s in zip(truth, said, strict=True))
        wrong = sum(label in s and label not in t for t, s in zip(truth, said, strict=True))
        missed = sum(label in t and label not in s for t, s in zip(truth, said, strict=True))
        errors = wrong + missed
        scores.append(1.0 if hits + errors == 0 else 2 * hits / (2 * hits + errors))
    return float(np.mean(scores)) if scores else 1.0


def _use_shared(workspace_id: int, model_dir: Path, model: str) -> None:
    """Stop using the workspace's own head (its versions stay on disk)."""
    pointer = workspace_model_dir(workspace_id, model_dir) / model / ACTIVE_FILE
    if pointer.is_file():
        pointer.unlink()
        request_reanalysis(workspace_id)


def retrain_workspace_heads(
    model_dir: Path,
    names: Sequence[str] = OWN_MODELS,
    *,
    data_dir: Path | None = None,
    threads: int = 2,
    progress: Progress = print,
) -> list[Decision]:
    """Train the own head of each of `names` ("kinds", "sentiment") of every workspace with
    corrections of that model. The sentiment head reads TweetEval from `data_dir`."""
    chosen = [name for name in OWN_MODELS if name in names]
    fields = {MODEL: Correction.Field.KINDS, SENTIMENT: Correction.Field.SENTIMENT}
    todo = [
        (name, workspace)
        for name in chosen
        for workspace in Workspace.objects.filter(
            pk__in=Correction.objects.filter(field=fields[name]).values("workspace_id")
        ).order_by("pk")
    ]
    if not todo:
        return []
    if data_dir is None and any(name == SENTIMENT for name, _ in todo):
        raise ValueError("a workspace's own sentiment head reads TweetEval: pass data_dir")
    cache = EmbeddingCache(load_encoder(model_dir, threads), model_dir / "cache")
    decisions = []
    for name, workspace in todo:
        if name == MODEL:
            decisions.append(
                train_workspace_kinds(
                    workspace, model_dir, cache, data_dir=data_dir, progress=progress
                )
            )
        else:
            assert data_dir is not None
            decisions.append(
                train_workspace_sentiment(
                    workspace, model_dir, cache, data_dir=data_dir, progress=progress
                )
            )
    forget_loaded_heads()
    return decisions


@dataclass(frozen=True)
class WorkspaceKinds:
    """Which kinds head a workspace uses, as the Review kinds page says it."""

    own: bool
    version: str
    trained_at: datetime | None
    decision: Decision | None
    minimum: int = MIN_CONFIRMED_POSTS


def kinds_in_use(workspace_id: int, model_dir: Path) -> WorkspaceKinds:
    """The workspace's kinds head (own or shared), read from files: nothing is written."""
    folder = own_kinds_folder(workspace_id, model_dir)
    decision = read_decision(workspace_id, model_dir)
    card = read_card(folder if folder is not None else active_folder(MODEL, model_dir))
    when = datetime.fromisoformat(card.trained_at) if card.trained_at else None
    return WorkspaceKinds(folder is not None, card.version, when, decision)
