"""`socialcycle evaluate kinds`: how well the feedback kinds are found on real posts.

Cross-validation on the seed examples says little about real use: real posts are longer,
mix several kinds, and each source (tweets to brands, app reviews, airline reviews) has
its own words. This evaluation scores on `kinds/labelled_train.csv`, real posts with all
ten kinds labelled, **grouped by source**: every fold holds out one whole source, so a
model is always scored on a kind of post it has never seen, as it would be in a new
workspace. Side by side, in one run:

- (a) seed-only: the head as it was before real posts (kinds-base-1's approach, fitted in the
  run on the seed file only; it never saw these posts, so all of them are scored);
- (a') the same head with its per-kind thresholds chosen again on the training sources;
- (b) that approach retrained on the seed file plus the training sources' posts;
- (c) a rules baseline: a question mark means question, the sentiment head's negative means
  complaint and positive praise;
- (d) the shipped approach (kinds_training.py), trained as `socialcycle train` trains it,
  without the held-out source;
- and each public single-kind set, scored only on its own kind (rows no model trained on).

Thresholds are chosen on training folds only: an inner leave-one-source-out over the
training sources gives out-of-fold probabilities, and each kind's threshold is the one with
the best F1 on them; the held-out source never takes part. Precision at the natural base
rate is measured on the `draw == random` rows only (the keyword-drawn rows inflate the rare
kinds).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis import kinds as kinds_module
from socialcycle.analysis.datasets import DataError
from socialcycle.analysis.features import TextFeatures, hashed_counts
from socialcycle.analysis.heads import LinearHead, MultiLabelHead
from socialcycle.analysis.kinds_data import (
    KIND_CODES,
    PUBLIC_SETS,
    LabelledPosts,
    RowProblem,
    read_labelled,
)
from socialcycle.analysis.kinds_training import (
    EVALUATION_SAMPLE,
    EVALUATION_SEED,
    KindsExamples,
    decide,
    evaluation_rows,
    fit_kinds,
    kinds_examples,
    model_texts,
    with_rules,
)
from socialcycle.analysis.kinds_training import probabilities as real_post_probabilities
from socialcycle.analysis.language import detect_languages, is_english
from socialcycle.analysis.metrics import ClassScore, per_label_sets
from socialcycle.analysis.registry import load_bundle, packaged_folder
from socialcycle.analysis.training import (
    KINDS_C,
    EmbeddingCache,
    best_thresholds,
    cross_validate_kinds,
    kinds_features,
)

LABELLED_FILE = Path("kinds") / "labelled_train.csv"
PUBLIC_SAMPLE = EVALUATION_SAMPLE  # rows scored per public set at most (a seeded sample)
SAMPLE_SEED = EVALUATION_SEED
RULE_KINDS = ("question", "complaint", "praise")

Matrix = NDArray[np.float64]
Rows = NDArray[np.int_]
# (labelled rows to train on, labelled rows to predict) -> one probability per kind
# (columns in KIND_CODES order) for each row to predict.
ProbabilitiesFor = Callable[[Rows, Rows], Matrix]


class Steps(Protocol):
    """Where long work reports how far it is (a progress bar in the command)."""

    def begin(self, description: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...


class Silent:
    def begin(self, description: str, total: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass


# --- grouped cross-validation ------------------------------------------------------------


def leave_one_source_out(sources: Sequence[str]) -> list[tuple[str, Rows, Rows]]:
    """For each source: (the source, the rows of every other source, the source's rows)."""
    array = np.asarray(sources)
    folds = []
    for source in sorted(set(sources)):
        held = array == source
        folds.append((source, np.flatnonzero(~held), np.flatnonzero(held)))
    return folds


@dataclass
class GroupedPredictions:
    """Out-of-fold probabilities and decisions; each source's thresholds, per kind."""

    probabilities: Matrix
    predicted: NDArray[np.bool_]
    thresholds: dict[str, list[float]]
    fits: int


def grouped_cross_validation(
    sources: Sequence[str],
    truth: NDArray[np.bool_],
    probabilities_for: ProbabilitiesFor,
    steps: Steps | None = None,
) -> GroupedPredictions:
    """Leave one source out; thresholds from an inner leave-one-source-out on the rest.

    A model trained without sources {s, t} predicts t when s is held out and s when t is,
    so each pair of sources is fitted once: with five sources, 5 + 10 fits, not 5 x 5.
    """
    groups = sorted(set(sources))
    if len(groups) < 3:
        raise DataError(
            f"grouped cross-validation needs posts from at least three sources (found "
            f"{len(groups)}: {', '.join(groups) or 'none'}): one is scored, and thresholds "
            "are chosen by holding out each of the others in turn"
        )
    steps = steps or Silent()
    steps.begin(
        "fitting the kinds head per fold", len(groups) + len(groups) * (len(groups) - 1) // 2
    )
    array = np.asarray(sources)
    fitted: dict[frozenset[str], Matrix] = {}

    def without(excluded: frozenset[str]) -> Matrix:
        if excluded not in fitted:
            held = np.isin(array, sorted(excluded))
            full = np.full(truth.shape, np.nan)
            full[held] = probabilities_for(np.flatnonzero(~held), np.flatnonzero(held))
            fitted[excluded] = full
            steps.advance()
        return fitted[excluded]

    probabilities = np.zeros(truth.shape)
    predicted = np.zeros(truth.shape, dtype=bool)
    thresholds = {}
    for source, train, test in leave_one_source_out(sources):
        inner = np.full(truth.shape, np.nan)
        for other in groups:
            if other != source:
                rows = array == other
                inner[rows] = without(frozenset({source, other}))[rows]
        limits = best_thresholds(inner[train], truth[train])
        thresholds[source] = limits
        probabilities[test] = without(frozenset({source}))[test]
        predicted[test] = probabilities[test] >= np.asarray(limits)
    return GroupedPredictions(probabilities, predicted, thresholds, len(fitted))


# --- the models ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Embedded:
    """Texts with their label sets, embeddings and hashed n-gram counts.

    The counts are computed once (`Embedded.of`) and sliced for every fold, instead of
    hashing the same texts again for each of the fifteen fits.
    """

    texts: list[str]
    kinds: list[tuple[str, ...]]
    embeddings: NDArray[np.float32]
    counts: Any

    @classmethod
    def of(
        cls, texts: Sequence[str], kinds: Sequence[tuple[str, ...]], embeddings: NDArray[np.float32]
    ) -> Embedded:
        counts = hashed_counts(texts, kinds_features().hash_bits)
        return cls(list(texts), list(kinds), embeddings, counts)

    def take(self, rows: Rows) -> Embedded:
        return Embedded(
            [self.texts[i] for i in rows],
            [self.kinds[i] for i in rows],
            self.embeddings[rows],
            self.counts[rows],
        )

    def joined(self, other: Embedded) -> Embedded:
        from scipy.sparse import vstack  # noqa: PLC0415

        return Embedded(
            [*self.texts, *other.texts],
            [*self.kinds, *other.kinds],
            np.vstack([self.embeddings, other.embeddings]),
            vstack([self.counts, other.counts], format="csr"),
        )


def fit_kinds_head(examples: Embedded) -> tuple[TextFeatures, MultiLabelHead]:
    """The current approach: n-grams beside the embedding, one-vs-rest logistic regression."""
    features = kinds_features().fit(examples.texts, examples.counts)
    head = MultiLabelHead(C=KINDS_C).fit(
        features.transform(examples.texts, examples.embeddings, examples.counts), examples.kinds
    )
    return features, head


def kind_probabilities(
    features: TextFeatures,
    head: MultiLabelHead,
    texts: Sequence[str],
    embeddings: NDArray[np.float32],
    counts: Any = None,
) -> Matrix:
    """P(kind) for every text, columns in KIND_CODES order (0 for a kind the head lacks)."""
    found = head.predict_proba(features.transform(list(texts), embeddings, counts))
    out = np.zeros((len(texts), len(KIND_CODES)))
    for column, kind in enumerate(KIND_CODES):
        if kind in head.labels_:
            out[:, column] = found[:, head.labels_.index(kind)]
    return out


def retrained_on(seed: Embedded, posts: Embedded) -> ProbabilitiesFor:
    """Fit on the seed examples (always) plus the given labelled rows; predict others."""

    def probabilities_for(train: Rows, predict: Rows) -> Matrix:
        features, head = fit_kinds_head(seed.joined(posts.take(train)))
        scored = posts.take(predict)
        return kind_probabilities(features, head, scored.texts, scored.embeddings, scored.counts)

    return probabilities_for


def learnt_from_real_posts(examples: KindsExamples) -> ProbabilitiesFor:
    """The shipped approach: rows of no source always train; labelled rows as the fold says.

    `train` and `predict` index the labelled posts, which sit in `examples` in file order.
    """
    always = np.asarray([i for i, group in enumerate(examples.groups) if not group], dtype=int)
    labelled = np.asarray([i for i, group in enumerate(examples.groups) if group], dtype=int)

    def probabilities_for(train: Rows, predict: Rows) -> Matrix:
        features, head = fit_kinds(examples.take(np.concatenate([always, labelled[train]])))
        return real_post_probabilities(features, head, examples.take(labelled[predict]))

    return probabilities_for


def fixed(probabilities: Matrix) -> ProbabilitiesFor:
    """A model that does not learn from the labelled rows (only its thresholds move)."""
    return lambda train, predict: probabilities[predict]


def rules_baseline(
    texts: Sequence[str],
    sentiment: LinearHead,
    sentiment_features: TextFeatures,
    embeddings: NDArray[np.float32],
) -> NDArray[np.bool_]:
    """Question mark -> question; the sentiment head's negative -> complaint, positive -> praise."""
    found = sentiment.predict(sentiment_features.transform(list(texts), embeddings))
    out = np.zeros((len(texts), len(KIND_CODES)), dtype=bool)
    out[:, KIND_CODES.index("question")] = ["?" in text for text in texts]
    out[:, KIND_CODES.index("complaint")] = [label == "negative" for label in found]
    out[:, KIND_CODES.index("praise")] = [label == "positive" for label in found]
    return out


# --- scores --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindScore:
    precision: float
    recall: float
    f1: float
    support: int
    random_precision: float | None  # None: nothing predicted on the random rows
    random_support: int


@dataclass
class ModelScores:
    key: str  # the column heading: a, a', b, c
    name: str
    description: str
    scores: dict[str, KindScore]
    predicts: tuple[str, ...] = KIND_CODES

    def macro_f1(self, kinds: Sequence[str] = KIND_CODES) -> float:
        return float(np.mean([self.scores[kind].f1 for kind in kinds]))


def score_kinds(
    truth: NDArray[np.bool_], predicted: NDArray[np.bool_], is_random: Sequence[bool]
) -> dict[str, KindScore]:
    gold, found = _label_sets(truth), _label_sets(predicted)
    rows = [i for i, flag in enumerate(is_random) if flag]
    everything = per_label_sets(gold, found, KIND_CODES)
    sampled = per_label_sets([gold[i] for i in rows], [found[i] for i in rows], KIND_CODES)
    scores = {}
    for k, (whole, natural) in enumerate(zip(everything, sampled, strict=True)):
        predicted_random = int(predicted[rows, k].sum()) if rows else 0
        scores[whole.label] = KindScore(
            whole.precision,
            whole.recall,
            whole.f1,
            whole.support,
            natural.precision if predicted_random else None,
            natural.support,
        )
    return scores


def _label_sets(matrix: NDArray[np.bool_]) -> list[tuple[str, ...]]:
    return [tuple(KIND_CODES[k] for k in np.flatnonzero(row)) for row in matrix]


def truth_matrix(label_sets: Sequence[Sequence[str]]) -> NDArray[np.bool_]:
    return np.array([[kind in labels for kind in KIND_CODES] for labels in label_sets], dtype=bool)


# --- the whole evaluation ------------------------------------------------------------------


@dataclass(frozen=True)
class PublicScore:
    file: str
    what: str
    kind: str
    rows: int
    total_rows: int
    by_model: dict[str, ClassScore]


@dataclass
class KindsReport:
    rows: int
    random_rows: int
    sources: dict[str, int]
    problems: list[RowProblem]
    models: list[ModelScores]
    public: list[PublicScore]
    public_missing: list[str]
    not_english: int
    public_sample: int
    timings: dict[str, float] = field(default_factory=dict)
    embedded: int = 0


@dataclass(frozen=True)
class Heads:
    """The committed sentiment head, which the rules baseline reads (it never saw these
    posts: it learnt from TweetEval)."""

    sentiment_features: TextFeatures
    sentiment: LinearHead


def committed_heads() -> Heads:
    sentiment_features, sentiment, _ = load_bundle(packaged_folder("sentiment"), LinearHead)
    return Heads(sentiment_features, sentiment)


@dataclass(frozen=True)
class SeedOnly:
    """The kinds head as it was before real posts (kinds-base-1): fitted on the seed file
    and the descriptions in this run, each kind's threshold from 5-fold CV on the seed."""

    features: TextFeatures
    head: MultiLabelHead


def seed_only_head(seed: Embedded, cache: EmbeddingCache) -> SeedOnly:
    features, head = fit_kinds_head(seed)
    validation = cross_validate_kinds(kinds_module.load_examples(), cache, progress=_quiet)
    head.set_thresholds(validation.thresholds)
    return SeedOnly(features, head)


def _quiet(line: str) -> None:
    pass


def evaluate_kinds(
    data_dir: Path,
    cache: EmbeddingCache,
    heads: Heads | None = None,
    steps: Steps | None = None,
    public_sample: int = PUBLIC_SAMPLE,
) -> KindsReport:
    """Score every model side by side on `<data_dir>/kinds/` (see the module docstring)."""
    # Only libraries already loaded are limited: load scikit-learn's and scipy's first.
    import sklearn.linear_model  # noqa: F401, PLC0415
    from threadpoolctl import threadpool_limits  # noqa: PLC0415

    steps = steps or Silent()
    heads = heads or committed_heads()
    # One BLAS thread: on a busy two-core machine the solver's tiny vector operations spend
    # ten times longer waiting for a second thread than computing (measured: 1.2 s -> 0.09 s
    # per kind and fold).
    with threadpool_limits(limits=1):
        return _evaluate(data_dir, cache, heads, steps, public_sample)


def _evaluate(
    data_dir: Path, cache: EmbeddingCache, heads: Heads, steps: Steps, public_sample: int
) -> KindsReport:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    posts = read_labelled(data_dir / LABELLED_FILE, need_source=True)
    if not len(posts):
        raise DataError(f"{posts.path} has no usable rows")
    texts = model_texts(posts.texts)
    steps.begin(f"embedding {posts.path.name}", len(texts))
    embeddings = cache.of_file(posts.path, texts, variant="prepared", advance=steps.advance)
    seed = _seed_examples(cache, steps)
    timings["embedding the labelled posts and the seed"] = time.perf_counter() - started

    started = time.perf_counter()
    real = Embedded.of(texts, posts.kinds, embeddings)
    before = seed_only_head(seed, cache)
    models, retrained = _side_by_side(posts, real, seed, (heads, before), steps)
    timings[f"cross-validation ({retrained.fits} fits)"] = time.perf_counter() - started

    started = time.perf_counter()
    examples = kinds_examples(data_dir, cache, progress=lambda line: None)
    learnt = grouped_cross_validation(
        posts.sources, truth_matrix(posts.kinds), learnt_from_real_posts(examples), steps
    )
    models.append(
        ModelScores(
            "d",
            "real-post model",
            "the shipped approach (kinds_training.py): the labelled posts of the training "
            "sources, the seed file and the public sets (each only on its own kinds), "
            "whole-text embedding and phrase cues, then the rules (a question mark asks a "
            "question, a testimonial is praise too); "
            "thresholds from an inner leave-one-source-out on the training sources",
            score_kinds(
                truth_matrix(posts.kinds),
                with_rules(texts, learnt.predicted),
                posts.is_random(),
            ),
        )
    )
    timings[f"real-post model cross-validation ({learnt.fits} fits)"] = (
        time.perf_counter() - started
    )

    started = time.perf_counter()
    full = _fit_on_all(seed, real, retrained, truth_matrix(posts.kinds))
    shipped = _fit_real_post_model(examples, learnt, truth_matrix(posts.kinds))
    public, missing, encoded = _score_public_sets(
        data_dir, cache, before, (full, shipped), steps, public_sample
    )
    timings["public sets (embedding and scoring)"] = time.perf_counter() - started
    languages = detect_languages(texts)
    return KindsReport(
        rows=len(posts),
        random_rows=sum(posts.is_random()),
        sources=dict(Counter(posts.sources).most_common()),
        problems=posts.problems,
        models=models,
        public=public,
        public_missing=missing,
        not_english=sum(not is_english(language) for language in languages),
        public_sample=public_sample,
        timings=timings,
        embedded=encoded + len(texts) + len(seed.texts),
    )


def _side_by_side(
    posts: LabelledPosts,
    real: Embedded,
    seed: Embedded,
    models_before: tuple[Heads, SeedOnly],
    steps: Steps,
) -> tuple[list[ModelScores], GroupedPredictions]:
    """Models (a), (a'), (b) and (c) scored on the same posts; (b)'s out-of-fold results."""
    texts, embeddings = real.texts, real.embeddings
    truth = truth_matrix(posts.kinds)
    is_random = posts.is_random()
    heads, before = models_before
    today = kind_probabilities(before.features, before.head, texts, embeddings)
    seed_only = today >= _column_thresholds(before.head)
    retuned = grouped_cross_validation(posts.sources, truth, fixed(today))
    retrained = grouped_cross_validation(posts.sources, truth, retrained_on(seed, real), steps)
    rules = rules_baseline(texts, heads.sentiment, heads.sentiment_features, embeddings)
    models = [
        ModelScores(
            "a",
            "seed-only",
            "the head before real posts (kinds-base-1's approach, fitted here on the seed "
            "file only, thresholds from 5-fold CV on the seed); never saw these posts, so "
            "all of them are scored",
            score_kinds(truth, seed_only, is_random),
        ),
        ModelScores(
            "a'",
            "seed-only, re-thresholded",
            "the same head, each kind's threshold chosen on the training sources",
            score_kinds(truth, retuned.predicted, is_random),
        ),
        ModelScores(
            "b",
            "seed + real",
            "the current approach retrained on the seed file plus the training sources' "
            "posts; thresholds from an inner leave-one-source-out on the training sources",
            score_kinds(truth, retrained.predicted, is_random),
        ),
        ModelScores(
            "c",
            "rules",
            "'?' -> question; the sentiment head's negative -> complaint, positive -> praise",
            score_kinds(truth, rules, is_random),
            RULE_KINDS,
        ),
    ]
    return models, retrained


def _seed_examples(cache: EmbeddingCache, steps: Steps) -> Embedded:
    seed = kinds_module.load_examples()
    described = kinds_module.description_examples()
    texts, label_sets = kinds_module.split_label_sets(seed)
    steps.begin("embedding the seed examples", len(texts))
    embeddings = cache.of_file(kinds_module.SEED_FILE, texts, advance=steps.advance)
    described_texts, described_kinds = kinds_module.split_label_sets(described)
    return Embedded.of(
        [*texts, *described_texts],
        [*label_sets, *described_kinds],
        np.vstack([embeddings, cache.of_texts(described_texts)]),
    )


def _column_thresholds(head: MultiLabelHead) -> NDArray[np.float64]:
    limits = np.ones(len(KIND_CODES))  # a kind the head lacks is never predicted
    for column, kind in enumerate(KIND_CODES):
        if kind in head.labels_:
            limits[column] = head.thresholds_[head.labels_.index(kind)]
    return limits


@dataclass(frozen=True)
class FullModel:
    """An approach fitted on every labelled post, for the public sets: (b) or (d)."""

    features: TextFeatures
    head: MultiLabelHead
    thresholds: NDArray[np.float64]


def _fit_on_all(
    seed: Embedded, real: Embedded, validated: GroupedPredictions, truth: NDArray[np.bool_]
) -> FullModel:
    features, head = fit_kinds_head(seed.joined(real))
    # Its thresholds: the best on the out-of-fold probabilities of every labelled post.
    limits = best_thresholds(validated.probabilities, truth)
    return FullModel(features, head, np.asarray(limits))


def _fit_real_post_model(
    examples: KindsExamples, validated: GroupedPredictions, truth: NDArray[np.bool_]
) -> FullModel:
    features, head = fit_kinds(examples)
    return FullModel(features, head, np.asarray(best_thresholds(validated.probabilities, truth)))


def _score_public_sets(
    data_dir: Path,
    cache: EmbeddingCache,
    before: SeedOnly,
    fitted: tuple[FullModel, FullModel],
    steps: Steps,
    sample: int,
) -> tuple[list[PublicScore], list[str], int]:
    full, shipped = fitted
    scores, missing, encoded = [], [], 0
    for public in PUBLIC_SETS:
        path = data_dir / "kinds" / public.file
        if not path.is_file():
            missing.append(public.file)
            continue
        posts = read_labelled(path)
        rows = evaluation_rows(len(posts), sample)
        texts = model_texts([posts.texts[i] for i in rows])
        variant = (
            f"prepared-sample{sample}-seed{SAMPLE_SEED}" if len(rows) < len(posts) else "prepared"
        )
        steps.begin(f"embedding {public.file}", len(texts))
        embeddings = cache.of_file(path, texts, variant=variant, advance=steps.advance)
        encoded += len(texts)
        today = kind_probabilities(before.features, before.head, texts, embeddings)
        retrained = kind_probabilities(full.features, full.head, texts, embeddings)
        whole = cache.whole_of_file(path, texts, variant=variant)
        learnt = shipped.head.predict_proba(shipped.features.transform(texts, whole))
        decisions = {
            "seed-only": today >= _column_thresholds(before.head),
            "seed + all real": retrained >= full.thresholds,
            "real-post model": decide(texts, learnt, shipped.thresholds),
        }
        truth = truth_matrix([posts.kinds[i] for i in rows])
        for kind in public.kinds:
            column = KIND_CODES.index(kind)
            by_model = {
                name: _one_kind(kind, truth[:, column], found[:, column])
                for name, found in decisions.items()
            }
            scores.append(
                PublicScore(public.file, public.what, kind, len(rows), len(posts), by_model)
            )
    return scores, missing, encoded


def _one_kind(kind: str, truth: NDArray[np.bool_], found: NDArray[np.bool_]) -> ClassScore:
    gold = [(kind,) if flag else () for flag in truth]
    predicted = [(kind,) if flag else () for flag in found]
    return per_label_sets(gold, predicted, [kind])[0]


# --- the printed report --------------------------------------------------------------------


def format_kinds_report(report: KindsReport) -> str:
    lines = [
        f"Feedback kinds on real posts: {LABELLED_FILE}, {report.rows:,} posts "
        f"({report.random_rows:,} drawn at random), leave one source out",
        "  sources: " + ", ".join(f"{name} {count}" for name, count in report.sources.items()),
    ]
    lines += _problem_lines(report.problems)
    if report.not_english:
        lines.append(
            f"  {report.not_english} posts are not English by the pipeline's language check; "
            "the pipeline would leave them without kinds (scored here as the models read them)"
        )
    lines.append("")
    for model in report.models:
        lines.append(f"  ({model.key}) {model.name}: {model.description}")
    lines += ["", *_f1_table(report)]
    lines.append(
        "  n: posts with the kind; random: of them, drawn at random. P(random) below: precision "
        "on the random rows only (the natural base rate)"
    )
    for model in report.models:
        lines += ["", *_model_table(model)]
    lines += ["", *_public_table(report), "", *_timing_lines(report)]
    return "\n".join(lines)


def _timing_lines(report: KindsReport) -> list[str]:
    spent = "; ".join(f"{name} {seconds:.0f} s" for name, seconds in report.timings.items())
    return [f"time: {spent} ({report.embedded:,} texts embedded, from the cache when seen before)"]


def _problem_lines(problems: Sequence[RowProblem]) -> list[str]:
    if not problems:
        return ["  skipped rows: none"]
    lines = [f"  skipped rows: {len(problems)} problems"]
    lines += [f"    {problem}" for problem in problems[:20]]
    if len(problems) > 20:
        lines.append(f"    … and {len(problems) - 20} more")
    return lines


def _f1_table(report: KindsReport) -> list[str]:
    width = 8
    header = f"{'F1 per kind':<36} {'n':>4} {'random':>6}" + "".join(
        f"{'(' + model.key + ')':>{width}}" for model in report.models
    )
    lines = [header]
    first = report.models[0].scores
    for kind in KIND_CODES:
        cells = "".join(f"{_f1_cell(model, kind):>{width}}" for model in report.models)
        lines.append(f"{kind:<36} {first[kind].support:>4} {first[kind].random_support:>6}{cells}")
    for label, kinds in (
        ("macro-F1, ten kinds", KIND_CODES),
        ("macro-F1, " + "/".join(RULE_KINDS), RULE_KINDS),
    ):
        cells = "".join(f"{model.macro_f1(kinds):>{width}.3f}" for model in report.models)
        lines.append(f"{label:<36} {'':>4} {'':>6}{cells}")
    return lines


def _f1_cell(model: ModelScores, kind: str) -> str:
    return f"{model.scores[kind].f1:.2f}" if kind in model.predicts else "-"


def _model_table(model: ModelScores) -> list[str]:
    lines = [
        f"({model.key}) {model.name}: macro-F1 {model.macro_f1():.3f}",
        f"  {'kind':<18} {'precision':>9} {'recall':>7} {'f1':>6} {'P(random)':>10} {'n':>5}",
    ]
    for kind in model.predicts:
        s = model.scores[kind]
        natural = "-" if s.random_precision is None else f"{s.random_precision:.2f}"
        lines.append(
            f"  {kind:<18} {s.precision:>9.2f} {s.recall:>7.2f} {s.f1:>6.2f} {natural:>10} "
            f"{s.support:>5}"
        )
    return lines


def _public_table(report: KindsReport) -> list[str]:
    lines = [
        "Public single-kind sets, each scored only on its own kind (files over "
        f"{report.public_sample:,} rows: a seeded sample of {report.public_sample:,}, "
        f"seed {SAMPLE_SEED}). seed-only is (a); seed + all real is (b) and (d) is (d), each "
        "fitted on every labelled post, its thresholds the best on its out-of-fold "
        "probabilities above; (d) never trains on these rows",
        f"  {'file':<36} {'kind':<12} {'rows':>11} {'pos':>5}   "
        f"{'seed-only P/R/F1':>17}   {'seed + all real P/R/F1':>22}   "
        f"{'(d) P/R/F1':>14}",
    ]
    for row in report.public:
        counted = (
            f"{row.rows:,}" if row.rows == row.total_rows else f"{row.rows:,}/{row.total_rows:,}"
        )
        cells = "   ".join(
            f"{s.precision:.2f}/{s.recall:.2f}/{s.f1:.2f}".rjust(w)
            for s, w in zip(row.by_model.values(), (17, 22, 14), strict=True)
        )
        support = next(iter(row.by_model.values())).support
        lines.append(f"  {row.file:<36} {row.kind:<12} {counted:>11} {support:>5}   {cells}")
        lines.append(f"    {row.what}")
    lines += [f"  {name}: not found, skipped" for name in report.public_missing]
    return lines
