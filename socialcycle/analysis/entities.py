"""Named things in a text: the workspace's products, brands and competitors (by any of
their names, found with an Aho-Corasick automaton), plus hashtags, @mentions and links."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import ahocorasick

from socialcycle.analysis.types import AnalysisContext, Entity

HASHTAG = re.compile(r"(?<![\w#&])#(\w{1,100})")
MENTION = re.compile(r"(?<![\w@])@(\w{1,50})")
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRACKED_KINDS = ("product", "brand", "competitor")


def find_entities(texts: Sequence[str], context: AnalysisContext) -> list[tuple[Entity, ...]]:
    """Every named thing in each text, in order of appearance."""
    automaton = _automaton(context)
    return [_entities_in(text, automaton) for text in texts]


def _entities_in(text: str, automaton: ahocorasick.Automaton | None) -> tuple[Entity, ...]:
    links = [_link(m.group(0), m.start()) for m in URL.finditer(text)]
    tracked = _tracked(text, automaton) if automaton is not None else []
    # A name inside a link ("lumio" in https://lumio.example) is part of the link.
    found = [e for e in tracked if not any(u.start <= e.start < u.end for u in links)]
    found += [Entity("hashtag", m.group(1), m.start(), m.end()) for m in HASHTAG.finditer(text)]
    found += [Entity("mention", m.group(1), m.start(), m.end()) for m in MENTION.finditer(text)]
    found += links
    return tuple(sorted(found, key=lambda entity: (entity.start, -entity.end)))


def _link(url: str, start: int) -> Entity:
    trimmed = url.rstrip(".,;:!?)]}")
    return Entity("url", trimmed, start, start + len(trimmed))


def _tracked(text: str, automaton: ahocorasick.Automaton) -> list[Entity]:
    """Whole-word matches, longest first where names overlap ("Lumio Hub" over "Lumio")."""
    lowered = _lower_keeping_offsets(text)
    matches = []
    for end_index, (length, kind, name) in automaton.iter(lowered):
        start, end = end_index - length + 1, end_index + 1
        if _is_word_boundary(lowered, start, end):
            matches.append(Entity(kind, name, start, end))
    matches.sort(key=lambda entity: (entity.start, -(entity.end - entity.start)))
    kept: list[Entity] = []
    for entity in matches:
        if not kept or entity.start >= kept[-1].end:
            kept.append(entity)
    return kept


def _lower_keeping_offsets(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few letters lower to two characters ("İ"); keep those as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_word_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_#@") and not (after.isalnum() or after == "_")


@lru_cache(maxsize=64)
def _automaton(context: AnalysisContext) -> ahocorasick.Automaton | None:
    # Contexts are frozen, so one automaton serves every batch of a workspace.
    automaton = ahocorasick.Automaton()
    for kind in TRACKED_KINDS:
        for thing in getattr(context, f"{kind}s"):
            for alias in {thing.name, *thing.aliases}:
                key = alias.strip().lower()
                if key:
                    automaton.add_word(key, (len(key), kind, thing.name))
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton
