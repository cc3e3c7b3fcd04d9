"""The kinds learnt by fine-tuning the encoder on the real posts themselves, per fold.

    .venv/bin/python benchmarks/kinds_fine_tuning.py [--data ../shared/data] [--repeat 3]
        [--keep-base 0] [--max-tokens 96]

An experiment, not a speed benchmark: for each source of `kinds/labelled_train.csv`, all-
MiniLM-L6-v2 is fine-tuned from the base weights (encoder_tuning.fine_tune, one pass) on
3,000 TweetEval sentiment tweets and the kinds task of `socialcycle train --base --only
encoder` (seed file and definitions, up to 500 rows of each public set) plus the other
sources' real posts, repeated --repeat times; its own kinds layer then scores the held-out
source. It prints per-kind precision, recall and F1 at the layer's 0.5 threshold, each
kind's ranking (ROC AUC) and the F1 of the best threshold chosen on the scored posts
themselves (an upper bound, not a result). The reference is `socialcycle evaluate kinds`,
model (d), on the same folds: macro-F1 0.517 (docs/models.md). Five fine-tunes, about
25 minutes on two cores.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep-base", type=float, default=0.0)
    parser.add_argument("--max-tokens", type=int, default=96)
    args = parser.parse_args()

    from sklearn.metrics import f1_score, roc_auc_score

    from socialcycle.analysis.kinds_data import KIND_CODES, read_labelled
    from socialcycle.analysis.kinds_training import model_texts, with_rules
    from socialcycle.analysis.metrics import per_label_sets

    posts = read_labelled(args.data / "kinds" / "labelled_train.csv")
    texts = model_texts(posts.texts)
    truth = np.array([[k in kinds for k in KIND_CODES] for kinds in posts.kinds], dtype=bool)
    probabilities = held_out_probabilities(args, texts, truth, np.array(posts.sources))
    said = with_rules(texts, probabilities >= 0.5)
    gold = [tuple(k for j, k in enumerate(KIND_CODES) if row[j]) for row in truth]
    found = [tuple(k for j, k in enumerate(KIND_CODES) if row[j]) for row in said]
    print(f"\n{'kind':<18}{'P':>6}{'R':>6}{'F1':>6}{'AUC':>7}{'best F1':>9}{'n':>5}")
    best = []
    for j, score in enumerate(per_label_sets(gold, found, KIND_CODES)):
        column = probabilities[:, j]
        best.append(
            max(
                f1_score(truth[:, j], column >= limit, zero_division=0.0)
                for limit in np.linspace(0.01, 0.9, 60)
            )
        )
        print(
            f"{score.label:<18}{score.precision:>6.2f}{score.recall:>6.2f}{score.f1:>6.2f}"
            f"{roc_auc_score(truth[:, j], column):>7.3f}{best[-1]:>9.2f}{score.support:>5}"
        )
    macro = np.mean([s.f1 for s in per_label_sets(gold, found, KIND_CODES)])
    print(f"macro-F1 {macro:.3f} (best thresholds on the scored posts: {np.mean(best):.3f})")
    print("reference: socialcycle evaluate kinds, model (d): 0.517")


def held_out_probabilities(
    args: argparse.Namespace,
    texts: list[str],
    truth: NDArray[np.bool_],
    sources: NDArray[np.str_],
) -> NDArray[np.float64]:
    import torch

    from socialcycle.analysis import encoder_tuning as tuning

    settings = tuning.TuningSettings(
        max_tokens=args.max_tokens,
        sentiment_rows=3000,
        emotion_rows=0,
        offensive_rows=0,
        public_rows=500,
        keep_base=args.keep_base,
    )
    tasks = tuning.tuning_tasks(args.data, settings, lambda line: None)
    sentiment, kinds = tasks[0], tasks[3]
    probabilities = np.zeros(truth.shape)
    for source in sorted(set(sources)):
        started = time.perf_counter()
        train, test = np.flatnonzero(sources != source), np.flatnonzero(sources == source)
        task = replace(
            kinds,
            texts=kinds.texts + [texts[i] for i in train] * args.repeat,
            targets=np.concatenate(
                [kinds.targets, *[truth[train].astype(np.float32)] * args.repeat]
            ),
        )
        model = tuning.fine_tune([sentiment, task], settings)
        tokens = tuning.Tokens(args.max_tokens)
        with torch.no_grad():
            for start in range(0, len(test), 64):
                rows = test[start : start + 64]
                ids, mask = tokens([texts[i] for i in rows])
                logits = model("kinds", tuning.mean_pooled(model.encoder, ids, mask))
                probabilities[rows] = torch.sigmoid(logits).numpy()
        print(
            f"{source}: tuned on {len(train)} real posts in {time.perf_counter() - started:.0f} s"
        )
    return probabilities


if __name__ == "__main__":
    main()
