"""Near-duplicates: copies of a post (retweets, copy-paste campaigns) linked to the original.

Two checks, cheapest first. An exact match of the canonical form (no links, mentions,
retweet prefix, case or punctuation) is looked up by index across all of a workspace's
posts. A fuzzy match uses MinHash over character 5-grams with locality-sensitive hashing
(datasketch), against the posts of the same import and the workspace's most recent posts,
whose signatures are stored on each post.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from socialcycle.listening.models import Post

NUM_PERM = 64
THRESHOLD = 0.8
# LSH only proposes candidates; a low threshold keeps recall high, and each candidate is
# then checked against THRESHOLD with the signatures' estimated Jaccard similarity.
CANDIDATE_THRESHOLD = 0.6
SHINGLE = 5
MIN_CHARS = 40  # Shorter texts share too much by chance; the exact check still covers them.
SEED_POSTS = 5000
# The detector forgets the oldest posts past this many, so memory and lookups stay bounded
# during a long import; copies are nearly always close in time to their original.
MAX_REMEMBERED = 20000
# Up to this many lookups, comparing with every remembered signature beats building LSH.
EXHAUSTIVE_LOOKUPS = 200
SIGNATURE_DTYPE = np.uint32
# Stored signatures are only comparable with ones made the same way: fixed seed and scheme.
SEED = 1
SCHEME = "affine32"


# MinHash computed with numpy for the whole text at once: hashing each shingle in Python
# (datasketch's update_batch) cost ~0.5 ms a post, the largest share of an import.
# Each permutation is h -> (a*h + b) mod p on 32-bit shingle hashes, p a prime above 2**32.
PRIME = np.uint64(4294967311)
_RANDOM = np.random.default_rng(SEED)
PERM_A = _RANDOM.integers(1, 2**32, size=NUM_PERM, dtype=np.uint64)
PERM_B = _RANDOM.integers(0, 2**32, size=NUM_PERM, dtype=np.uint64)
ROLL_BASE = np.uint64(1_000_003)


def signature_of(canonical: str) -> LeanMinHash | None:
    """The MinHash of a canonical text, or None when it is too short to compare fuzzily."""
    if len(canonical) < MIN_CHARS:
        return None
    hashes = _shingle_hashes(canonical)
    permuted = (np.outer(hashes, PERM_A) + PERM_B) % PRIME
    values = permuted.min(axis=0).astype(SIGNATURE_DTYPE)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def _shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of every character 5-gram (as code points), duplicates removed."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    mask = np.uint64(0xFFFFFFFF)
    hashes = np.zeros(len(points) - SHINGLE + 1, dtype=np.uint64)
    for offset in range(SHINGLE):
        hashes = (hashes * ROLL_BASE + points[offset : offset + len(hashes)]) & mask
    return np.unique(hashes)


def to_bytes(signature: LeanMinHash) -> bytes:
    return bytes(np.asarray(signature.hashvalues, dtype=SIGNATURE_DTYPE).tobytes())


def from_bytes(data: bytes) -> LeanMinHash:
    values = np.frombuffer(data, dtype=SIGNATURE_DTYPE)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


class NearDuplicateDetector:
    """Remembers posts it has seen and finds the original a new post copies.

    A few lookups (a community post, a small API batch) compare the signature with every
    remembered one at once in numpy; building the LSH index over the workspace's recent
    posts would cost far more than those comparisons (~0.3 s for 5,000 posts). Past
    `EXHAUSTIVE_LOOKUPS` lookups, as in an import, the index is built and used instead.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.index: MinHashLSH | None = None
        # Insertion-ordered, so the first key is the oldest remembered post.
        self.signatures: dict[int, np.ndarray] = {}
        self.lookups = 0
        # The seed posts as one matrix, for exhaustive lookups before the index exists.
        self._seed_ids = np.zeros(0, dtype=np.int64)
        self._seed_matrix = np.zeros((0, NUM_PERM), dtype=SIGNATURE_DTYPE)
        self._since_seed: list[int] = []

    @classmethod
    def for_workspace(cls, workspace_id: int, recent: int = SEED_POSTS) -> NearDuplicateDetector:
        """A detector that already knows the workspace's `recent` latest originals."""
        detector = cls()
        rows = [
            (post_id, bytes(data))
            for post_id, data in Post.objects.filter(
                workspace_id=workspace_id, near_duplicate_of__isnull=True, minhash__isnull=False
            )
            .order_by("-created_at")
            .values_list("id", "minhash")[:recent]
            if data is not None
        ]
        rows.reverse()  # oldest first, as if remembered in time order
        if rows:
            matrix = np.frombuffer(b"".join(data for _, data in rows), dtype=SIGNATURE_DTYPE)
            detector._seed_matrix = matrix.reshape(len(rows), NUM_PERM)
            detector._seed_ids = np.array([post_id for post_id, _ in rows], dtype=np.int64)
            for row, (post_id, _) in enumerate(rows):
                detector.signatures[post_id] = detector._seed_matrix[row]
        return detector

    def original_of(self, signature: LeanMinHash) -> int | None:
        """The earliest remembered post at least `threshold` similar, if any."""
        self.lookups += 1
        if self.index is None and self.lookups > EXHAUSTIVE_LOOKUPS:
            self._build_index()
        if self.index is None:
            return self._original_by_comparing_all(np.asarray(signature.hashvalues))
        candidates = self.index.query(signature)
        if not candidates:
            return None
        # Share of equal hash values estimates Jaccard similarity; compared all at once.
        stacked = np.stack([self.signatures[post_id] for post_id in candidates])
        similarity = (stacked == signature.hashvalues).mean(axis=1)
        matches = [
            post_id
            for post_id, s in zip(candidates, similarity, strict=True)
            if s >= self.threshold
        ]
        return min(matches) if matches else None

    def _original_by_comparing_all(self, values: np.ndarray) -> int | None:
        matches: list[int] = []
        if len(self._seed_ids):
            similarity = (self._seed_matrix == values).mean(axis=1)
            matches += [
                int(post_id)
                for post_id in self._seed_ids[similarity >= self.threshold]
                if int(post_id) in self.signatures
            ]
        for post_id in self._since_seed:
            remembered = self.signatures.get(post_id)
            if remembered is not None and (remembered == values).mean() >= self.threshold:
                matches.append(post_id)
        return min(matches) if matches else None

    def _build_index(self) -> None:
        self.index = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
        for post_id, values in self.signatures.items():
            self.index.insert(post_id, LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME))
        self._since_seed = []

    def remember(self, post_id: int, signature: LeanMinHash) -> None:
        if post_id not in self.signatures:
            self.signatures[post_id] = np.asarray(signature.hashvalues)
            if self.index is not None:
                self.index.insert(post_id, signature)
            else:
                self._since_seed.append(post_id)
        if len(self.signatures) > MAX_REMEMBERED:
            oldest = next(iter(self.signatures))
            if self.index is not None:
                self.index.remove(oldest)
            del self.signatures[oldest]


def link_near_duplicates(
    posts: Sequence[Post], signatures: Sequence[LeanMinHash | None], detector: NearDuplicateDetector
) -> list[Post]:
    """Set `near_duplicate_of` on new posts that copy an earlier one; returns those changed."""
    originals = _exact_originals(posts)
    changed = []
    for post, signature in zip(posts, signatures, strict=True):
        original = originals.get(post.canonical_hash)
        if original is None or original == post.id:
            original = detector.original_of(signature) if signature is not None else None
        if original is not None and original != post.id:
            post.near_duplicate_of_id = original
            changed.append(post)
        elif signature is not None:
            detector.remember(post.id, signature)
        originals.setdefault(post.canonical_hash, post.id)
    return changed


def _exact_originals(posts: Sequence[Post]) -> dict[str, int]:
    """For each canonical hash in `posts`, the earliest original already stored."""
    hashes = {post.canonical_hash for post in posts if post.canonical_hash}
    if not hashes:
        return {}
    # No ORDER BY in SQL: the planner would then walk the time index over the whole
    # workspace instead of looking the hashes up (quadratic over an import).
    rows = (
        Post.objects.filter(
            workspace_id=posts[0].workspace_id,
            canonical_hash__in=hashes,
            near_duplicate_of__isnull=True,
        )
        .exclude(id__in=[post.id for post in posts])
        .values_list("canonical_hash", "created_at", "id")
    )
    earliest: dict[str, tuple[datetime, int]] = {}
    for canonical_hash, created_at, post_id in rows:
        if canonical_hash not in earliest or (created_at, post_id) < earliest[canonical_hash]:
            earliest[canonical_hash] = (created_at, post_id)
    return {canonical_hash: post_id for canonical_hash, (_, post_id) in earliest.items()}
