"""A real IMAP server for tests: Debian's Dovecot, started on a free local port with a
configuration, a mailbox folder and one user of the test's own (tools/ensure-dovecot
installs it). Messages are put in with IMAP APPEND, as a mail server would file them."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from socialcycle.testing.servers import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "support@lumio.example", "imap-secret"


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int

    def deliver(self, message: bytes, *, mailbox: str = "INBOX") -> None:
        """File one message in the mailbox, the way the mail server would."""
        with self.session() as client:
            client.append(mailbox, None, imaplib.Time2Internaldate(time.time()), message)

    @contextmanager
    def session(self) -> Iterator[imaplib.IMAP4]:
        client = imaplib.IMAP4(self.host, self.port)
        client.login(USER, PASSWORD)
        try:
            yield client
        finally:
            client.logout()


def _config(root: Path, port: int) -> str:
    owner = "dovecot" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    internal = (
        ""
        if os.geteuid() == 0
        else f"default_login_user = {owner}\ndefault_internal_user = {owner}\n"
    )
    return f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
mail_location = maildir:{root}/mail/%u
{internal}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={owner} gid={owner} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@contextmanager
def imap_server() -> Iterator[ImapServer]:
    """Dovecot in the foreground, with a folder of its own, until the block ends.

    The folder is made under the system's temporary folder and opened to others, because
    Dovecot's login and auth processes run as its own users and must read it (pytest's
    `tmp_path` is private to the test's user)."""
    root = Path(tempfile.mkdtemp(prefix="socialcycle-dovecot-"))
    try:
        with _dovecot(root) as server:
            yield server
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def _dovecot(root: Path) -> Iterator[ImapServer]:
    port = free_port()
    for folder in ("run", "state", "mail"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    if os.geteuid() == 0:
        shutil.chown(root / "mail", "dovecot", "dovecot")
    config = root / "dovecot.conf"
    config.write_text(_config(root, port))
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)])
    try:
        _wait_for(port, process, root)
        yield ImapServer("127.0.0.1", port)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen[bytes], root: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot stopped at start: {log[-2000:]}")
        try:
            imaplib.IMAP4("127.0.0.1", port).logout()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"dovecot did not listen on port {port} within 10 seconds")
