"""The feedback-kinds head, trained on real posts.

What it learns from (`kinds_examples`), each row weighted and told which kinds it speaks
for:

- `kinds/labelled_train.csv`: real posts with all ten kinds labelled (weight 1);
- the written seed examples and the kinds' descriptions (weight 0.5: written, not real);
- the public single-kind sets, rows outside the sample `socialcycle evaluate kinds` scores
  (weight 0.3: other domains); a row trains only the kinds its file labels, since a
  non-suggestion may well be a question;
- analysts' corrections (weight 1).

What it reads (`real_post_features`): the whole-text embedding (a long review's passages
averaged), beside the phrase cues of kind_cues.py; no n-grams (measured: they added nothing
under grouped cross-validation and cost size). One logistic regression per kind with the
classes balanced. Each kind's threshold is the best F1 on out-of-fold probabilities of the
labelled posts, each source held out in turn (leave one source out), so a threshold is
never chosen on a post its model learnt.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis import kinds as kinds_module
from socialcycle.analysis.encoder import DIMENSIONS
from socialcycle.analysis.features import WHOLE_TEXT, TextFeatures
from socialcycle.analysis.heads import MultiLabelHead
from socialcycle.analysis.kinds_data import (
    KIND_CODES,
    LABELLED_LICENCE,
    PUBLIC_SETS,
    RowProblem,
    read_labelled,
)
from socialcycle.analysis.metrics import per_label_sets
from socialcycle.analysis.pipeline import prepare
from socialcycle.analysis.registry import ModelCard
from socialcycle.analysis.training import EmbeddingCache, Trained, best_thresholds, describe_file

LABELLED_FILE = Path("kinds") / "labelled_train.csv"
SEED_WEIGHT = 0.5
PUBLIC_WEIGHT = 0.3
PUBLIC_TRAINING_ROWS = 1500  # per public set at most, a seeded sample
PUBLIC_SEED = 1
EVALUATION_SAMPLE = 1000  # rows of each public set `evaluate kinds` scores, kept out
EVALUATION_SEED = 0
KINDS_C = 1.0
RANDOM_FOLDS = 5  # without three sources of real posts: random folds of what there is

Progress = Callable[[str], None]


def real_post_features() -> TextFeatures:
    return TextFeatures(
        ngrams=False, embedding_weight=1.0, cues=True, cue_weight=3.0, pooling=WHOLE_TEXT
    )


@dataclass
class KindsExamples:
    """Rows to learn from: text, kinds, which kinds each row speaks for, weight, group.

    `group` is the source of a labelled real post (the unit of cross-validation) and ""
    for rows always in training (seed, descriptions, public sets, corrections).
    """

    texts: list[str]
    kinds: list[tuple[str, ...]]
    known: NDArray[np.bool_]
    weights: NDArray[np.float64]
    groups: list[str]
    embeddings: NDArray[np.float32]
    is_random: list[bool]
    problems: list[RowProblem]
    described: dict[str, object]

    def __len__(self) -> int:
        return len(self.texts)

    def truth(self) -> NDArray[np.bool_]:
        return np.array([[kind in row for kind in KIND_CODES] for row in self.kinds], dtype=bool)

    def take(self, rows: NDArray[np.int_]) -> KindsExamples:
        return KindsExamples(
            [self.texts[i] for i in rows],
            [self.kinds[i] for i in rows],
            self.known[rows],
            self.weights[rows],
            [self.groups[i] for i in rows],
            self.embeddings[rows],
            [self.is_random[i] for i in rows],
            self.problems,
            self.described,
        )


def model_texts(texts: Sequence[str]) -> list[str]:
    """What the pipeline's models read of each post (control characters out, length cut)."""
    return [item.text for item in prepare(texts)]


class _Builder:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.kinds: list[tuple[str, ...]] = []
        self.known: list[NDArray[np.bool_]] = []
        self.weights: list[float] = []
        self.groups: list[str] = []
        self.embeddings: list[NDArray[np.float32]] = []
        self.is_random: list[bool] = []

    def add(
        self,
        texts: Sequence[str],
        kinds: Sequence[tuple[str, ...]],
        embeddings: NDArray[np.float32],
        weight: float,
        groups: Sequence[str] | None = None,
        speaks_for: Sequence[str] = KIND_CODES,
        is_random: Sequence[bool] | None = None,
    ) -> None:
        mask = np.array([kind in speaks_for for kind in KIND_CODES], dtype=bool)
        self.texts += texts
        self.kinds += kinds
        self.known += [mask] * len(texts)
        self.weights += [weight] * len(texts)
        self.groups += list(groups) if groups is not None else [""] * len(texts)
        self.embeddings.append(embeddings)
        self.is_random += list(is_random) if is_random is not None else [False] * len(texts)

    def build(self, problems: list[RowProblem], described: dict[str, object]) -> KindsExamples:
        return KindsExamples(
            self.texts,
            self.kinds,
            np.array(self.known, dtype=bool).reshape(len(self.texts), len(KIND_CODES)),
            np.asarray(self.weights, dtype=np.float64),
            self.groups,
            np.vstack(self.embeddings)
            if self.embeddings
            else np.zeros((0, DIMENSIONS), np.float32),
            self.is_random,
            problems,
            described,
        )


def kinds_examples(
    data_dir: Path | None,
    cache: EmbeddingCache,
    corrections: Sequence[kinds_module.Example] = (),
    progress: Progress = print,
) -> KindsExamples:
    """Every row the kinds head learns from (see the module docstring); missing files skip."""
    builder = _Builder()
    problems: list[RowProblem] = []
    described: dict[str, object] = {}
    seed = [*kinds_module.load_examples(), *kinds_module.description_examples()]
    seed_texts, seed_kinds = kinds_module.split_label_sets(seed)
    builder.add(seed_texts, seed_kinds, cache.whole_of_texts(seed_texts), SEED_WEIGHT)
    described["seed"] = {
        **describe_file(kinds_module.SEED_FILE, len(seed) - len(kinds_module.DESCRIPTIONS)),
        "weight": SEED_WEIGHT,
        "licence": "written for this project",
    }
    labelled = data_dir / LABELLED_FILE if data_dir is not None else None
    if labelled is not None and labelled.is_file():
        posts = read_labelled(labelled, need_source=True)
        problems += posts.problems
        texts = model_texts(posts.texts)
        progress(f"kinds: embedding {len(texts):,} labelled real posts (cached after once)")
        embeddings = cache.whole_of_file(labelled, texts, variant="prepared")
        builder.add(texts, posts.kinds, embeddings, 1.0, posts.sources, is_random=posts.is_random())
        described["labelled"] = {
            **describe_file(labelled, len(texts)),
            "weight": 1.0,
            "licence": LABELLED_LICENCE,
        }
    if data_dir is not None:
        _add_public_sets(builder, data_dir, cache, problems, described, progress)
    if corrections:
        raw, label_sets = kinds_module.split_label_sets(corrections)
        texts = model_texts(raw)  # as the pipeline reads the post
        builder.add(texts, label_sets, cache.whole_of_texts(texts), 1.0)
    described["corrections"] = len(corrections)
    return builder.build(problems, described)


def _add_public_sets(
    builder: _Builder,
    data_dir: Path,
    cache: EmbeddingCache,
    problems: list[RowProblem],
    described: dict[str, object],
    progress: Progress,
) -> None:
    for public in PUBLIC_SETS:
        path = data_dir / "kinds" / public.file
        if not path.is_file():
            continue
        posts = read_labelled(path)
        problems += posts.problems
        rows = public_training_rows(len(posts))
        texts = model_texts([posts.texts[i] for i in rows])
        progress(f"kinds: embedding {len(texts):,} rows of {public.file} (cached after once)")
        variant = f"prepared-train{PUBLIC_TRAINING_ROWS}-seed{PUBLIC_SEED}"
        embeddings = cache.whole_of_file(path, texts, variant=variant)
        builder.add(
            texts,
            [posts.kinds[i] for i in rows],
            embeddings,
            PUBLIC_WEIGHT,
            speaks_for=public.kinds,
        )
        described[public.file] = {
            **describe_file(path, len(texts)),
            "kinds": list(public.kinds),
            "weight": PUBLIC_WEIGHT,
            "licence": public.licence,
        }


def evaluation_rows(total: int, sample: int = EVALUATION_SAMPLE) -> list[int]:
    """The rows of a public set `evaluate kinds` scores: a seeded sample of large files."""
    if total <= sample:
        return list(range(total))
    chosen = np.random.default_rng(EVALUATION_SEED).choice(total, size=sample, replace=False)
    return sorted(int(i) for i in chosen)


def public_training_rows(total: int) -> list[int]:
    """Rows of a public set to train on: never one the evaluation scores."""
    scored = set(evaluation_rows(total, EVALUATION_SAMPLE))
    rest = [i for i in range(total) if i not in scored]
    if len(rest) <= PUBLIC_TRAINING_ROWS:
        return rest
    chosen = np.random.default_rng(PUBLIC_SEED).choice(
        rest, size=PUBLIC_TRAINING_ROWS, replace=False
    )
    return sorted(int(i) for i in chosen)


def fit_kinds(examples: KindsExamples) -> tuple[TextFeatures, MultiLabelHead]:
    features = real_post_features().fit(examples.texts)
    head = MultiLabelHead(C=KINDS_C).fit(
        features.transform(examples.texts, examples.embeddings),
        examples.kinds,
        known=examples.known,
        sample_weight=examples.weights,
        labels=KIND_CODES,
    )
    return features, head


def probabilities(
    features: TextFeatures, head: MultiLabelHead, examples: KindsExamples
) -> NDArray[np.float64]:
    return head.predict_proba(features.transform(examples.texts, examples.embeddings))


def out_of_fold(examples: KindsExamples) -> tuple[NDArray[np.int_], NDArray[np.float64]]:
    """Rows scored and their probabilities, each scored by a model that never saw its group.

    Groups are the labelled posts' sources; without three sources, random folds of every
    row (seed and corrections included) stand in.
    """
    groups = np.asarray(examples.groups)
    named = sorted({group for group in examples.groups if group})
    if len(named) < 3:
        groups = np.asarray([f"fold{i % RANDOM_FOLDS}" for i in range(len(examples))])
        named = sorted(set(groups))
    scored = np.flatnonzero(np.isin(groups, named))
    found = np.zeros((len(examples), len(KIND_CODES)))
    for group in named:
        held = groups == group
        features, head = fit_kinds(examples.take(np.flatnonzero(~held)))
        found[held] = probabilities(features, head, examples.take(np.flatnonzero(held)))
    return scored, found[scored]


def decide(
    texts: Sequence[str],
    probabilities: NDArray[np.float64],
    thresholds: Sequence[float] | NDArray[np.float64],
) -> NDArray[np.bool_]:
    """The kinds said of each text (columns in KIND_CODES order), as the pipeline says them:
    over each kind's threshold, then the rules (a question mark asks a question, a
    testimonial is praise too)."""
    return with_rules(texts, probabilities >= np.asarray(thresholds))


def with_rules(texts: Sequence[str], said: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """`said` (rows x KIND_CODES) after the rules kept beside the head (kinds.apply_rules)."""
    return kinds_module.apply_rules_to_matrix(texts, said, KIND_CODES)


def train_kinds(
    cache: EmbeddingCache,
    version: str,
    corrections: Sequence[kinds_module.Example] = (),
    progress: Progress = print,
    data_dir: Path | None = None,
) -> Trained:
    """Fit the kinds head on everything (see the module docstring) and card it."""
    started = time.perf_counter()
    examples = kinds_examples(data_dir, cache, corrections, progress)
    progress(f"kinds: {len(examples):,} rows, {len(corrections)} corrections")
    for problem in examples.problems[:20]:
        progress(f"kinds: skipped {problem}")
    scored, found = out_of_fold(examples)
    truth = examples.truth()[scored]
    limits = best_thresholds(found, truth)
    features, head = fit_kinds(examples)
    head.set_thresholds(dict(zip(KIND_CODES, limits, strict=True)))
    said = decide([examples.texts[i] for i in scored], found, limits)
    predicted = [tuple(kind for k, kind in enumerate(KIND_CODES) if row[k]) for row in said]
    gold = [examples.kinds[i] for i in scored]
    scores = {
        s.label: {
            "precision": round(s.precision, 3),
            "recall": round(s.recall, 3),
            "f1": round(s.f1, 3),
            "support": s.support,
        }
        for s in per_label_sets(gold, predicted, KIND_CODES)
    }
    macro_f1 = float(np.mean([s["f1"] for s in scores.values()]))
    progress(f"kinds: out-of-fold macro-F1 {macro_f1:.3f} over {len(scored):,} posts")
    card = ModelCard(
        model="kinds",
        version=version,
        task="feedback kinds, multi-label (" + ", ".join(head.labels_) + ")",
        encoder=cache.encoder.version,
        data=examples.described,
        metrics={
            "cross_validated_per_kind": scores,
            "macro_f1": round(macro_f1, 4),
            "thresholds": {
                kind: round(limit, 2) for kind, limit in zip(KIND_CODES, limits, strict=True)
            },
            "validation": "leave one source out over the labelled real posts, thresholds "
            "chosen on these same out-of-fold probabilities (so slightly optimistic: "
            "`socialcycle evaluate kinds` chooses them on training sources only)",
        },
        speed={"fit_seconds": round(time.perf_counter() - started, 1)},
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        notes="One logistic regression per kind (classes balanced, rows weighted by source) "
        "on the whole-text all-MiniLM-L6-v2 embedding and the phrase cues of kind_cues.py, "
        "plus two rules (kinds.apply_rules): a question mark asks a question, a testimonial "
        "is praise too. "
        "Several training files carry non-commercial or research-only licences (see data); "
        "check them before shipping this head in a commercial product.",
    )
    return Trained("kinds", features, head, card, macro_f1)
