"""Training the sentiment heads of the languages other than English.

One head per language (`sentiment_languages.LANGUAGES`): TF-IDF of hashed word 1-2-grams
and character 2-5-grams, multinomial logistic regression. No encoder is involved, so this
needs neither torch nor the ONNX graph and takes a few minutes for all seven. The
regularisation is chosen by 5-fold cross-validation on the training file (its ~1,800 rows
are too few for a held-out tenth to choose reliably); the validation file is only scored.
A bad row of either file is named (file, row, field) and left out; the rest trains.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from socialcycle.analysis.datasets import Split, load_rows_skipping_bad
from socialcycle.analysis.features import TextFeatures, no_embeddings
from socialcycle.analysis.heads import LinearHead
from socialcycle.analysis.metrics import metric
from socialcycle.analysis.registry import ModelCard
from socialcycle.analysis.sentiment_languages import (
    DATA_FOLDER,
    LABELS,
    LANGUAGES,
    LICENCE,
    METRIC,
    SentimentLanguage,
)
from socialcycle.analysis.training import LabelledText, Trained, describe_file

C_GRID = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
FOLDS = 5
HASH_BITS = 16  # 2 x 65,536 n-gram buckets: measured as good as 2^18 on 1,800 tweets
SOLVER = "saga"
SEED = 0

Progress = Callable[[str], None]


def language_features() -> TextFeatures:
    return TextFeatures(ngrams=True, hash_bits=HASH_BITS)


def load_language_split(
    data_dir: Path, language: SentimentLanguage, split: str
) -> tuple[Split, list[str]]:
    path = data_dir / DATA_FOLDER / language.file(split)
    return load_rows_skipping_bad(
        path, LABELS, f"the {language.name} sentiment {split} split of XLM-T's UMSAB"
    )


def fit_language_head(
    texts: Sequence[str], labels: Sequence[str], c: float
) -> tuple[TextFeatures, LinearHead]:
    features = language_features().fit(texts)
    head = LinearHead(C=c, solver=SOLVER).fit(
        features.transform(texts, no_embeddings(len(texts))), labels
    )
    return features, head


def cross_validated_scores(texts: Sequence[str], labels: Sequence[str]) -> dict[float, float]:
    """Macro-F1 of each C of C_GRID, predicted out of fold over the training rows."""
    order = np.random.default_rng(SEED).permutation(len(texts))
    folds = [order[k::FOLDS] for k in range(FOLDS)]
    predicted: dict[float, list[str]] = {c: [""] * len(texts) for c in C_GRID}
    for held in folds:
        kept = np.setdiff1d(order, held)
        fit_texts = [texts[i] for i in kept]
        features = language_features().fit(fit_texts)
        fit_x = features.transform(fit_texts, no_embeddings(len(kept)))
        held_x = features.transform([texts[i] for i in held], no_embeddings(len(held)))
        for c in C_GRID:
            head = LinearHead(C=c, solver=SOLVER).fit(fit_x, [labels[i] for i in kept])
            for row, label in zip(held, head.predict(held_x), strict=True):
                predicted[c][row] = label
    return {c: metric(METRIC, list(labels), predicted[c], LABELS) for c in C_GRID}


def train_language(
    language: SentimentLanguage,
    data_dir: Path,
    version: str,
    extra: Sequence[LabelledText] = (),
    progress: Progress = print,
) -> Trained:
    """Fit one language's head on its training file (plus corrections) and score it."""
    train, train_problems = load_language_split(data_dir, language, "train")
    val, val_problems = load_language_split(data_dir, language, "val")
    for problem in (*train_problems, *val_problems):
        progress(problem)
    texts = [*train.texts, *(item.text for item in extra)]
    labels = [*train.labels, *(item.label for item in extra)]
    started = time.perf_counter()
    scores = cross_validated_scores(texts, labels)
    best_c = max(scores, key=lambda c: (scores[c], -c))
    features, head = fit_language_head(texts, labels, best_c)
    predicted = head.predict(features.transform(val.texts, no_embeddings(len(val.texts))))
    score = metric(METRIC, val.labels, predicted, LABELS)
    progress(
        f"{language.model}: validation macro-F1 {score:.4f} (C={best_c}, cross-validated "
        f"{scores[best_c]:.4f}; published FastText {language.fasttext / 100:.3f} on test)"
    )
    card = ModelCard(
        model=language.model,
        version=version,
        task=f"sentiment classification ({', '.join(LABELS)}), {language.name.title()} tweets",
        encoder="none (n-grams only)",
        data={
            "train": describe_file(train.path, len(train.texts)),
            "validation": describe_file(val.path, len(val.texts)),
            "skipped_rows": len(train_problems) + len(val_problems),
            "corrections": len(extra),
            "origin": language.origin,
            "licence": LICENCE,
        },
        metrics={
            METRIC: round(score, 4),
            "split": "validation",
            "C": best_c,
            "cross_validated_macro_f1": {str(c): round(s, 4) for c, s in scores.items()},
            "published_test_set": {"FastText mono": language.fasttext, "XLM-T": language.xlm_t},
        },
        speed={"fit_seconds": round(time.perf_counter() - started, 1)},
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        notes="Logistic regression (saga) over TF-IDF word 1-2-grams and character "
        "2-5-grams, hashed into 2 x 65,536 buckets; no sentence encoder. C chosen by 5-fold "
        "cross-validation on the training file.",
    )
    return Trained(language.model, features, head, card, score)


def train_languages(
    data_dir: Path,
    version_of: Callable[[str], str],
    corrections: Mapping[str, Sequence[LabelledText]] | None = None,
    progress: Progress = print,
) -> list[Trained]:
    """Every language's head; `corrections` are keyed by language code."""
    corrections = corrections or {}
    return [
        train_language(
            language,
            data_dir,
            version_of(language.model),
            corrections.get(language.code, ()),
            progress,
        )
        for language in LANGUAGES
    ]
