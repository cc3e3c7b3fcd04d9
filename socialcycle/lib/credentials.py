"""Credentials at rest: a connector's tokens are sealed with Fernet before they are stored.

The keys come from `CREDENTIAL_KEYS` (comma-separated Fernet keys, newest first): the first
seals, every one opens, so a key is rotated by putting a new one in front, running
`socialcycle reseal-credentials`, then dropping the old one. Without the setting, one key
is derived from SECRET_KEY, so the embedded default needs no setting; a deployment that
rotates SECRET_KEY should set CREDENTIAL_KEYS first. A sealed value is never shown again,
never logged, and never enters an export or the audit log (they record that credentials
changed, not what they are).
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SealError(Exception):
    """Sealed credentials that no configured key opens, said as one sentence."""


def _keys() -> MultiFernet:
    configured = [key.strip() for key in settings.CREDENTIAL_KEYS if key.strip()]
    if not configured:
        digest = hashlib.sha256(f"socialcycle credentials|{settings.SECRET_KEY}".encode())
        configured = [base64.urlsafe_b64encode(digest.digest()).decode()]
    return MultiFernet([Fernet(key.encode()) for key in configured])


def seal(values: dict[str, Any]) -> str:
    """The values as one sealed string ("" for none)."""
    if not values:
        return ""
    return _keys().encrypt(json.dumps(values, sort_keys=True).encode()).decode()


def unseal(sealed: str) -> dict[str, Any]:
    """The values a `seal` made; {} for ""."""
    if not sealed:
        return {}
    try:
        opened = _keys().decrypt(sealed.encode())
    except InvalidToken:
        raise SealError(
            "the saved credentials cannot be opened with the configured CREDENTIAL_KEYS "
            "(was a key removed too early?): enter them again"
        ) from None
    values = json.loads(opened)
    return values if isinstance(values, dict) else {}


def reseal(sealed: str) -> str:
    """The same values sealed with the newest key (after a rotation)."""
    if not sealed:
        return ""
    try:
        return _keys().rotate(sealed.encode()).decode()
    except InvalidToken:
        raise SealError(
            "the saved credentials cannot be opened with the configured CREDENTIAL_KEYS"
        ) from None
