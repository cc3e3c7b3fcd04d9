"""A name for a group of posts, as a person would write it: the first sentence of the post
that says most of what the group says.

"Most of what the group says": each post's distinct content words (stop words left out)
are weighed by how many posts of the group use them, averaged over the post's words, so
a short post that uses the group's common words wins over a long one that wanders.
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

    def score(index: int) -> float:
        bag = bags[index]
        if len(bag) < MIN_WORDS:
            return 0.0
        return float(sum(used_by[word] - 1 for word in bag) / len(bag) ** 0.5)

    return max(range(len(texts)), key=score, default=0)


def headline(text: str, limit: int = MAX_HEADLINE) -> str:
    """The text's first sentence (links and @handles left out), cut at a word to `limit`."""
    clean = " ".join(LINK_OR_HANDLE.sub(" ", text).split())
    first = SENTENCE_END.split(clean, maxsplit=1)[0] if clean else ""
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-—")
    return f"{cut}…"
