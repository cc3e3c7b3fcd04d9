"""The spam scorer: its features, fitting, threshold, saving, the labelled sample's loader
and `socialcycle evaluate spam`, on tweets written here."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from socialcycle.analysis.registry import ModelCard
from socialcycle.analysis.spam import (
    FEATURE_NAMES,
    SpamScorer,
    keyword_rule,
    load_scorer,
    spam_features,
)
from socialcycle.analysis.spam_data import FLAGGED_FILE, LABELS_FILE, read_flagged, read_sample
from socialcycle.analysis.spam_evaluation import (
    check_pool,
    evaluate_spam,
    format_pool_check,
    format_spam_report,
)

SPAM = [
    "WIN a FREE iPhone!!! Click here https://bit.ly/a1 #giveaway #win",
    "Check out our new blog post https://example.com/post #marketing #growth #seo",
    "Follow back for a chance to win $500 https://bit.ly/b2 @a @b @c @d @e",
    "Limited offer: 50% off with discount code SAVE50 https://shop.example.com #sale",
    "Earn $$$ from home with crypto, DM for details https://t.co/x1 https://t.co/x2",
    "@a @b @c @d @e @f @g @h our giveaway ends tonight https://t.co/zz #contest",
]
HAM = [
    "My parcel never arrived and nobody answers the phone",
    "The app crashes every time I open the settings page",
    "Thank you for sorting out my refund so quickly",
    "@acme my order came broken, photo here https://t.co/abc",
    "Why was I charged twice for the same flight?",
    "Love the new update, the dark mode is great",
    "Waited an hour on hold, this is not acceptable",
    "Can I change my seat after checking in online?",
    "The battery died after two days. Refund please!",
]


def test_features_count_links_promotions_mentions_and_capitals():
    (row,) = spam_features(["FREE giveaway!!! click https://bit.ly/x @a @b #win"])
    named = dict(zip(FEATURE_NAMES, row, strict=True))
    assert named["links"] == 1
    assert named["link_density"] > 0.2
    assert named["promo_phrases"] >= 3  # free, giveaway, click
    assert named["mentions"] == 2
    assert named["hashtags"] == 1
    assert named["uppercase_share"] > 0.1
    assert spam_features([]).shape == (0, len(FEATURE_NAMES))


def test_a_fitted_scorer_separates_spam_from_customers_and_chooses_a_threshold():
    scorer = SpamScorer(folds=3).fit(SPAM * 3 + HAM * 3, [True] * 18 + [False] * 27)

    assert 0.1 <= scorer.threshold_ <= 0.95
    spam_p = scorer.predict_proba(SPAM)
    ham_p = scorer.predict_proba(HAM)
    assert spam_p.min() > ham_p.max()
    assert scorer.predict(SPAM).all()
    assert not scorer.predict(HAM).any()


def test_a_scorer_needs_both_classes():
    with pytest.raises(ValueError, match="both spam and not-spam"):
        SpamScorer().fit(HAM, [False] * len(HAM))


def test_a_saved_scorer_loads_the_same_and_refuses_a_changed_file(tmp_path):
    scorer = SpamScorer(folds=3).fit(SPAM * 3 + HAM * 3, [True] * 18 + [False] * 27)
    card = ModelCard("spam", "spam-test", "spam", "none", {}, {})
    scorer.save(tmp_path, card)

    loaded = SpamScorer.load(tmp_path)
    assert loaded.threshold_ == scorer.threshold_
    assert np.allclose(
        loaded.predict_proba(SPAM + HAM), scorer.predict_proba(SPAM + HAM), atol=1e-2
    )

    (tmp_path / "head.npz").write_bytes((tmp_path / "head.npz").read_bytes() + b"x")
    with pytest.raises(ValueError, match="sha256"):
        SpamScorer.load(tmp_path)


def test_the_packaged_scorer_flags_promotions_and_passes_complaints():
    scorer = load_scorer(None)
    assert scorer.predict([SPAM[0], SPAM[1]]).all()
    assert not scorer.predict(HAM).any()


def test_the_keyword_rule_needs_a_link_with_a_promotion_or_two_promotions():
    assert keyword_rule(["free giveaway today", "win it https://t.co/a", "win"]).tolist() == [
        True,
        True,
        False,
    ]


def _pool(folder: Path, texts: dict[str, str]) -> None:
    (folder / "kinds").mkdir(parents=True, exist_ok=True)
    with (folder / "kinds" / "pool_twcs.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "source_id"])
        writer.writerows([text, source_id] for source_id, text in texts.items())


def test_the_loader_joins_texts_and_names_each_bad_row(tmp_path):
    _pool(tmp_path, {"t:1": SPAM[0], "t:2": HAM[0], "t:3": HAM[1]})
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "source_id,label,draw\n"
        "t:1,spam,rule\n"
        "t:2,ham,random\n"
        "t:9,ham,random\n"
        "t:3,maybe,random\n"
        ",spam,rule\n"
        "t:3,ham,lucky\n",
        encoding="utf-8",
    )

    sample = read_sample(tmp_path, labels)

    assert sample.texts == [SPAM[0], HAM[0]]
    assert sample.is_spam == [True, False]
    assert sample.draws == ["rule", "random"]
    problems = [str(problem) for problem in sample.problems]
    assert problems[0].startswith("labels.csv, row 4, field source_id: 't:9' is not in")
    assert problems[1].startswith("labels.csv, row 5, field label: 'maybe'")
    assert problems[2] == "labels.csv, row 6, field source_id: is empty"
    assert problems[3].startswith("labels.csv, row 7, field draw: 'lucky'")


def test_the_committed_labels_hold_ids_and_labels_only():
    with LABELS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["source_id", "label", "draw"]
    assert {row["label"] for row in rows} == {"spam", "ham"}
    assert {row["draw"] for row in rows} == {"random", "rule"}
    assert len({row["source_id"] for row in rows}) == len(rows)


def _labelled_pool(tmp_path: Path) -> None:
    """A pool holding some ids of the committed sample, with texts written here."""
    with LABELS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    spam_ids = [row["source_id"] for row in rows if row["label"] == "spam"][:15]
    ham_ids = [row["source_id"] for row in rows if row["label"] == "ham"][:30]
    texts = {source_id: SPAM[i % len(SPAM)] for i, source_id in enumerate(spam_ids)}
    texts.update({source_id: HAM[i % len(HAM)] for i, source_id in enumerate(ham_ids)})
    _pool(tmp_path, texts)


def test_the_pool_check_reads_flags_outside_the_sample_against_the_hand_labels(tmp_path):
    scorer = SpamScorer(folds=3).fit(SPAM * 3 + HAM * 3, [True] * 18 + [False] * 27)
    texts = {"t:s1": SPAM[0], "t:s2": SPAM[1], "t:s3": SPAM[2], "t:s4": SPAM[3]}
    texts.update({f"t:h{i}": text for i, text in enumerate(HAM)})
    _pool(tmp_path, texts)
    labels = tmp_path / "labels.csv"  # the training sample holds one flagged tweet
    labels.write_text("source_id,label,draw\nt:s1,spam,rule\nt:h0,ham,random\n")
    flagged = tmp_path / "flagged.csv"  # one flag judged wrong, one left unlabelled, one bad
    flagged.write_text("source_id,label\nt:s2,spam\nt:s3,ham\nt:h1,maybe\n")

    check = check_pool(tmp_path, scorer, labels, flagged)

    assert (check.pool, check.flagged, check.in_sample) == (13, 4, 1)
    assert (check.spam, check.ham, check.unlabelled) == (1, 1, 1)
    assert check.precision == 0.5
    assert check.problems == ["flagged.csv, row 4, field label: 'maybe' is not one of spam, ham"]
    report = format_pool_check(check)
    assert "flags 4, 1 of them in the labelled sample" in report
    assert "1 spam, 1 not (precision 0.500" in report
    assert "1 flagged tweet(s) have no label yet" in report


def test_the_committed_flag_labels_are_well_formed_and_apart_from_the_sample():
    labels, problems = read_flagged(FLAGGED_FILE)
    with LABELS_FILE.open(encoding="utf-8", newline="") as handle:
        sample = {row["source_id"] for row in csv.DictReader(handle)}

    assert problems == []
    assert len(labels) >= 100
    assert not sample & set(labels)


def test_evaluation_cross_validates_beside_the_keyword_rule(tmp_path):
    _labelled_pool(tmp_path)

    evaluation = evaluate_spam(tmp_path)

    assert (evaluation.rows, evaluation.spam) == (45, 15)
    assert evaluation.scorer.recall == 1.0
    assert evaluation.scorer.precision == 1.0
    assert evaluation.keywords.flagged == 15  # these spam texts all carry a link and a promotion
    assert len(evaluation.thresholds) == 5
    assert len(evaluation.problems) == 650 - 45  # the ids the small pool lacks, each named
    report = format_spam_report(evaluation)
    assert "keywords only (baseline)" in report
    assert "Random draw only" in report
