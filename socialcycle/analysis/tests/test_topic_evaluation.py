"""`socialcycle evaluate topics` on small generated data: the same steps as on Banking77
and the airline tweets, with the real encoder."""

import csv

from socialcycle.analysis.pipeline import shared_pipeline
from socialcycle.analysis.topic_evaluation import (
    evaluate_topics,
    format_topic_report,
    label_problems,
    tuning_half,
)

INTENTS = {
    "card_arrival": "When will my new card {} arrive in the post?",
    "exchange_rate": "What exchange rate do you use for {} payments abroad?",
    "lost_card": "I lost my card {} yesterday, please block it",
    "refund": "How do I get a refund for the {} purchase I returned?",
}
WORDS = ["really", "finally", "today", "urgently", "maybe", "please", "soon", "again"]
WORDS += ["quickly", "kindly", "now", "still", "already", "ever", "honestly", "exactly"]


def write(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def test_the_report_scores_discovery_beside_kmeans_and_checks_tweet_labels(tmp_path):
    queries = [(t.format(w), intent) for intent, t in INTENTS.items() for w in WORDS]
    write(tmp_path / "topics" / "banking77_train.csv", ["text", "category"], queries)
    tweets = [
        (
            f"__company__ my flight {n} was delayed {w} http://t.co/{n} @airport",
            f"twcs-airlines:{n}",
        )
        for n, w in enumerate(WORDS * 3)
    ]
    write(tmp_path / "kinds" / "pool_twcs.csv", ["text", "source_id"], tweets)
    encoder = shared_pipeline()

    report = evaluate_topics(tmp_path, lambda path, texts: encoder.encode(texts), lambda _: None)

    assert report.queries == len(queries) // 2
    assert report.intents == 4
    ours, kmeans, assigned = report.rows
    assert kmeans.topics == 4
    assert kmeans.unassigned == 0
    assert 0 <= ours.unassigned <= 1
    assert ours.ari > 0.5  # four plainly different intents are found without k
    assert "assigned" in assigned.name
    assert report.tweets is not None
    assert report.tweets.posts == len(tweets)
    assert report.tweets.bad_labels == []
    text = format_topic_report(report)
    assert "KMeans told k=4" in text
    assert "largest topic" in text


def test_the_tuning_half_takes_half_of_every_intent():
    labels = ["a"] * 10 + ["b"] * 7
    tune = tuning_half(labels)
    assert tune[:10].sum() == 5
    assert tune[10:].sum() == 3


def test_label_problems_name_what_breaks_the_rules():
    assert label_problems("exchange rate / card") == []
    assert label_problems("@delta / flight") == ["handle, link or number"]
    assert label_problems("the / flight") == ["stop word the"]
    assert label_problems("a b c d e") != []
