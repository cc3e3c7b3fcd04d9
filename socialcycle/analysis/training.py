"""`socialcycle train`: fit the heads on the TweetEval data (plus analysts' corrections).

For each task: embed the train and validation texts (embeddings are cached per file and
encoder version, so retraining takes seconds, not minutes), learn the n-gram weights,
choose the regularisation on a held-out tenth of the training data, fit on all of it,
and score the validation split. The kinds head learns from the seed examples, the kind
descriptions and corrections.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis import kinds as kinds_module
from socialcycle.analysis.datasets import TASKS, Split, Task, load_split
from socialcycle.analysis.encoder import DIMENSIONS, Encoder, file_sha256, whole_text
from socialcycle.analysis.features import TextFeatures
from socialcycle.analysis.heads import LinearHead, MultiLabelHead
from socialcycle.analysis.metrics import metric, per_label_sets
from socialcycle.analysis.registry import ModelCard
from socialcycle.analysis.sentiment_languages import language_for

C_GRID = (0.5, 2.0)
KINDS_C = 1.0


def kinds_features() -> TextFeatures:
    # Few examples: fewer hash buckets keep the head small; the embedding weighs double.
    return TextFeatures(ngrams=True, embedding_weight=2.0, hash_bits=15)


HOLDOUT_SHARE = 0.1
SEED = 0

Progress = Callable[[str], None]


@dataclass
class Trained:
    """A fitted head with its features and card, not yet written anywhere."""

    model: str
    features: TextFeatures
    head: LinearHead | MultiLabelHead
    card: ModelCard
    score: float
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class LabelledText:
    """A training example beyond the base data, such as an analyst's correction."""

    text: str
    label: str
    language: str = ""  # as the pipeline detected it ("" unknown): which head learns it


ENCODE_CHUNK = 64  # texts encoded between two progress reports


class EmbeddingCache:
    """Embeddings of whole data files, stored beside the models as .npy files."""

    def __init__(self, encoder: Encoder, folder: Path) -> None:
        self.encoder = encoder
        self.folder = folder

    def of_file(
        self,
        path: Path,
        texts: Sequence[str],
        variant: str = "",
        advance: Callable[[int], None] | None = None,
    ) -> NDArray[np.float32]:
        """The embeddings of `texts` read from `path`, from the cache when it has them.

        `variant` names a fixed selection or cleaning of the file's texts (such as a seeded
        sample), so that it is cached apart from the whole file. `advance` is told how many
        texts are done, for a progress bar.
        """
        found = self._stored(path, variant, len(texts))
        if found is not None:
            if advance:
                advance(len(texts))
            return found
        return self._store(path, variant, self._encode(texts, advance))

    def _file(self, path: Path, variant: str) -> Path:
        suffix = f"-{variant}" if variant else ""
        return self.folder / f"{file_sha256(path)[:16]}{suffix}-{self.encoder.version}.npy"

    def _stored(self, path: Path, variant: str, rows: int) -> NDArray[np.float32] | None:
        """The cached embeddings of this file and variant, if they have `rows` rows."""
        cached = self._file(path, variant)
        if cached.is_file():
            loaded: NDArray[np.float32] = np.load(cached)
            if loaded.shape[0] == rows:
                return loaded
        return None

    def _store(
        self, path: Path, variant: str, embeddings: NDArray[np.float32]
    ) -> NDArray[np.float32]:
        self.folder.mkdir(parents=True, exist_ok=True)
        np.save(self._file(path, variant), embeddings)
        return embeddings

    def _encode(
        self, texts: Sequence[str], advance: Callable[[int], None] | None
    ) -> NDArray[np.float32]:
        if advance is None:
            return self.encoder.encode(texts)
        parts = [np.zeros((0, DIMENSIONS), dtype=np.float32)]
        for start in range(0, len(texts), ENCODE_CHUNK):
            chunk = texts[start : start + ENCODE_CHUNK]
            parts.append(self.encoder.encode(chunk))
            advance(len(chunk))
        return np.vstack(parts)

    def of_texts(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return self.encoder.encode(texts)

    def whole_of_file(
        self,
        path: Path,
        texts: Sequence[str],
        variant: str = "",
        advance: Callable[[int], None] | None = None,
    ) -> NDArray[np.float32]:
        """Like `of_file`, each text's whole-text embedding (encoder.whole_text)."""
        first = self.of_file(path, texts, variant, advance)
        whole = f"{variant}-whole" if variant else "whole"
        found = self._stored(path, whole, len(texts))
        if found is not None:
            return found
        return self._store(path, whole, whole_text(self.encoder, texts, first))

    def whole_of_texts(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return whole_text(self.encoder, texts, self.encoder.encode(texts))


def train_task(
    task: Task,
    data_dir: Path,
    cache: EmbeddingCache,
    version: str,
    extra: Sequence[LabelledText] = (),
    progress: Progress = print,
) -> Trained:
    """Fit one classification head (sentiment, offensive or emotion) and score it."""
    train = load_split(data_dir, task, "train")
    val = load_split(data_dir, task, "val")
    for problem in (*train.problems, *val.problems)[:20]:
        progress(f"{task.name}: {problem}")
    progress(f"{task.name}: embedding {len(train.texts):,} training texts (cached after once)")
    train_emb = cache.of_file(train.path, train.texts)
    val_emb = cache.of_file(val.path, val.texts)
    texts, labels, embeddings = _with_extra(train, train_emb, extra, cache)
    started = time.perf_counter()
    best_c = _choose_c(task, texts, labels, embeddings, progress)
    features = TextFeatures(ngrams=True).fit(texts)
    head = LinearHead(C=best_c).fit(features.transform(texts, embeddings), labels)
    predicted = head.predict(features.transform(val.texts, val_emb))
    score = metric(task.metric, val.labels, predicted, task.labels)
    progress(f"{task.name}: validation {task.metric} {score:.4f} (C={best_c})")
    card = ModelCard(
        model=task.name,
        version=version,
        task=f"{task.name} classification ({', '.join(task.labels)})",
        encoder=cache.encoder.version,
        data={
            "train": describe_file(train.path, len(train.texts)),
            "validation": describe_file(val.path, len(val.texts)),
            "corrections": len(extra),
            "skipped_rows": len(train.problems) + len(val.problems),
        },
        metrics={
            task.metric: round(score, 4),
            "split": "validation",
            "C": best_c,
            "published_test_set": dict(task.published),
        },
        speed={"fit_seconds": round(time.perf_counter() - started, 1)},
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        notes="Logistic regression over TF-IDF word 1-2-grams, character 2-5-grams "
        "(hashed) and the all-MiniLM-L6-v2 sentence embedding.",
    )
    return Trained(task.name, features, head, card, score)


@dataclass
class KindsValidation:
    scores: dict[str, dict[str, float]]
    thresholds: dict[str, float]  # per kind, chosen on all out-of-fold predictions


def cross_validate_kinds(
    seed: Sequence[kinds_module.Example],
    cache: EmbeddingCache,
    folds: int = 5,
    extra: Sequence[kinds_module.Example] = (),
    progress: Progress = print,
) -> KindsValidation:
    """Per-kind precision and recall of the kinds head on held-out seed examples.

    Descriptions and `extra` examples (corrections) are in every training fold, so the
    scores say whether corrections help or hurt on the seed set. Each kind's threshold is
    tuned for F1: a fold is scored with thresholds chosen on the other folds' predictions.
    """
    texts, label_sets = kinds_module.split_label_sets(seed)
    labels = sorted({label for labels in label_sets for label in labels})
    embeddings = cache.of_texts(texts)
    described = [*kinds_module.description_examples(), *extra]
    described_emb = cache.of_texts([example.text for example in described])
    order = np.random.default_rng(SEED).permutation(len(seed))
    fold_rows = [order[fold::folds] for fold in range(folds)]
    probabilities = np.zeros((len(seed), len(labels)))
    for held_out in fold_rows:
        kept = np.setdiff1d(order, held_out)
        train_texts = [texts[i] for i in kept] + [example.text for example in described]
        train_y = [label_sets[i] for i in kept] + [example.kinds for example in described]
        features = kinds_features().fit(train_texts)
        train_x = features.transform(train_texts, np.vstack([embeddings[kept], described_emb]))
        head = MultiLabelHead(C=KINDS_C).fit(train_x, train_y)
        columns = [head.labels_.index(label) for label in labels]
        held_x = features.transform([texts[i] for i in held_out], embeddings[held_out])
        probabilities[held_out] = head.predict_proba(held_x)[:, columns]
    truth = np.array([[label in found for label in labels] for found in label_sets])
    predicted: list[tuple[str, ...]] = [()] * len(seed)
    for held_out in fold_rows:
        others = np.setdiff1d(order, held_out)
        limits = best_thresholds(probabilities[others], truth[others])
        for row in held_out:
            predicted[row] = tuple(
                label for k, label in enumerate(labels) if probabilities[row, k] >= limits[k]
            )
    scores = per_label_sets(label_sets, predicted, labels)
    progress("kinds: " + ", ".join(f"{s.label} P{s.precision:.2f}/R{s.recall:.2f}" for s in scores))
    chosen = best_thresholds(probabilities, truth)
    return KindsValidation(
        scores={
            s.label: {
                "precision": round(s.precision, 3),
                "recall": round(s.recall, 3),
                "f1": round(s.f1, 3),
                "support": s.support,
            }
            for s in scores
        },
        thresholds={label: round(float(chosen[k]), 2) for k, label in enumerate(labels)},
    )


THRESHOLD_GRID = np.round(np.arange(0.3, 0.95, 0.05), 2)


def best_thresholds(probabilities: NDArray[np.float64], truth: NDArray[np.bool_]) -> list[float]:
    """For each column, the threshold of THRESHOLD_GRID with the best F1."""
    best = []
    for k in range(truth.shape[1]):
        f1s = []
        for limit in THRESHOLD_GRID:
            chosen = probabilities[:, k] >= limit
            hits = float(np.sum(chosen & truth[:, k]))
            denominator = float(np.sum(chosen) + np.sum(truth[:, k]))
            f1s.append(2 * hits / denominator if denominator else 0.0)
        best.append(float(THRESHOLD_GRID[int(np.argmax(f1s))]))
    return best


def _choose_c(
    task: Task,
    texts: list[str],
    labels: list[str],
    embeddings: NDArray[np.float32],
    progress: Progress,
) -> float:
    rng = np.random.default_rng(SEED)
    order = rng.permutation(len(texts))
    cut = int(len(texts) * HOLDOUT_SHARE)
    held, kept = order[:cut], order[cut:]
    fit_texts = [texts[i] for i in kept]
    features = TextFeatures(ngrams=True).fit(fit_texts)
    fit_x = features.transform(fit_texts, embeddings[kept])
    held_x = features.transform([texts[i] for i in held], embeddings[held])
    results = {}
    for c in C_GRID:
        head = LinearHead(C=c).fit(fit_x, [labels[i] for i in kept])
        results[c] = metric(
            task.metric, [labels[i] for i in held], head.predict(held_x), task.labels
        )
        progress(f"{task.name}: C={c} scores {results[c]:.4f} on a held-out tenth of train")
    return max(results, key=lambda c: (results[c], -c))


def _with_extra(
    train: Split,
    embeddings: NDArray[np.float32],
    extra: Sequence[LabelledText],
    cache: EmbeddingCache,
) -> tuple[list[str], list[str], NDArray[np.float32]]:
    if not extra:
        return train.texts, train.labels, embeddings
    extra_emb = cache.of_texts([item.text for item in extra])
    return (
        [*train.texts, *(item.text for item in extra)],
        [*train.labels, *(item.label for item in extra)],
        np.vstack([embeddings, extra_emb]),
    )


def describe_file(path: Path, rows: int) -> dict[str, object]:
    return {
        "file": path.name,
        "folder": path.parent.name,
        "rows": rows,
        "sha256": file_sha256(path),
    }


def new_version(model: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{model}-{stamp}-{hashlib.sha256(stamp.encode()).hexdigest()[:6]}"


def train_heads(
    names: Sequence[str],
    data_dir: Path,
    cache: EmbeddingCache | None,
    version_of: Callable[[str], str],
    corrections: dict[str, Sequence[LabelledText]] | None = None,
    kind_corrections: Sequence[kinds_module.Example] = (),
    progress: Progress = print,
) -> list[Trained]:
    """Train each named head ("sentiment", "offensive", "emotion", "kinds", "languages").

    "languages" is the sentiment head of every language other than English; it reads no
    embedding, so `cache` (the encoder) may be None when it is the only name.
    """
    corrections = corrections or {}
    trained = []
    for name in names:
        if name == LANGUAGES:
            from socialcycle.analysis.language_training import (  # noqa: PLC0415 (cycle)
                train_languages,
            )

            by_language = _by_language(corrections.get("sentiment", ()))
            trained.extend(train_languages(data_dir, version_of, by_language, progress))
            continue
        if cache is None:
            raise ValueError(f"the {name} head reads the sentence encoder: pass its cache")
        if name == "kinds":
            from socialcycle.analysis.kinds_training import (  # noqa: PLC0415 (cycle)
                train_kinds,
            )

            trained.append(
                train_kinds(cache, version_of(name), kind_corrections, progress, data_dir)
            )
        else:
            extra = corrections.get(name, ())
            if name == "sentiment":
                extra = [item for item in extra if not _for_a_language_head(item)]
            trained.append(
                train_task(TASKS[name], data_dir, cache, version_of(name), extra, progress)
            )
    return trained


def needs_encoder(names: Sequence[str]) -> bool:
    return any(name != LANGUAGES for name in names)


def _for_a_language_head(item: LabelledText) -> bool:
    return language_for(item.language) is not None


def _by_language(items: Sequence[LabelledText]) -> dict[str, list[LabelledText]]:
    grouped: dict[str, list[LabelledText]] = {}
    for item in items:
        language = language_for(item.language)
        if language is not None:
            grouped.setdefault(language.code, []).append(item)
    return grouped


LANGUAGES = "languages"
MODELS = ("sentiment", "offensive", "emotion", "kinds", LANGUAGES)
