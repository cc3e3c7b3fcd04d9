"""Account lockout: after repeated failed sign-ins an account refuses every password for a
while, whoever tries and from wherever (per-address rate limits stop one client; this
stops many clients guessing one account's password).

Counted on the cache (Redis when configured), keyed by what names the account (a
username, or a community's workspace and e-mail), so an unknown name is locked the same
way and an attacker cannot tell which accounts exist.
"""

from __future__ import annotations

import time

from django.core.cache import cache

FAILURES_BEFORE_LOCK = 5
FAILURE_WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60


def _keys(account: str) -> tuple[str, str]:
    return f"lockout:failures:{account}", f"lockout:until:{account}"


def locked_for(account: str) -> int:
    """Seconds the account stays locked (0: not locked)."""
    until = cache.get(_keys(account)[1])
    return max(0, int(until - time.time())) if until else 0


def record_failure(account: str) -> bool:
    """Count a failed sign-in; returns whether the account is locked now."""
    failures_key, until_key = _keys(account)
    cache.add(failures_key, 0, timeout=FAILURE_WINDOW_SECONDS)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # expired between add and incr
        cache.set(failures_key, 1, timeout=FAILURE_WINDOW_SECONDS)
        failures = 1
    if failures < FAILURES_BEFORE_LOCK:
        return False
    cache.set(until_key, time.time() + LOCK_SECONDS, timeout=LOCK_SECONDS)
    cache.delete(failures_key)
    return True


def clear(account: str) -> None:
    """A successful sign-in forgets the failures before it."""
    cache.delete_many(list(_keys(account)))


def minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


def locked_message(seconds: int) -> str:
    """What a locked account is told (the same whoever it is, so nobody learns it exists)."""
    return (
        "Too many failed sign-ins for this account. It is locked for "
        f"{minutes(seconds)} minutes; try again then."
    )
