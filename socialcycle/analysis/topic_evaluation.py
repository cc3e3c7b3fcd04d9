"""How well topic discovery finds subjects people would recognise, measured two ways.

Banking77 (customer queries with 77 intents as ground truth): the queries are split into
intent-stratified halves with a fixed seed; the model's parameters were chosen on the
tuning half only, and the numbers reported are on the other half: adjusted Rand index,
NMI and the share of queries left without a topic (they count as one group of their own),
beside KMeans told the true number of intents on the same embeddings. A second row checks
the assignment threshold: topics found on the tuning half, held-out queries placed on them.

A real tweet export (customer tweets to airlines, TWCS): the largest topic's share of the
posts, and that no label holds a handle, link, number or stop word.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis.stopwords import STOP_WORDS
from socialcycle.analysis.topics import NO_TOPIC, TopicModel

Embed = Callable[[Path, Sequence[str]], NDArray[np.float32]]
Progress = Callable[[str], None]

BANKING77 = Path("topics") / "banking77_train.csv"
AIRLINE_TWEETS = Path("kinds") / "pool_twcs.csv"
SPLIT_SEED = 0
# The airline export's placeholder for the addressed airline, as a brand would be passed.
AIRLINE_BRANDS = ("company",)


@dataclass(frozen=True)
class Clustering:
    name: str
    ari: float
    nmi: float
    unassigned: float
    topics: int


@dataclass
class TweetCheck:
    posts: int
    topics: int
    largest_share: float
    unassigned: float
    bad_labels: list[tuple[str, list[str]]] = field(default_factory=list)
    largest_labels: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class TopicReport:
    queries: int
    intents: int
    rows: list[Clustering]
    tweets: TweetCheck | None


def read_column(path: Path, *columns: str) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    missing = [name for name in columns if rows and name not in rows[0]]
    if missing:
        raise ValueError(f"{path} has no column {', '.join(missing)}")
    return [[row[name] for row in rows] for name in columns]


def tuning_half(labels: Sequence[str], seed: int = SPLIT_SEED) -> NDArray[np.bool_]:
    """True for the tuning half: half of each intent's queries, chosen with `seed`."""
    rng = np.random.default_rng(seed)
    array = np.asarray(labels)
    tune = np.zeros(len(array), dtype=bool)
    for intent in sorted(set(labels)):
        rows = np.flatnonzero(array == intent)
        rng.shuffle(rows)
        tune[rows[: len(rows) // 2]] = True
    return tune


def score(name: str, truth: Sequence[str], found: Sequence[int]) -> Clustering:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: PLC0415

    placed = [k for k in found if k != NO_TOPIC]
    return Clustering(
        name,
        float(adjusted_rand_score(truth, found)),
        float(normalized_mutual_info_score(truth, found)),
        1 - len(placed) / max(len(found), 1),
        len(set(placed)),
    )


def discovered(
    model: TopicModel, texts: Sequence[str], embeddings: NDArray[np.float32]
) -> list[int]:
    """Every text's topic after discovery: the sample's own, the rest assigned."""
    model.fit(texts, embeddings)
    found = model.assign(embeddings)
    for row, topic in zip(model.sample_, model.sample_topics_, strict=True):
        found[int(row)] = topic
    return found


def evaluate_banking77(
    texts: Sequence[str], intents: Sequence[str], embeddings: NDArray[np.float32]
) -> list[Clustering]:
    from sklearn.cluster import KMeans  # noqa: PLC0415

    tune = tuning_half(intents)
    held = [int(i) for i in np.flatnonzero(~tune)]
    held_texts = [texts[i] for i in held]
    held_truth = [intents[i] for i in held]
    rows = [
        score(
            "ours (discovered on the held-out half, k not given)",
            held_truth,
            discovered(TopicModel(), held_texts, embeddings[held]),
        )
    ]
    k = len(set(intents))
    kmeans = KMeans(n_clusters=k, n_init=4, random_state=0).fit_predict(embeddings[held])
    rows.append(score(f"KMeans told k={k} (same embeddings)", held_truth, [int(x) for x in kmeans]))
    tune_rows = [int(i) for i in np.flatnonzero(tune)]
    model = TopicModel().fit([texts[i] for i in tune_rows], embeddings[tune_rows])
    rows.append(
        score(
            "ours, found on the tuning half, held-out queries assigned",
            held_truth,
            model.assign(embeddings[held]),
        )
    )
    return rows


HANDLE_OR_LINK = re.compile(r"@|https?|www\.|\.com\b|\d|__")


def label_problems(label: str) -> list[str]:
    """What breaks the label rules: handles, links, numbers, stop words, over four words."""
    problems = []
    if HANDLE_OR_LINK.search(label.lower()):
        problems.append("handle, link or number")
    words = [w for term in label.split(" / ") for w in term.split()]
    stop = [w for w in words if w.lower() in STOP_WORDS]
    if stop:
        problems.append("stop word " + ", ".join(stop))
    if len(words) > 4:
        problems.append(f"{len(words)} words")
    return problems


def check_tweets(
    texts: Sequence[str], embeddings: NDArray[np.float32], brands: Sequence[str] = AIRLINE_BRANDS
) -> TweetCheck:
    model = TopicModel(exclude=brands)
    found = discovered(model, texts, embeddings)
    sizes = Counter(k for k in found if k != NO_TOPIC)
    labels = [topic.label for topic in model.topics_]
    check = TweetCheck(
        posts=len(texts),
        topics=len(model.topics_),
        largest_share=max(sizes.values(), default=0) / max(len(texts), 1),
        unassigned=1 - sum(sizes.values()) / max(len(texts), 1),
    )
    check.bad_labels = [(label, p) for label in labels if (p := label_problems(label))]
    check.largest_labels = [(labels[k], n / len(texts)) for k, n in sizes.most_common(8)]
    return check


def evaluate_topics(
    data_dir: Path, embed: Embed, progress: Progress = print, tweets: int = 20_000
) -> TopicReport:
    """Banking77 and, when the export is there, the airline tweets (the first `tweets`)."""
    path = data_dir / BANKING77
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; it is the topic evaluation's ground truth")
    texts, intents = read_column(path, "text", "category")
    progress(f"embedding {len(texts):,} Banking77 queries (cached after once)")
    embeddings = embed(path, texts)
    progress("clustering the held-out half, and KMeans beside it")
    rows = evaluate_banking77(texts, intents, embeddings)
    tweet_check = None
    tweet_path = data_dir / AIRLINE_TWEETS
    if tweet_path.is_file():
        tweet_texts, sources = read_column(tweet_path, "text", "source_id")
        progress(f"embedding {len(tweet_texts):,} customer tweets (cached after once)")
        tweet_embeddings = embed(tweet_path, tweet_texts)
        airline = [i for i, s in enumerate(sources) if s.startswith("twcs-airlines:")][:tweets]
        progress(f"discovering topics in {len(airline):,} airline tweets")
        tweet_check = check_tweets([tweet_texts[i] for i in airline], tweet_embeddings[airline])
    return TopicReport(
        len(texts) - int(tuning_half(intents).sum()), len(set(intents)), rows, tweet_check
    )


def format_topic_report(report: TopicReport) -> str:
    lines = [
        f"Banking77: {report.queries:,} held-out queries, {report.intents} intents "
        f"(intent-stratified halves, seed {SPLIT_SEED}; tuned on the other half)",
        f"  {'':<58} {'ARI':>6} {'NMI':>6} {'no topic':>9} {'topics':>7}",
    ]
    for row in report.rows:
        figures = f"{row.ari:>6.3f} {row.nmi:>6.3f} {row.unassigned:>8.1%} {row.topics:>7}"
        lines.append(f"  {row.name:<58} {figures}")
    tweets = report.tweets
    if tweets is None:
        lines.append("airline tweets: not found, skipped")
        return "\n".join(lines)
    lines += [
        "",
        f"Airline tweets (TWCS): {tweets.posts:,} posts, {tweets.topics} topics, "
        f"largest topic {tweets.largest_share:.1%} of the posts (goal at most 20%), "
        f"no topic {tweets.unassigned:.1%}",
        f"  labels breaking the rules (handle, link, number, stop word, >4 words): "
        f"{len(tweets.bad_labels)}",
    ]
    lines += [f"    {label!r}: {'; '.join(problems)}" for label, problems in tweets.bad_labels]
    lines.append("  largest topics:")
    lines += [f"    {share:>6.1%}  {label}" for label, share in tweets.largest_labels]
    return "\n".join(lines)
