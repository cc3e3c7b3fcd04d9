"""Language identification, offline (py3langid carries its model in the wheel)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

MIN_CONFIDENCE = 0.5
MIN_WORDS = 3
# The trained models read English; other languages get no guessed sentiment or kind.
SUPPORTED = frozenset({"en"})


def detect_language(text: str) -> str:
    """ISO 639-1 code, or "" when the text is too short or the guess too unsure."""
    if len(text.split()) < MIN_WORDS:
        return ""
    language, confidence = _identifier().classify(text)
    return str(language) if confidence >= MIN_CONFIDENCE else ""


def detect_languages(texts: Sequence[str]) -> list[str]:
    return [detect_language(text) for text in texts]


def is_supported(language: str) -> bool:
    """True for the languages the models read, and for "" (too little text to tell)."""
    return language == "" or language in SUPPORTED


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid import langid  # noqa: PLC0415 (loaded on first use: ~1 s)

    return langid.LanguageIdentifier.from_modelpath(
        langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True
    )
