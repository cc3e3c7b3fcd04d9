"""`socialcycle evaluate`: how good the active models are, beside baselines from the same run."""

from __future__ import annotations

import argparse
from pathlib import Path

from socialcycle.commands.base import Command
from socialcycle.commands.errors import UserFacingError, setup_django


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        nargs="?",
        default="models",
        choices=["models"],
        help="what to evaluate (default: the analysis models)",
    )
    parser.add_argument(
        "--data", type=Path, default=None, help="TweetEval folder (default TRAINING_DATA_DIR)"
    )


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings  # noqa: PLC0415

    from socialcycle.analysis.datasets import DataError  # noqa: PLC0415
    from socialcycle.analysis.encoder import EncoderError  # noqa: PLC0415
    from socialcycle.analysis.evaluation import evaluate_all, format_report  # noqa: PLC0415
    from socialcycle.analysis.pipeline import Pipeline  # noqa: PLC0415

    data_dir = args.data or settings.TRAINING_DATA_DIR
    if not data_dir.is_dir():
        raise UserFacingError(
            f"the evaluation data folder {data_dir} does not exist; pass --data DIR or set "
            "TRAINING_DATA_DIR"
        )
    try:
        pipeline = Pipeline(settings.MODEL_DIR, threads=2)
        reports, kinds = evaluate_all(pipeline, data_dir)
    except (DataError, EncoderError, FileNotFoundError) as error:
        raise UserFacingError(str(error)) from None
    print(format_report(reports, kinds))
    return 0


COMMAND = Command(
    name="evaluate",
    help="Print each model's validation metric beside baselines measured in the same run.",
    run=run,
    add_arguments=add_arguments,
)
