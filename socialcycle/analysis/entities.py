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
    for end_index, (length, candidates) in automaton.iter(lowered):
        start, end = end_index - length + 1, end_index + 1
        if not _is_word_boundary(lowered, start, end):
            continue
        written = text[start:end]
        for kind, name, exact in candidates:
            # A case-sensitive name matches only as it was written.
            if exact is None or written == exact:
                matches.append(Entity(kind, name, start, end))
                break
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
    # Contexts are frozen, so one automaton serves every batch of a workspace. Keys are
    # lower case; each key keeps every (kind, name, exact spelling or None) it stands for,
    # so "app" can be the case-sensitive alias of one name and an ordinary one of another.
    candidates: dict[str, list[tuple[str, str, str | None]]] = {}
    for kind in TRACKED_KINDS:
        for thing in getattr(context, f"{kind}s"):
            for alias in sorted({thing.name, *thing.aliases}):
                written = alias.strip()
                key = _lower_keeping_offsets(written)
                if key:
                    exact = written if thing.case_sensitive else None
                    candidates.setdefault(key, []).append((kind, thing.name, exact))
    if not candidates:
        return None
    automaton = ahocorasick.Automaton()
    for key, found in candidates.items():
        # Exact spellings are tried first, so the stricter name wins where both match.
        found.sort(key=lambda candidate: candidate[2] is None)
        automaton.add_word(key, (len(key), tuple(found)))
    automaton.make_automaton()
    return automaton
