"""A small sliding-window rate limit on the cache (Redis when configured, else shared files).

Public pages that need no account use it per client address, so that nobody can hammer
or enumerate them; sign-in, sign-up, posting, voting and the API count per address and
per account as well (docs/security.md lists every limit).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from socialcycle.lib.access import PUBLIC, Access, mark
from socialcycle.lib.outages import is_outage

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponseBase]


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by clients too unless a proxy rewrites it.
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def allow(key: str, limit: int, window_seconds: int, at: float | None = None) -> bool:
    """Count one hit for `key`; False once about `limit` hits fell in the last window.

    Hits are counted per clock window; the last `window_seconds` are estimated as this
    window's hits plus the previous window's, weighed by how much of it is still inside
    the last `window_seconds`. A plain per-window count would start again from zero at
    each window's edge and let a client through twice the limit across it. `at` is the
    time of the hit (default now).
    """
    try:
        return _count_hit(key, limit, window_seconds, at)
    except Exception as error:
        if not is_outage(error):
            raise
        # The cache (Redis) is down: let the request through rather than refuse every
        # client until it is back; sign-in lockouts still refuse (lib/lockout.py).
        logger.warning("rate limit %s not counted: the cache is unreachable (%s)", key, error)
        return True


def _count_hit(key: str, limit: int, window_seconds: int, at: float | None) -> bool:
    now = (time.time() if at is None else at) / window_seconds
    window = int(now)
    bucket = f"ratelimit:{key}:{window}"
    kept = 2 * window_seconds + 1  # the next window still weighs this one
    cache.add(bucket, 0, timeout=kept)
    try:
        hits = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=kept)
        hits = 1
    before = int(cache.get(f"ratelimit:{key}:{window - 1}", 0))
    return hits + before * (1 - (now - window)) <= limit


def too_many_requests(window_seconds: int = 60) -> HttpResponse:
    response = HttpResponse(
        "Too many requests; please wait a minute.", status=429, content_type="text/plain"
    )
    response["Retry-After"] = str(window_seconds)
    return response


def rate_limited(name: str, limit: int, window_seconds: int = 60) -> Callable[[View], View]:
    """A public view: answer 429 once a client address made `limit` requests to `name` in
    the window."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allow(f"{name}:{client_address(request)}", limit, window_seconds):
                return too_many_requests(window_seconds)
            return view(request, *args, **kwargs)

        limit_text = f"{limit} per {window_seconds} s per address"
        return mark(wrapper, Access(PUBLIC, "anyone", "anyone", limit=limit_text))

    return decorate
