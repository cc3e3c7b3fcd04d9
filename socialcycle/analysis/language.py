"""Language identification, offline (py3langid carries its model in the wheel).

py3langid has no notion of Hindi written in Latin letters ("kya baat hai bhai"), which is
how most Hindi tweets are typed and how the Hindi training data is written: it calls such
a text English or is unsure. `looks_like_romanized_hindi` catches it by common Hindi
function words; on the validation tweets it marks 41% of the Hindi set (much of the rest
is English) and 0.1% of TweetEval's English tweets (docs/models.md, "More languages").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

MIN_CONFIDENCE = 0.5
MIN_WORDS = 3
# The English heads read these; "" is too little text to tell, read as English.
ENGLISH = frozenset({"", "en"})
# Hindi in Latin letters, told by at least this many distinct Hindi function words.
ROMANIZED_HINDI_MIN_WORDS = 2
ROMANIZED_HINDI_WORDS = frozenset(
    """
    hai hain hy hn nahi nahin nhi kya kyu kyun kyon bhai yaar yar aur bhi mein mai hum
    tum aap apka apki apke apna apni kar karo karna karte raha rahi rahe gaya gayi hota
    hoga hogi tha thi sab bahut bohot bahot accha acha achha ji ko ka ki ke se ho jo kuch
    kaise kaisa abhi jab tab yeh ye woh wo sirf pe log dil pyar dekh dekho dekha bol bolo
    matlab hua hui mujhe tujhe tera teri mera meri hamara koi kab kahan liye wala wali
    wale diya kiya lagta lagti
    """.split()
)
LATIN_WORD = re.compile(r"[a-z]+")
DEVANAGARI = re.compile(r"[\u0900-\u097f]")


def detect_language(text: str) -> str:
    """ISO 639 code, or "" when the text is too short or the guess too unsure."""
    if len(text.split()) < MIN_WORDS:
        return ""
    language, confidence = _identifier().classify(text)
    found = str(language) if confidence >= MIN_CONFIDENCE else ""
    if found in ENGLISH and looks_like_romanized_hindi(text):
        return "hi"
    return found


def detect_languages(texts: Sequence[str]) -> list[str]:
    return [detect_language(text) for text in texts]


def looks_like_romanized_hindi(text: str) -> bool:
    """True when a Latin-letter text uses at least two distinct Hindi function words."""
    words = set(LATIN_WORD.findall(text.lower()))
    return len(words & ROMANIZED_HINDI_WORDS) >= ROMANIZED_HINDI_MIN_WORDS


def is_english(language: str) -> bool:
    """True for English and for "" (too little text to tell): the English models read it."""
    return language in ENGLISH


def has_devanagari(text: str) -> bool:
    return DEVANAGARI.search(text) is not None


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid import langid  # noqa: PLC0415 (loaded on first use: ~1 s)

    return langid.LanguageIdentifier.from_modelpath(
        langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True
    )
