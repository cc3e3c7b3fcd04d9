"""Spam score of posts: promotions, link farms and bots, from a few features of the text.

The score reads only the text, so it runs at intake before any other analysis. What the
text alone cannot show (the same words from many accounts, one account flooding) is
checked against the database in `socialcycle.listening.spam`.

`SpamScorer` is a logistic regression over `spam_features` (standardised), with a
threshold chosen by cross-validation on its training data. It is saved as a few arrays
(`head.npz`, no pickle) and a model card in `artefacts/spam/`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis.encoder import file_sha256
from socialcycle.analysis.heads import load_arrays, save_arrays
from socialcycle.analysis.registry import CARD_FILE, HEAD_FILE, ModelCard, active_folder

MODEL = "spam"

# Phrases of promotions, giveaways and money-making bots. Whole words, any case.
PROMO_PHRASES = (
    "free",
    "win",
    "winner",
    "giveaway",
    "give away",
    "click",
    "click here",
    "discount code",
    "promo code",
    "coupon code",
    "use code",
    "follow back",
    "follow me",
    "follow us",
    "follow and retweet",
    "rt to win",
    "retweet to win",
    "dm for",
    "dm me for",
    "earn",
    "make money",
    "crypto",
    "bitcoin",
    "forex",
    "limited offer",
    "limited time",
    "offer ends",
    "buy now",
    "shop now",
    "order now",
    "sign up",
    "subscribe",
    "check out",
    "enter now",
    "competition",
    "prize",
    "sale",
    "% off",
    "deal of the day",
    "link in bio",
    "followers",
)
_PROMO = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(phrase) for phrase in PROMO_PHRASES) + r")(?!\w)",
    re.IGNORECASE,
)
_LINK = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<!\w)#\w+")
_MENTION = re.compile(r"(?<!\w)@\w+")
_PHONE = re.compile(r"\+?\d[\d\s().-]{8,}\d")
_REPEATED = re.compile(r"(.)\1{3,}")
_MONEY = re.compile(r"[$£€]\s?\d|\d\s?%|\d+\s?(?:usd|gbp|eur)\b", re.IGNORECASE)

FEATURE_NAMES = (
    "links",
    "link_density",
    "uppercase_share",
    "promo_phrases",
    "hashtags",
    "mentions",
    "phone_or_long_number",
    "repeated_characters",
    "money_or_percent",
)
# Left out on purpose: length and "addresses no one". Every tweet of the TWCS sample names
# a company, and its spam is shorter, so both learnt the sample rather than spam: a short
# review or an e-mail, which names no one, scored as spam.


def spam_features(texts: Sequence[str]) -> NDArray[np.float64]:
    """One row of FEATURE_NAMES per text."""
    rows = np.zeros((len(texts), len(FEATURE_NAMES)), dtype=np.float64)
    for i, text in enumerate(texts):
        links = _LINK.findall(text)
        letters = [c for c in text if c.isalpha()]
        length = max(len(text), 1)
        rows[i] = (
            len(links),
            sum(len(link) for link in links) / length,
            sum(c.isupper() for c in letters) / len(letters) if letters else 0.0,
            len(_PROMO.findall(text)),
            len(_HASHTAG.findall(text)),
            len(_MENTION.findall(text)),
            float(bool(_PHONE.search(text))),
            len(_REPEATED.findall(text)),
            len(_MONEY.findall(text)),
        )
    return rows


def keyword_rule(texts: Sequence[str]) -> NDArray[np.bool_]:
    """The baseline: spam when the text has a link and a promo phrase, or two promo phrases."""
    features = spam_features(texts)
    promo = features[:, FEATURE_NAMES.index("promo_phrases")]
    links = features[:, FEATURE_NAMES.index("links")]
    result: NDArray[np.bool_] = (promo >= 2) | ((promo >= 1) & (links >= 1))
    return result


THRESHOLD_GRID = np.round(np.arange(0.1, 0.96, 0.05), 2)
DEFAULT_THRESHOLD = 0.5


class SpamScorer:
    """Logistic regression over standardised `spam_features`, with its own threshold.

    Parameters are set in `__init__`; `fit` learns the weights and, by `folds`-fold
    cross-validation on the training texts only, the threshold with the best F1.
    """

    def __init__(self, C: float = 1.0, folds: int = 5, seed: int = 0) -> None:  # noqa: N803
        self.C = C
        self.folds = folds
        self.seed = seed
        self.mean_: NDArray[np.float64] = np.zeros(len(FEATURE_NAMES))
        self.scale_: NDArray[np.float64] = np.ones(len(FEATURE_NAMES))
        self.coef_: NDArray[np.float64] = np.zeros(len(FEATURE_NAMES))
        self.intercept_ = 0.0
        self.threshold_ = DEFAULT_THRESHOLD

    def fit(self, texts: Sequence[str], is_spam: Sequence[bool] | NDArray[np.bool_]) -> SpamScorer:
        features = spam_features(texts)
        truth = np.asarray(is_spam, dtype=bool)
        self._fit_weights(features, truth)
        self.threshold_ = self._cross_validated_threshold(features, truth)
        return self

    def _fit_weights(self, features: NDArray[np.float64], truth: NDArray[np.bool_]) -> None:
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 (training only)

        if truth.all() or not truth.any():
            raise ValueError("the spam scorer needs both spam and not-spam examples")
        self.mean_ = features.mean(axis=0)
        self.scale_ = np.where(features.std(axis=0) > 0, features.std(axis=0), 1.0)
        model = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000)
        model.fit((features - self.mean_) / self.scale_, truth)
        self.coef_ = model.coef_[0].astype(np.float64)
        self.intercept_ = float(model.intercept_[0])

    def _cross_validated_threshold(
        self, features: NDArray[np.float64], truth: NDArray[np.bool_]
    ) -> float:
        out_of_fold = np.zeros(len(truth))
        for train, held in stratified_folds(truth, self.folds, self.seed):
            if truth[train].all() or not truth[train].any():
                return DEFAULT_THRESHOLD
            inner = SpamScorer(C=self.C)
            inner._fit_weights(features[train], truth[train])
            out_of_fold[held] = inner._probabilities(features[held])
        return best_threshold(out_of_fold, truth)

    def _probabilities(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        logits = ((features - self.mean_) / self.scale_) @ self.coef_ + self.intercept_
        result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-logits))
        return result

    def predict_proba(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """The probability that each text is spam."""
        return self._probabilities(spam_features(texts))

    def predict(self, texts: Sequence[str]) -> NDArray[np.bool_]:
        result: NDArray[np.bool_] = self.predict_proba(texts) >= self.threshold_
        return result

    def save(self, folder: Path, card: ModelCard) -> ModelCard:
        """Write `head.npz` and `card.json` (with the head's sha256) into `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        save_arrays(
            folder / HEAD_FILE,
            {"mean": self.mean_, "scale": self.scale_, "coef": self.coef_},
            {
                "kind": "spam",
                "C": self.C,
                "intercept": self.intercept_,
                "threshold": self.threshold_,
                "features": list(FEATURE_NAMES),
            },
        )
        card.sha256 = file_sha256(folder / HEAD_FILE)
        (folder / CARD_FILE).write_text(card.to_json(), encoding="utf-8")
        return card

    @classmethod
    def load(cls, folder: Path) -> SpamScorer:
        """The scorer saved in `folder`, after checking its sha256 against the card."""
        card = ModelCard.read(folder / CARD_FILE)
        digest = file_sha256(folder / HEAD_FILE)
        if card.sha256 and digest != card.sha256:
            raise ValueError(
                f"{folder / HEAD_FILE} has sha256 {digest} but its card says {card.sha256}; "
                "retrain it with `socialcycle train --base --only spam`"
            )
        arrays, meta = load_arrays(folder / HEAD_FILE)
        if tuple(meta.get("features", ())) != FEATURE_NAMES:
            raise ValueError(f"{folder / HEAD_FILE} was trained on other features; retrain it")
        scorer = cls(C=float(meta["C"]))
        scorer.mean_ = arrays["mean"].astype(np.float64)
        scorer.scale_ = arrays["scale"].astype(np.float64)
        scorer.coef_ = arrays["coef"].astype(np.float64)
        scorer.intercept_ = float(meta["intercept"])
        scorer.threshold_ = float(meta["threshold"])
        return scorer


_LOADED: dict[Path, SpamScorer] = {}


def load_scorer(model_dir: Path | None = None) -> SpamScorer:
    """The scorer in use (a retrained one activated in `model_dir`, else the packaged one)."""
    folder = active_folder(MODEL, model_dir)
    if folder not in _LOADED:
        _LOADED[folder] = SpamScorer.load(folder)
    return _LOADED[folder]


def stratified_folds(
    truth: NDArray[np.bool_], folds: int, seed: int
) -> list[tuple[NDArray[np.intp], NDArray[np.intp]]]:
    """(train rows, held-out rows) for each fold, each class spread evenly over the folds."""
    rng = np.random.default_rng(seed)
    assignment = np.zeros(len(truth), dtype=int)
    for value in (True, False):
        rows = rng.permutation(np.flatnonzero(truth == value))
        assignment[rows] = np.arange(len(rows)) % folds
    return [
        (np.flatnonzero(assignment != fold), np.flatnonzero(assignment == fold))
        for fold in range(folds)
    ]


def best_threshold(probabilities: NDArray[np.float64], truth: NDArray[np.bool_]) -> float:
    """The threshold of THRESHOLD_GRID with the best F1 (the higher one on a tie)."""
    best, best_f1 = DEFAULT_THRESHOLD, -1.0
    for limit in THRESHOLD_GRID:
        chosen = probabilities >= limit
        hits = float(np.sum(chosen & truth))
        denominator = float(np.sum(chosen) + np.sum(truth))
        f1 = 2 * hits / denominator if denominator else 0.0
        if f1 >= best_f1:
            best, best_f1 = float(limit), f1
    return best


def describe(scorer: SpamScorer) -> dict[str, Any]:
    """The scorer's weights by feature name, for the model card."""
    return {
        name: round(float(weight), 3)
        for name, weight in zip(FEATURE_NAMES, scorer.coef_, strict=True)
    }
