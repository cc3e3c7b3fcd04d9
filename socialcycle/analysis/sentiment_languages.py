"""The languages other than English that get sentiment, and the data they learn from.

Each has its own small head: logistic regression over hashed word 1-2-grams and character
2-5-grams, trained on its tweets in `sentiment_multilingual/` (XLM-T's UMSAB train split,
validation for the figures). No sentence encoder runs for these posts, so they cost less
than an English one. docs/models.md says how this was chosen over a multilingual encoder.
"""

from __future__ import annotations

from dataclasses import dataclass

DATA_FOLDER = "sentiment_multilingual"
LABELS = ("negative", "neutral", "positive")
METRIC = "macro_f1"


@dataclass(frozen=True)
class SentimentLanguage:
    code: str  # ISO 639-1, as the language identifier names it
    name: str  # as the data files name it: <name>_train.csv, <name>_val.csv
    origin: str  # the shared task its tweets come from (their terms apply)
    # Macro-F1 (%) on UMSAB's test split, from XLM-T's README, for orientation only.
    fasttext: float
    xlm_t: float
    also_detected_as: tuple[str, ...] = ()  # other codes the identifier gives it
    latin_only: bool = False  # its training data is written in Latin letters only

    @property
    def model(self) -> str:
        """The head's name in the registry (artefacts/<model>/, MODEL_DIR/<model>/)."""
        return f"sentiment_{self.code}"

    def file(self, split: str) -> str:
        return f"{self.name}_{split}.csv"


LANGUAGES = (
    # SemEval-2017 mixes Modern Standard and dialectal Arabic: Egyptian and Moroccan too.
    SentimentLanguage("ar", "arabic", "SemEval-2017 task 4", 46.0, 66.9, ("arz", "ary")),
    SentimentLanguage("fr", "french", "DEFT-2017", 54.8, 71.2),
    SentimentLanguage("de", "german", "SB-10K", 59.6, 77.3),
    # SAIL 2015's Hindi tweets are typed in Latin letters, often mixed with English.
    SentimentLanguage("hi", "hindi", "SAIL 2015", 37.1, 56.4, latin_only=True),
    SentimentLanguage("it", "italian", "SENTIPOLC-2016", 54.7, 69.1),
    SentimentLanguage("pt", "portuguese", "SentiBR", 55.1, 75.4),
    SentimentLanguage("es", "spanish", "InterTASS 2017", 50.1, 67.9),
)
BY_CODE = {code: lang for lang in LANGUAGES for code in (lang.code, *lang.also_detected_as)}
LICENCE = (
    "XLM-T's UMSAB benchmark (github.com/cardiffnlp/xlm-t, commit 874214d6), repository "
    "licence Apache-2.0; each language's tweets are under the terms of the shared task "
    "they come from"
)


def language_for(detected: str) -> SentimentLanguage | None:
    """The head that reads a detected language, or None when none does."""
    return BY_CODE.get(detected)
