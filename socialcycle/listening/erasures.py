"""Handles of people erased on request, so that intake does not collect them again.

An erased person's posts may still be out on the channel, and the next import of the
same export, the next feed poll or an intake push would bring them back under a new
participant. Erasure (privacy/services.py) remembers each of the person's handles here;
`record_posts` leaves out every post by one of them and counts it as withheld.

Only a SHA-256 digest of the workspace, channel and case-folded handle is kept: the
list does not read as names. It is not a secret against someone who holds the database
and guesses a handle (any recogniser has to accept guesses), and is deliberately not
keyed with SECRET_KEY, so that rotating the key cannot silently forget an erasure.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from socialcycle.listening.models import ErasedHandle


def handle_digest(workspace_id: int, channel: str, handle: str) -> str:
    key = f"{workspace_id}\x00{channel}\x00{handle.strip().casefold()}"
    return hashlib.sha256(key.encode()).hexdigest()


def remember_erased(workspace_id: int, handles: Iterable[tuple[str, str]]) -> int:
    """Remember `(channel, handle)` pairs as erased; returns how many pairs were new."""
    digests = {
        (channel, handle_digest(workspace_id, channel, handle))
        for channel, handle in handles
        if handle.strip()
    }
    before = ErasedHandle.objects.filter(workspace_id=workspace_id).count()
    ErasedHandle.objects.bulk_create(
        [
            ErasedHandle(workspace_id=workspace_id, channel=channel, digest=digest)
            for channel, digest in sorted(digests)
        ],
        ignore_conflicts=True,
    )
    return ErasedHandle.objects.filter(workspace_id=workspace_id).count() - before


def erased_among(workspace_id: int, channel: str, handles: Iterable[str]) -> set[str]:
    """The handles of `handles` that belong to people erased from the workspace."""
    by_digest: dict[str, set[str]] = defaultdict(set)
    for handle in handles:
        if handle.strip():
            by_digest[handle_digest(workspace_id, channel, handle)].add(handle)
    if not by_digest:
        return set()
    found = ErasedHandle.objects.filter(
        workspace_id=workspace_id, channel=channel, digest__in=list(by_digest)
    ).values_list("digest", flat=True)
    return {handle for digest in found for handle in by_digest[digest]}
