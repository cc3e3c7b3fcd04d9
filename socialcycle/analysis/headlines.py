"""A name for a group of posts, as a person would write it: the sentence that says most
of what the group says, from the post that says most of it.

"Most of what the group says": each post's distinct content words (stop words left out)
are weighed by how many posts of the group use them, over the square root of the post's
word count, so a short post that uses the group's common words wins over a long one that
wanders. The same weighing picks the post's sentence, so "Bordeaux to Gatwick." does not
name a group about a lost bag when the post's next sentence says so.
Batch in, indices and text out; no Django.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from socialcycle.analysis.stopwords import STOP_WORDS

WORD = re.compile("[^\\W\\d_][\\w'\u2019-]*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LINK_OR_HANDLE = re.compile(r"https?://\S+|[@#]\w+")
MAX_HEADLINE = 90
MIN_WORDS = 3


def content_words(text: str) -> set[str]:
    words = {word.lower() for word in WORD.findall(LINK_OR_HANDLE.sub(" ", text))}
    return {word for word in words if word not in STOP_WORDS and len(word) > 2}


def most_representative(texts: Sequence[str]) -> int:
    """The index of the text that shares most of its words with the others (0 if none)."""
    bags = [content_words(text) for text in texts]
    used_by = Counter(word for bag in bags for word in bag)
    return max(range(len(texts)), key=lambda index: _shared(bags[index], used_by), default=0)


def name_group(texts: Sequence[str], limit: int = MAX_HEADLINE) -> str:
    """A headline for the group: the most representative post's most representative
    sentence (its first when none shares a word with the group)."""
    if not texts:
        return ""
    bags = [content_words(text) for text in texts]
    used_by = Counter(word for bag in bags for word in bag)
    chosen = texts[max(range(len(texts)), key=lambda i: _shared(bags[i], used_by))]
    sentences = _sentences(chosen)
    if not sentences:
        return ""
    # The first of equals: an opening sentence usually says what the post is about.
    best = max(
        range(len(sentences)),
        key=lambda i: (_shared(content_words(sentences[i]), used_by, minimum=2), -i),
    )
    return _cut(sentences[best], limit)


def _shared(bag: set[str], used_by: Counter[str], minimum: int = MIN_WORDS) -> float:
    """How much of the group's vocabulary the words of `bag` carry (0 under `minimum`)."""
    if len(bag) < minimum:
        return 0.0
    return float(sum(used_by[word] - 1 for word in bag) / len(bag) ** 0.5)


def _sentences(text: str) -> list[str]:
    clean = " ".join(LINK_OR_HANDLE.sub(" ", text).split())
    return [sentence for sentence in SENTENCE_END.split(clean) if sentence] if clean else []


def headline(text: str, limit: int = MAX_HEADLINE) -> str:
    """The text's first sentence (links and @handles left out), cut at a word to `limit`."""
    sentences = _sentences(text)
    return _cut(sentences[0], limit) if sentences else ""


def _cut(sentence: str, limit: int) -> str:
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-—")
    return f"{cut}…"
