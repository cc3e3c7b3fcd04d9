"""`socialcycle train`: fit the analysis heads.

`--base` reproduces the heads committed in the package from the TweetEval data, the
multilingual tweets (`sentiment_multilingual/`, the "languages" heads) and the seed
examples (no database needed). Without it, the shared heads are retrained on the same
data plus the corrections of the workspaces that share theirs, each new version is
activated only when it scores at least as well as the active one on the validation data,
and posts are queued to be analysed again with it. Then each workspace with kinds
corrections gets its own kinds head, used for its posts only when it is not worse than
the shared one on the posts its analysts confirmed (docs/models.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from socialcycle.commands.base import Command
from socialcycle.commands.errors import UserFacingError, setup, setup_django

MODEL_CHOICES = ("encoder", "sentiment", "offensive", "emotion", "kinds", "languages", "spam")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base",
        action="store_true",
        help="rebuild the committed heads from the training data only (no corrections)",
    )
    parser.add_argument(
        "--data", type=Path, default=None, help="TweetEval folder (default TRAINING_DATA_DIR)"
    )
    parser.add_argument(
        "--only",
        choices=MODEL_CHOICES,
        action="append",
        help="train only this head (repeatable); encoder = fine-tune the shared encoder "
        "(with --base only, never by default; about 35 minutes on two cores; then retrain the "
        "heads that read it: sentiment, offensive, emotion, kinds); languages = the sentiment "
        "heads of Arabic, French, German, Hindi, Italian, Portuguese and Spanish; spam = the spam "
        "scorer, on socialcycle/analysis/resources/spam_labels.csv joined with "
        "kinds/pool_twcs.csv",
    )
    parser.add_argument("--threads", type=int, default=2, help="encoder threads (default 2)")


def run(args: argparse.Namespace) -> int:
    setup_django() if args.base else setup()
    from django.conf import settings

    from socialcycle.analysis.datasets import DataError
    from socialcycle.analysis.encoder import EncoderError

    data_dir = args.data or settings.TRAINING_DATA_DIR
    if not data_dir.is_dir():
        raise UserFacingError(
            f"the training data folder {data_dir} does not exist; pass --data DIR or set "
            "TRAINING_DATA_DIR to the folder holding tweeteval_sentiment/ and the others"
        )
    # The encoder is fine-tuned only when asked for: the committed heads read the encoder
    # in use, and a tuned one is not shipped yet (docs/models.md, "Fine-tuning the encoder").
    names = args.only or [name for name in MODEL_CHOICES if name != "encoder"]
    if "encoder" in names and not args.base:
        raise UserFacingError(
            "the encoder is fine-tuned only with --base (it is shared by every workspace "
            "and learns no corrections): run `socialcycle train --base --only encoder`"
        )
    try:
        if args.base:
            return _train_base(names, data_dir, settings.MODEL_DIR, args.threads)
        return _retrain(names, data_dir, settings.MODEL_DIR, args.threads)
    except (DataError, EncoderError) as error:
        raise UserFacingError(str(error)) from None


# A committed head's version is <model>-base-<release>: a new release of the base data or
# approach gets a new number, so analyses made with the old head say so.
BASE_RELEASES = {"kinds": 2}


def base_version(model: str) -> str:
    return f"{model}-base-{BASE_RELEASES.get(model, 1)}"


def _train_base(names: list[str], data_dir: Path, model_dir: Path, threads: int) -> int:
    from socialcycle.analysis.encoder import load_encoder
    from socialcycle.analysis.registry import packaged_folder, write_bundle
    from socialcycle.analysis.training import (
        EmbeddingCache,
        needs_encoder,
        train_heads,
    )

    if "encoder" in names:
        _tune_encoder_base(data_dir, threads)
        names = [name for name in names if name != "encoder"]
    if "spam" in names:
        _train_spam_base(data_dir)
        names = [name for name in names if name != "spam"]
    if not names:
        return 0
    cache = (
        EmbeddingCache(load_encoder(model_dir, threads), model_dir / "cache")
        if needs_encoder(names)
        else None
    )
    for trained in train_heads(names, data_dir, cache, version_of=base_version):
        folder = packaged_folder(trained.model)
        write_bundle(folder, trained.features, trained.head, trained.card)
        print(f"{trained.model}: wrote {folder} (score {trained.score:.4f})")
    return 0


def _tune_encoder_base(data_dir: Path, threads: int) -> None:
    from rich.progress import Progress

    from socialcycle.analysis.encoder import TUNED_FOLDER, load_encoder
    from socialcycle.analysis.encoder_tuning import (
        TuningSettings,
        train_encoder,
    )

    with Progress() as bar:
        task = bar.add_task("fine-tuning the encoder (one epoch)", total=None)
        card = train_encoder(
            data_dir,
            TUNED_FOLDER,
            TuningSettings(threads=threads),
            progress=bar.console.print,
            advance=lambda rows: bar.update(task, advance=rows),
        )
    load_encoder.cache_clear()  # the heads trained next read the new encoder
    print(f"encoder: wrote {TUNED_FOLDER} ({card['size_bytes'] / 1e6:.1f} MB, {card['version']})")


def _train_spam_base(data_dir: Path) -> None:
    from socialcycle.analysis.registry import packaged_folder
    from socialcycle.analysis.spam import MODEL
    from socialcycle.analysis.spam_evaluation import train_spam

    scorer, card = train_spam(data_dir, f"{MODEL}-base-1")
    folder = packaged_folder(MODEL)
    scorer.save(folder, card)
    print(f"spam: wrote {folder} (cross-validated F1 {card.metrics['cross_validated']['f1']})")


def _retrain(names: list[str], data_dir: Path, model_dir: Path, threads: int) -> int:
    from socialcycle.understanding.learning import retrain
    from socialcycle.understanding.workspace_models import retrain_workspace_heads

    for outcome in retrain(names, data_dir, model_dir, threads=threads, progress=print):
        print(outcome.sentence())
    for decision in retrain_workspace_heads(
        model_dir, names, data_dir=data_dir, threads=threads, progress=print
    ):
        print(decision.sentence())
    return 0


COMMAND = Command(
    name="train",
    help="Train the analysis models (--base: rebuild the committed ones).",
    run=run,
    add_arguments=add_arguments,
)
