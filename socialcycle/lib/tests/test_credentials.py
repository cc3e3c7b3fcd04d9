"""Credentials are sealed at rest, open with any configured key, and rotate."""

import pytest
from cryptography.fernet import Fernet

from socialcycle.lib.credentials import SealError, reseal, seal, unseal


def test_sealed_credentials_do_not_show_the_secret_and_open_again(settings):
    settings.CREDENTIAL_KEYS = []
    sealed = seal({"token": "s3cr3t-token"})
    assert "s3cr3t" not in sealed
    assert unseal(sealed) == {"token": "s3cr3t-token"}
    assert (seal({}), unseal("")) == ("", {})


def test_a_new_key_in_front_rotates_and_the_old_one_can_then_go(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CREDENTIAL_KEYS = [old]
    sealed = seal({"token": "abc"})
    settings.CREDENTIAL_KEYS = [new, old]
    assert unseal(sealed) == {"token": "abc"}  # both keys open
    resealed = reseal(sealed)
    settings.CREDENTIAL_KEYS = [new]
    assert unseal(resealed) == {"token": "abc"}
    with pytest.raises(SealError, match="cannot be opened with the configured CREDENTIAL_KEYS"):
        unseal(sealed)
