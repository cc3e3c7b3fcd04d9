"""`socialcycle reseal-credentials` seals every live source's credentials with the newest
of CREDENTIAL_KEYS, so the older key can go."""

from cryptography.fernet import Fernet

from socialcycle.accounts.models import AuditEvent
from socialcycle.cli import main
from socialcycle.lib.credentials import unseal
from socialcycle.listening.connectors.connections import connect_source

APP = "1234567890"


def test_reseal_credentials_moves_every_source_to_the_newest_key(cast, settings, capsys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CREDENTIAL_KEYS = [old]
    live = connect_source(
        cast.workspace,
        name="App Store",
        kind="apple_app_store",
        settings={"app_id": APP},
        credentials={"key_id": "ABC123"},
        by=cast.admin,
    )
    settings.CREDENTIAL_KEYS = [new, old]
    assert main(["reseal-credentials"]) == 0
    assert "Sealed again with the newest key: 1 source(s)." in capsys.readouterr().out
    settings.CREDENTIAL_KEYS = [new]
    live.refresh_from_db()
    assert unseal(live.credentials) == {"key_id": "ABC123"}
    assert "ABC123" not in str(AuditEvent.objects.values_list("after", flat=True))
