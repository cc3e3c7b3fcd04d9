"""A Google Play source for tests: a service account with a fresh RSA key (google-auth
really signs its sign-in with it), signing in at the local server's /token."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from socialcycle.listening.connectors.connections import connect_source
from socialcycle.listening.models import Connection
from socialcycle.testing.cast import Cast
from socialcycle.testing.platform_server import PlatformServer

FIXTURES = Path(__file__).parent / "fixtures" / "google_play"
PACKAGE = "com.lumio.hub"
REVIEWS = f"/androidpublisher/v3/applications/{PACKAGE}/reviews"
TOKEN = "/token"
CLIENT_EMAIL = "socialcycle-replies@lumio-play.iam.gserviceaccount.com"


@lru_cache(maxsize=1)
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_key_pem() -> bytes:
    return (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def service_account_key(token_uri: str, **changes: Any) -> str:
    """The JSON key file the Play Console's service account gives, as a person pastes it."""
    pem = private_key().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key = {
        "type": "service_account",
        "project_id": "lumio-play",
        "private_key_id": "5f1c0d9e2b7a4c3d8e6f0a1b2c3d4e5f6a7b8c9d",
        "private_key": pem.decode(),
        "client_email": CLIENT_EMAIL,
        "client_id": "104512345678901234567",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "universe_domain": "googleapis.com",
        **changes,
    }
    return json.dumps(key)


def connect_google_play(cast: Cast, platform: PlatformServer) -> Connection:
    return connect_source(
        cast.workspace,
        name="Lumio on Google Play",
        kind="google_play",
        settings={"package_name": PACKAGE, "base_url": platform.url},
        credentials={"service_account_json": service_account_key(platform.url + TOKEN)},
        by=cast.admin,
    )
