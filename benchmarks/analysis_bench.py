"""Posts per second of the analysis pipeline on one CPU process, beside VADER.

    .venv/bin/python benchmarks/analysis_bench.py [--posts 4000] [--batch 256]
        [--threads 1] [--data ../shared/data] [--model-dir var/models]

Texts: TweetEval's sentiment validation tweets, repeated to --posts. Prints the rate of
the full pipeline (`Pipeline.analyze`), of sentiment alone (encoder + sentiment head), of
the encoder alone, and of VADER on the same texts measured in the same run, plus load time
and peak memory;
and the full pipeline's rate on the seven other languages' validation tweets
(`sentiment_multilingual/`, read by their n-gram heads without the encoder).
Goals: the full pipeline >= 300 posts/s on one process (issue 4), and at least 1.4% of
VADER's rate measured beside it (issue 18). On a shared machine both move with the load;
the share of the encoder's own rate that the full pipeline keeps moves least, as the
encoder is most of the cost.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

GOAL_POSTS_PER_SECOND = 300
GOAL_SHARE_OF_VADER = 1.4  # per cent


def texts_from(data_dir: Path, count: int) -> list[str]:
    from socialcycle.analysis.datasets import SENTIMENT, load_split

    base = load_split(data_dir, SENTIMENT, "val").texts
    return [base[i % len(base)] for i in range(count)]


def other_language_texts(data_dir: Path, count: int) -> list[str]:
    from socialcycle.analysis.language_training import load_language_split
    from socialcycle.analysis.sentiment_languages import DATA_FOLDER, LANGUAGES

    if not (data_dir / DATA_FOLDER).is_dir():
        return []
    base = [
        text
        for language in LANGUAGES
        for text in load_language_split(data_dir, language, "val")[0].texts
    ]
    return [base[i % len(base)] for i in range(count)]


class Rate(NamedTuple):
    wall: float  # posts per second of elapsed time
    cpu: float  # posts per second of this process's CPU time (waiting for a core excluded)


def rate(function: Callable[[list[str]], object], texts: list[str], batch: int) -> Rate:
    start, cpu_start = time.perf_counter(), time.process_time()
    for offset in range(0, len(texts), batch):
        function(texts[offset : offset + batch])
    cpu = time.process_time() - cpu_start
    return Rate(len(texts) / (time.perf_counter() - start), len(texts) / max(cpu, 1e-9))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=4000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--model-dir", type=Path, default=REPO / "var" / "models")
    args = parser.parse_args()
    os.environ["ANALYSIS_THREADS"] = str(args.threads)

    from socialcycle.analysis.pipeline import Pipeline
    from socialcycle.analysis.reference.vader import vader_sentiment

    texts = texts_from(args.data, args.posts)
    started = time.perf_counter()
    pipeline = Pipeline(args.model_dir, threads=args.threads)
    pipeline.analyze(texts[:64])  # loads the encoder and warms every stage
    vader_sentiment(texts[:64])
    load_s = time.perf_counter() - started

    def sentiment_alone(batch: list[str]) -> None:
        embeddings = pipeline.encoder.encode(batch)
        pipeline.sentiment.proba(batch, embeddings)

    full = rate(pipeline.analyze, texts, args.batch)
    sentiment = rate(sentiment_alone, texts, args.batch)
    encoder = rate(pipeline.encoder.encode, texts, args.batch)
    vader = rate(vader_sentiment, texts, args.batch)
    others = other_language_texts(args.data, args.posts)
    other_rate = rate(pipeline.analyze, others, args.batch) if others else Rate(0.0, 0.0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"{len(texts):,} tweets, batches of {args.batch}, {args.threads} thread(s), one process")
    print(f"load + warm-up          {load_s:8.1f} s")
    print(f"{'':24}{'posts/s':>8}   per CPU second")
    print(f"full pipeline           {full.wall:8,.0f}   {full.cpu:8,.0f}")
    print(f"sentiment alone         {sentiment.wall:8,.0f}   {sentiment.cpu:8,.0f}")
    print(f"encoder alone           {encoder.wall:8,.0f}   {encoder.cpu:8,.0f}")
    print(f"VADER (same texts)      {vader.wall:8,.0f}   {vader.cpu:8,.0f}")
    if others:
        print(
            f"seven other languages   {other_rate.wall:8,.0f}   {other_rate.cpu:8,.0f}"
            "   (full pipeline, their tweets)"
        )
    print(f"peak memory             {peak_mb:8,.0f} MB")
    print(
        f"full pipeline / encoder {100 * full.wall / encoder.wall:8.0f} %"
        f"   {100 * full.cpu / encoder.cpu:6.0f} %"
    )
    share, cpu_share = 100 * full.wall / vader.wall, 100 * full.cpu / vader.cpu
    verdict = "PASS" if full.wall >= GOAL_POSTS_PER_SECOND else "MISS"
    print(f"goal: full pipeline >= {GOAL_POSTS_PER_SECOND} posts/s: {verdict}")
    verdict = "PASS" if share >= GOAL_SHARE_OF_VADER else "MISS"
    print(
        f"goal: full pipeline >= {GOAL_SHARE_OF_VADER}% of VADER: {share:.2f}%, {verdict} "
        f"({cpu_share:.2f}% per CPU second)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
