"""The embedded default's cache: files every process on the machine shares.

Django's FileBasedCache lists its whole folder on every write to see whether it is full,
and when it is, deletes a third of the entries at random, live ones included. Rate-limit
windows leave an entry behind each minute per client, so the folder is soon full: every
write then pays for a listing of thousands of files, and live counters (a lockout in
progress) can be dropped. Here the folder is looked at only every CULL_EVERY writes of a
process, expired entries go first, and random entries only if it is still full.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache


# django-stubs declares none of FileBasedCache's private methods, hence the ignores below.
class SharedFileCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._cull_every = int(params.get("OPTIONS", {}).get("CULL_EVERY", 200))
        self._writes = 0

    def _cull(self) -> None:
        self._writes += 1
        if self._writes % self._cull_every:
            return
        self.remove_expired()
        super()._cull()  # type: ignore[misc]

    def remove_expired(self) -> None:
        """Delete every entry past its expiry time."""
        for path in self._list_cache_files():  # type: ignore[attr-defined]
            with contextlib.suppress(FileNotFoundError), open(path, "rb") as entry:
                self._is_expired(entry)  # type: ignore[attr-defined]  # deletes it when expired
