"""An e-mail mailbox over IMAP (support@…): new messages become posts, threaded by
Message-ID and In-Reply-To; replies go out over SMTP in the same thread.

The client is the standard library's `imaplib` (maintained with Python; no dependency).
Settings: `host`, `port` (993), `mailbox` ("INBOX"), `username`; credentials: `password`.
TLS always, except where CONNECTORS_ALLOW_PRIVATE_ADDRESSES allows a plain local server
(tests). Messages are read with BODY.PEEK, so they stay unread for the people who share
the mailbox. The cursor is "<UIDVALIDITY>:<last UID>": when the server renumbers the
mailbox (UIDVALIDITY changes) every message is read again, and Message-IDs keep each one
a single post. Attachments are not kept; the post says which were left out.
"""

from __future__ import annotations

import contextlib
import email
import imaplib
import re
import ssl
from email.message import EmailMessage, Message
from email.policy import default as default_policy
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings as django_settings
from django.core.mail import EmailMessage as OutgoingMessage

from socialcycle.lib.outbound import ForbiddenAddressError, check_public_url
from socialcycle.listening.connectors.base import (
    PRIVATE_SETTING,
    TIMEOUT_SECONDS,
    ConnectorError,
    Page,
    ReplyTarget,
    allow_private,
)
from socialcycle.listening.importers.base import ImportProblem, RawRecord
from socialcycle.listening.importers.email_files import message_record
from socialcycle.listening.models import Channel

BATCH = 100  # messages a poll reads; the next poll comes at once while more wait


class ImapMailbox:
    kind: ClassVar[str] = "imap"
    channel: ClassVar[str] = Channel.EMAIL
    label: ClassVar[str] = "E-mail (IMAP)"
    reply_place: ClassVar[str] = (
        "by e-mail from the support mailbox, in the same thread as the message"
    )

    def __init__(self, settings: dict[str, Any], credentials: dict[str, Any]) -> None:
        self.host = str(settings.get("host", "")).strip()
        self.port = int(settings.get("port") or 993)
        self.mailbox = str(settings.get("mailbox") or "INBOX")
        self.username = str(settings.get("username", "")).strip()
        self.address = str(settings.get("address") or self.username)
        self.password = str(credentials.get("password", ""))
        self.plain = bool(settings.get("plain")) and allow_private()
        if not self.host:
            raise ConnectorError("Name the mail server (host).", reconnect=True, field="host")
        if not self.username or not self.password:
            raise ConnectorError(
                "The mailbox needs its user name and password.", reconnect=True, field="password"
            )
        self.name = f"The mailbox {self.username} on {self.host}"

    def fetch(self, cursor: str) -> Page:
        validity, last_uid = _cursor(cursor)
        with self._session() as client:
            status, _ = client.select(_quoted(self.mailbox), readonly=True)
            if status != "OK":
                raise ConnectorError(f"{self.name} has no folder called {self.mailbox!r}.")
            now_validity = _validity(client)
            if now_validity != validity:
                last_uid = 0  # renumbered: read it all again, Message-IDs keep posts single
            uids = [uid for uid in _search(client, last_uid) if uid > last_uid]
            taken = uids[:BATCH]
            records = [self._record(client, uid, n) for n, uid in enumerate(taken)]
        newest = taken[-1] if taken else last_uid
        return Page(
            records=[r for r in records if isinstance(r, RawRecord)],
            cursor=f"{now_validity}:{newest}",
            more=len(uids) > BATCH,
            notes=[str(r) for r in records if isinstance(r, ImportProblem)],
        )

    def can_publish(self) -> bool:
        return True  # replies go out over the workspace's SMTP

    def publish_reply(self, target: ReplyTarget, text: str, key: str) -> str:
        """Send the reply over SMTP (the workspace's outgoing mail) in the message's thread;
        returns its address as a `mid:` URL. The same key makes the same Message-ID, so a
        receiver's mail program shows a repeat as one message."""
        if not target.author_email:
            raise ConnectorError("The message has no sender address to answer.")
        domain = self.address.split("@")[-1] or "socialcycle.local"
        message_id = make_msgid(idstring=re.sub(r"[^\w.-]", "", key)[:40], domain=domain)
        subject = target.title if target.title.lower().startswith("re:") else f"Re: {target.title}"
        reply = OutgoingMessage(
            subject=subject.strip(),
            body=text,
            from_email=self.address or django_settings.DEFAULT_FROM_EMAIL,
            to=[target.author_email],
            headers={
                "Message-ID": message_id,
                "In-Reply-To": f"<{target.external_id}>",
                "References": f"<{target.external_id}>",
            },
        )
        try:
            reply.send()
        except OSError as error:
            raise ConnectorError(
                f"The reply could not be sent over SMTP ({type(error).__name__})."
            ) from None
        return "mid:" + message_id.strip("<>")

    def _record(self, client: imaplib.IMAP4, uid: int, number: int) -> RawRecord | ImportProblem:
        status, parts = client.uid("FETCH", str(uid), "(BODY.PEEK[])")
        raw = next((part[1] for part in parts if isinstance(part, tuple)), b"")
        where = f"message UID {uid}"
        if status != "OK" or not raw:
            return ImportProblem(self.mailbox, where, "", "could not be fetched")
        message = email.message_from_bytes(raw, policy=default_policy)
        read = message_record(Path(self.mailbox), message, raw, number=number, where=where)
        if isinstance(read, ImportProblem):
            return read
        fields = read.fields
        attachments = _attachment_names(message)
        return RawRecord(
            number,
            where,
            {
                "external_id": fields["message_id"],
                "text": fields["body"] or fields["subject"] or "(empty message)",
                "title": fields["subject"],
                "created_at": fields.get("date") or formatdate(usegmt=True),
                "author_handle": fields["from_address"],
                "author_name": fields["from_name"],
                "author_email": fields["from_address"],
                "parent_external_id": fields["in_reply_to"],
                "attachments_not_kept": attachments,
            },
        )

    def _session(self) -> _Session:
        return _Session(self)


class _Session:
    """An IMAP login for one poll; every failure becomes the Sources page's sentence."""

    def __init__(self, mailbox: ImapMailbox) -> None:
        self.mailbox = mailbox
        self.client: imaplib.IMAP4 | None = None

    def __enter__(self) -> imaplib.IMAP4:
        box = self.mailbox
        try:
            check_public_url(
                f"imap://{box.host}", allow_private=allow_private(), setting=PRIVATE_SETTING
            )
            if box.plain:
                self.client = imaplib.IMAP4(box.host, box.port, timeout=TIMEOUT_SECONDS)
            else:
                context = ssl.create_default_context()
                self.client = imaplib.IMAP4_SSL(
                    box.host, box.port, ssl_context=context, timeout=TIMEOUT_SECONDS
                )
            self.client.login(box.username, box.password)
        except ForbiddenAddressError as error:
            raise ConnectorError(f"{box.name} was not asked: {error}.") from None
        except imaplib.IMAP4.error as error:
            raise ConnectorError(
                f"{box.name} refused the login ({_said(error)}): check the user name and "
                "password, or an app password if the provider asks for one.",
                reconnect=True,
                field="password",
            ) from None
        except ssl.SSLError as error:
            raise ConnectorError(f"{box.name} did not complete TLS ({error.reason}).") from None
        except (TimeoutError, OSError) as error:
            raise ConnectorError(
                f"{box.name} could not be reached ({type(error).__name__})."
            ) from None
        return self.client

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                self.client.logout()


def _cursor(cursor: str) -> tuple[str, int]:
    validity, _, uid = cursor.partition(":")
    return validity, int(uid) if uid.isdigit() else 0


def _validity(client: imaplib.IMAP4) -> str:
    """The selected folder's UIDVALIDITY, from the server's answer to SELECT."""
    _, values = client.response("UIDVALIDITY")
    value = values[0] if values else None
    return value.decode() if isinstance(value, bytes) else ""


def _search(client: imaplib.IMAP4, last_uid: int) -> list[int]:
    status, answer = client.uid("SEARCH", "UID", f"{last_uid + 1}:*")
    if status != "OK" or not answer or not answer[0]:
        return []
    return sorted(int(uid) for uid in answer[0].split())


def _attachment_names(message: Message) -> list[str]:
    if not isinstance(message, EmailMessage):
        return []
    return [part.get_filename() or part.get_content_type() for part in message.iter_attachments()]


def _quoted(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _said(error: Exception) -> str:
    text = error.args[0] if error.args else error
    return text.decode(errors="replace") if isinstance(text, bytes) else str(text)
