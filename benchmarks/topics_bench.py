"""Topic discovery time for 100k posts, beside KMeans on the same embeddings.

    .venv/bin/python benchmarks/topics_bench.py [--posts 100000] [--data ../shared/data]
        [--model-dir var/models] [--encode-sample 1000]

Texts: real customer posts, the 44,492 customer tweets of TWCS (kinds/pool_twcs.csv) and
the 10,003 Banking77 queries, repeated to --posts. Embeddings: computed once with the
product's encoder and cached under MODEL_DIR/cache (the first run encodes them, which
takes minutes); a repeated text gets its embedding with a small random jitter, so that
no two rows are identical. Timed: `TopicModel.fit` (the 5,000-post sample clustered, giant
topics split, labels) plus `assign` of every post, i.e. what a discovery run does besides
reading the posts' meaning, and the reference: scikit-learn KMeans told the number of
topics we found, on all the posts' embeddings (n_init=1). The encoder's own rate is
measured on --encode-sample texts and printed apart, with what it would add for every
post (a discovery run encodes its sample, then the posts it places).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FILES = [Path("kinds") / "pool_twcs.csv", Path("topics") / "banking77_train.csv"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--model-dir", type=Path, default=REPO / "var" / "models")
    parser.add_argument("--encode-sample", type=int, default=1000)
    args = parser.parse_args()

    from sklearn.cluster import KMeans

    from socialcycle.analysis.pipeline import Pipeline
    from socialcycle.analysis.topics import NO_TOPIC, TopicModel
    from socialcycle.analysis.training import EmbeddingCache

    pipeline = Pipeline(args.model_dir, threads=2)
    cache = EmbeddingCache(pipeline.encoder, args.model_dir / "cache")
    texts: list[str] = []
    parts = []
    for name in FILES:
        path = args.data / name
        with path.open(newline="", encoding="utf-8") as handle:
            file_texts = [row["text"] for row in csv.DictReader(handle)]
        print(f"embeddings of {len(file_texts):,} texts of {name} (cached after once)", flush=True)
        parts.append(cache.of_file(path, file_texts))
        texts += file_texts
    base = np.vstack(parts)
    rows = np.arange(args.posts) % len(base)
    rng = np.random.default_rng(0)
    embeddings = (
        base[rows]
        + rng.normal(scale=0.01, size=(args.posts, base.shape[1])).astype(np.float32)
        * (np.arange(args.posts) >= len(base))[:, None]
    )
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    all_texts = [texts[i] for i in rows]

    started = time.perf_counter()
    model = TopicModel().fit(all_texts, embeddings)
    fitted = time.perf_counter() - started
    placed = model.assign(embeddings)
    ours = time.perf_counter() - started
    sizes = np.bincount([k for k in placed if k != NO_TOPIC], minlength=len(model.topics_))

    started = time.perf_counter()
    KMeans(n_clusters=len(model.topics_), n_init=1, random_state=0).fit(embeddings)
    reference = time.perf_counter() - started

    sample = texts[: args.encode_sample]
    started = time.perf_counter()
    pipeline.encode(sample)
    per_second = len(sample) / (time.perf_counter() - started)

    print(f"\n{args.posts:,} posts (real texts repeated, cached embeddings), 2 threads")
    print(
        f"  ours: discovery {ours:.1f} s (clustering the 5,000 sample {fitted:.1f} s, "
        f"assigning every post {ours - fitted:.1f} s): {len(model.topics_)} topics, "
        f"largest {sizes.max() / args.posts:.1%}, no topic "
        f"{placed.count(NO_TOPIC) / args.posts:.1%}"
    )
    print(f"  reference: KMeans told k={len(model.topics_)} on all embeddings: {reference:.1f} s")
    print(
        f"  encoder (not in the times above): {per_second:.0f} posts/s, so "
        f"{args.posts / per_second / 60:.1f} min to read every post's meaning"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
