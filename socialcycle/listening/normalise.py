"""Clean text on the way in, and note what it points to: links, @mentions, #hashtags.

Batch-first like the analysis package: a list of texts in, a list of results out.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import ftfy

from socialcycle.analysis.language import detect_language

URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
MENTION = re.compile(r"(?<![\w@])@(\w{1,50})")
HASHTAG = re.compile(r"(?<![\w#&])#(\w{1,100})")
RETWEET_PREFIX = re.compile(r"^\s*RT\s+@\w+:\s*", re.IGNORECASE)
SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
BLANK_LINES = re.compile(r"\n\s*\n\s*(\n\s*)+")
# Plain ASCII without these has nothing for ftfy to repair (no mojibake, entities or
# control characters), and skipping it halves the cost of cleaning typical English posts.
NEEDS_REPAIR = re.compile(r"[^\t\n\r\x20-\x7e]|&")


@dataclass(frozen=True)
class NormalisedText:
    text: str
    urls: tuple[str, ...]
    mentions: tuple[str, ...]
    hashtags: tuple[str, ...]
    language: str
    canonical_hash: str

    def references(self) -> dict[str, list[str]]:
        return {
            "urls": list(self.urls),
            "mentions": list(self.mentions),
            "hashtags": list(self.hashtags),
        }


def normalise_texts(texts: Sequence[str]) -> list[NormalisedText]:
    """Repair and tidy each text, extract its references and guess its language."""
    return [_normalise(text) for text in texts]


def clean_text(text: str) -> str:
    """Repair broken Unicode (mojibake), normalise to NFC and tidy whitespace; emoji stay."""
    repaired = ftfy.fix_text(text, normalization="NFC") if NEEDS_REPAIR.search(text) else text
    return tidy_whitespace(repaired)


def tidy_whitespace(text: str) -> str:
    """One space between words, Unix line ends, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def canonical_form(text: str) -> str:
    """The text with what differs between copies removed: retweet prefix, links, case, spaces."""
    text = RETWEET_PREFIX.sub("", text)
    text = URL.sub(" ", text)
    text = MENTION.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def _normalise(raw: str) -> NormalisedText:
    text = clean_text(raw)
    urls = tuple(dict.fromkeys(url.rstrip(".,;:!?)]}") for url in URL.findall(text)))
    canonical = canonical_form(text)
    return NormalisedText(
        text=text,
        urls=urls,
        mentions=tuple(dict.fromkeys(MENTION.findall(text))),
        hashtags=tuple(dict.fromkeys(HASHTAG.findall(text))),
        language=detect_language(canonical),
        canonical_hash=hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest()
        if canonical
        else "",
    )
