"""`socialcycle evaluate`: each model's metric on the validation split, beside baselines
measured in the same run and the published TweetEval figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from socialcycle.analysis.datasets import TASKS, Task, load_split
from socialcycle.analysis.metrics import metric
from socialcycle.analysis.pipeline import LoadedHead, Pipeline
from socialcycle.analysis.reference.lexicon import LexiconSentimentClassifier
from socialcycle.analysis.reference.vader import vader_sentiment
from socialcycle.analysis.training import EmbeddingCache

Progress = Callable[[str], None]


@dataclass
class TaskReport:
    task: str
    metric: str
    version: str
    score: float
    baselines: dict[str, float] = field(default_factory=dict)
    published: dict[str, float] = field(default_factory=dict)


def evaluate_task(
    pipeline: Pipeline, loaded: LoadedHead, task: Task, data_dir: Path, cache: EmbeddingCache
) -> TaskReport:
    val = load_split(data_dir, task, "val")
    embeddings = cache.of_file(val.path, val.texts)
    probabilities = loaded.proba(val.texts, embeddings)
    classes = loaded.head.classes_
    predicted = [classes[int(row.argmax())] for row in probabilities]
    report = TaskReport(
        task.name,
        task.metric,
        loaded.card.version,
        metric(task.metric, val.labels, predicted, task.labels),
    )
    report.published = {name: value / 100 for name, value in task.published}
    if task.name == "sentiment":
        report.baselines["VADER"] = metric(
            task.metric, val.labels, vader_sentiment(val.texts), task.labels
        )
        lexicon = LexiconSentimentClassifier().predict(val.texts)
        report.baselines["word-list baseline"] = metric(
            task.metric, val.labels, lexicon, task.labels
        )
    report.baselines["majority class"] = metric(
        task.metric,
        val.labels,
        [max(set(val.labels), key=val.labels.count)] * len(val.labels),
        task.labels,
    )
    return report


def evaluate_all(
    pipeline: Pipeline, data_dir: Path, progress: Progress = print
) -> tuple[list[TaskReport], dict[str, dict[str, float]]]:
    cache = EmbeddingCache(pipeline.encoder, pipeline.model_dir / "cache")
    loaded = {
        "sentiment": pipeline.sentiment,
        "offensive": pipeline.offensive,
        "emotion": pipeline.emotion,
    }
    reports = []
    for name, task in TASKS.items():
        progress(f"evaluating {name} on {task.folder}/val.csv")
        reports.append(evaluate_task(pipeline, loaded[name], task, data_dir, cache))
    return reports, kinds_card_scores(pipeline)


def kinds_card_scores(pipeline: Pipeline) -> dict[str, dict[str, float]]:
    """The kinds head in use, per kind, as its model card measured it when trained."""
    found = pipeline.kinds.card.metrics.get("cross_validated_per_kind", {})
    return found if isinstance(found, dict) else {}


def format_report(reports: list[TaskReport], kinds: dict[str, dict[str, float]]) -> str:
    header = f"{'model':<10} {'version':<30} {'metric':<13} {'ours':>6}"
    lines = [header + "   compared with (same run; published = TweetEval test set)"]
    for r in reports:
        others = [f"{name} {value:.3f}" for name, value in r.baselines.items()]
        others += [f"{name} {value:.3f} (published)" for name, value in r.published.items()]
        lines.append(
            f"{r.task:<10} {r.version:<30} {r.metric:<13} {r.score:>6.3f}   " + "; ".join(others)
        )
    lines.append("")
    lines.append(
        "feedback kinds, the head in use as its model card measured it (real labelled posts, "
        "leave one source out, thresholds chosen on the same folds, so slightly optimistic; "
        "`socialcycle evaluate kinds` measures it strictly):"
    )
    lines.append(f"  {'kind':<18} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>4}")
    for kind, s in kinds.items():
        scores = f"{s['precision']:>9.2f} {s['recall']:>7.2f} {s['f1']:>6.2f}"
        lines.append(f"  {kind:<18} {scores} {int(s['support']):>4}")
    return "\n".join(lines)
