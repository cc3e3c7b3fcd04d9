"""`socialcycle evaluate`: how good the active models are, beside baselines from the same run."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from socialcycle.commands.base import Command
from socialcycle.commands.errors import UserFacingError, setup_django

if TYPE_CHECKING:  # Django is set up only when the command runs
    from socialcycle.measuring.alerts.evaluation import AlertEvaluation


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        nargs="?",
        default="models",
        choices=["models", "kinds", "alerts", "topics", "languages", "spam"],
        help="what to evaluate: the analysis models (default), the feedback kinds on real "
        "posts (kinds/labelled_train.csv, cross-validated by source), the early-warning "
        "alerts on the demo data's planted outage, topic discovery (Banking77 intents and "
        "a real airline tweet export), or sentiment in the seven other languages (each beside "
        "XLM-T's published FastText figure), or the spam scorer on the labelled TWCS sample "
        "(socialcycle/analysis/resources/spam_labels.csv, texts from kinds/pool_twcs.csv)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="the training data folder holding tweeteval_*/, kinds/ and topics/ "
        "(default TRAINING_DATA_DIR)",
    )


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    from socialcycle.analysis.datasets import DataError
    from socialcycle.analysis.encoder import EncoderError
    from socialcycle.analysis.evaluation import evaluate_all, format_report
    from socialcycle.analysis.pipeline import Pipeline

    if args.what == "alerts":
        return evaluate_alerts(settings.MODEL_DIR)
    data_dir = args.data or settings.TRAINING_DATA_DIR
    if not data_dir.is_dir():
        raise UserFacingError(
            f"the evaluation data folder {data_dir} does not exist; pass --data DIR or set "
            "TRAINING_DATA_DIR"
        )
    if args.what == "topics":
        return evaluate_topics(settings.MODEL_DIR, data_dir)
    if args.what == "kinds":
        return evaluate_kinds(settings.MODEL_DIR, data_dir)
    if args.what == "languages":
        return evaluate_languages(settings.MODEL_DIR, data_dir)
    if args.what == "spam":
        return evaluate_spam(data_dir)
    try:
        pipeline = Pipeline(settings.MODEL_DIR, threads=2)
        reports, kinds = evaluate_all(pipeline, data_dir)
    except (DataError, EncoderError, FileNotFoundError) as error:
        raise UserFacingError(str(error)) from None
    print(format_report(reports, kinds))
    return 0


def evaluate_languages(model_dir: Path, data_dir: Path) -> int:
    from socialcycle.analysis.datasets import DataError
    from socialcycle.analysis.encoder import EncoderError
    from socialcycle.analysis.language_evaluation import (
        evaluate_languages as evaluate,
    )
    from socialcycle.analysis.language_evaluation import format_language_report
    from socialcycle.analysis.pipeline import Pipeline

    try:
        pipeline = Pipeline(model_dir, threads=2)
        reports = evaluate(pipeline, data_dir, progress=lambda line: print(line, flush=True))
    except (DataError, EncoderError, FileNotFoundError) as error:
        raise UserFacingError(str(error)) from None
    print(format_language_report(reports))
    return 0


def evaluate_spam(data_dir: Path) -> int:
    from socialcycle.analysis.datasets import DataError
    from socialcycle.analysis.spam import load_scorer
    from socialcycle.analysis.spam_evaluation import (
        check_pool,
        format_pool_check,
        format_spam_report,
    )
    from socialcycle.analysis.spam_evaluation import (
        evaluate_spam as evaluate,
    )

    try:
        report = evaluate(data_dir)
        pool = check_pool(data_dir, load_scorer())
    except (DataError, ValueError) as error:
        raise UserFacingError(str(error)) from None
    print(format_spam_report(report))
    print()
    print(format_pool_check(pool))
    return 0


def evaluate_topics(model_dir: Path, data_dir: Path) -> int:
    from socialcycle.analysis.encoder import EncoderError
    from socialcycle.analysis.pipeline import Pipeline
    from socialcycle.analysis.topic_evaluation import (
        evaluate_topics as evaluate,
    )
    from socialcycle.analysis.topic_evaluation import format_topic_report
    from socialcycle.analysis.training import EmbeddingCache

    try:
        pipeline = Pipeline(model_dir, threads=2)
        cache = EmbeddingCache(pipeline.encoder, model_dir / "cache")
        report = evaluate(data_dir, cache.of_file, progress=lambda line: print(line, flush=True))
    except (EncoderError, FileNotFoundError, ValueError) as error:
        raise UserFacingError(str(error)) from None
    print(format_topic_report(report))
    return 0


class ProgressBar:
    """The analysis package's `Steps`, shown as one bar per step on stderr."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def begin(self, description: str, total: int) -> None:
        self.task = self.progress.add_task(description, total=total)

    def advance(self, count: int = 1) -> None:
        if self.task is not None:
            self.progress.update(self.task, advance=count)


def evaluate_kinds(model_dir: Path, data_dir: Path) -> int:
    from socialcycle.analysis.datasets import DataError
    from socialcycle.analysis.encoder import EncoderError, load_encoder
    from socialcycle.analysis.kinds_evaluation import (
        evaluate_kinds as evaluate,
    )
    from socialcycle.analysis.kinds_evaluation import format_kinds_report
    from socialcycle.analysis.training import EmbeddingCache

    try:
        cache = EmbeddingCache(load_encoder(model_dir, threads=2), model_dir / "cache")
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        ) as progress:
            report = evaluate(data_dir, cache, steps=ProgressBar(progress))
    except (DataError, EncoderError, FileNotFoundError) as error:
        raise UserFacingError(str(error)) from None
    print(format_kinds_report(report))
    return 0


# The demo the alerts are evaluated on: fixed, so that the numbers in docs/alerts.md repeat.
ALERTS_DEMO_SEED = 7
ALERTS_DEMO_END = datetime(2026, 3, 2, tzinfo=UTC)


def evaluate_alerts_on_demo(model_dir: Path | None) -> AlertEvaluation:
    """Generate the demo (fixed seed and end), analyse it, replay it through the rule."""
    from socialcycle.demo.generator import generate_demo_dataset
    from socialcycle.measuring.alerts import evaluation as alert_evaluation

    demo = generate_demo_dataset(seed=ALERTS_DEMO_SEED, end=ALERTS_DEMO_END)
    posts = demo.posts
    observations = alert_evaluation.observe(
        [f"{post.title}\n{post.text}" if post.title else post.text for post in posts],
        [post.created_at for post in posts],
        demo.products,
        demo.competitors,
        model_dir,
    )
    return alert_evaluation.evaluate(
        observations,
        outage_start=min(post.created_at for post in posts if post.story == "outage"),
        outage_days=demo.outage_days,
        days=(demo.end - demo.start) // timedelta(days=1),
    )


def evaluate_alerts(model_dir: Path) -> int:
    from socialcycle.analysis.encoder import EncoderError
    from socialcycle.measuring.alerts.evaluation import format_report

    try:
        evaluation = evaluate_alerts_on_demo(model_dir)
    except (EncoderError, FileNotFoundError) as error:
        raise UserFacingError(str(error)) from None
    title = f"the demo data (seed {ALERTS_DEMO_SEED}, ending {ALERTS_DEMO_END:%Y-%m-%d})"
    print(format_report(evaluation, title))
    return 0


COMMAND = Command(
    name="evaluate",
    help="Print each model's validation metric beside baselines measured in the same run, "
    "(`evaluate kinds`) the feedback kinds on real posts, cross-validated by source, beside "
    "today's seed-only head and a rules baseline, (`evaluate alerts`) the alerts' detection "
    "delay and false alerts on the demo outage, "
    "(`evaluate topics`) topic discovery beside KMeans on Banking77 and airline tweets, or "
    "(`evaluate languages`) sentiment in Arabic, French, German, Hindi, Italian, Portuguese "
    "and Spanish beside XLM-T's published FastText figures, or (`evaluate spam`) the spam "
    "scorer's cross-validated precision and recall beside a keywords-only rule.",
    run=run,
    add_arguments=add_arguments,
)
