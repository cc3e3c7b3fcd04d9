"""E-mail: one message per .eml file, or many in an mbox file."""

from __future__ import annotations

import email
import email.errors
import hashlib
import mailbox
import re
from collections.abc import Iterator
from email.message import EmailMessage, Message
from email.policy import default as default_policy
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from socialcycle.listening.importers.base import (
    Importer,
    ImportProblem,
    RawRecord,
    UnreadableFileError,
)
from socialcycle.listening.importers.html_text import html_to_text

ANGLES = re.compile(r"^<|>$")


class EmailImporter(Importer):
    name = "eml"
    label = "E-mail message (.eml)"
    extensions = (".eml",)

    def read(self, path: Path, data: bytes) -> Iterator[RawRecord | ImportProblem]:
        _refuse_empty(path, data)
        message = email.message_from_bytes(data, policy=default_policy)
        yield message_record(path, message, data, number=1, where="message")


class MboxImporter(Importer):
    name = "mbox"
    label = "Mailbox (mbox)"
    extensions = (".mbox", ".mbx")

    def read(self, path: Path, data: bytes) -> Iterator[RawRecord | ImportProblem]:
        _refuse_empty(path, data)
        box = mailbox.mbox(path, factory=None, create=False)
        try:
            for number, key in enumerate(box.iterkeys(), start=1):
                raw = box.get_bytes(key)
                message = email.message_from_bytes(raw, policy=default_policy)
                yield message_record(path, message, raw, number=number, where=f"message {number}")
        finally:
            box.close()


def _refuse_empty(path: Path, data: bytes) -> None:
    if not data.strip():
        raise UnreadableFileError(ImportProblem(path.name, message="the file is empty"))


def message_record(
    path: Path, message: Message, raw: bytes, *, number: int, where: str
) -> RawRecord | ImportProblem:
    """The fields of one message that the `email` mapping reads."""
    try:
        body = body_text(message)
    except (LookupError, UnicodeError, email.errors.MessageError) as error:
        return ImportProblem(path.name, where, "body", f"cannot be decoded ({error})")
    senders = getaddresses([str(message.get("From", ""))])
    name, address = senders[0] if senders else ("", "")
    fields: dict[str, Any] = {
        "message_id": _bare_id(message.get("Message-ID")) or hashlib.sha256(raw).hexdigest(),
        "subject": str(message.get("Subject", "") or ""),
        "body": body,
        "from_address": address,
        "from_name": name,
        "in_reply_to": _bare_id(message.get("In-Reply-To")),
    }
    date = _date(message.get("Date"))
    if date:
        fields["date"] = date
    return RawRecord(number, where, fields)


def body_text(message: Message) -> str:
    """The plain-text body, or the HTML body made plain; charsets decoded."""
    if isinstance(message, EmailMessage):
        part = message.get_body(preferencelist=("plain", "html"))
        if part is None:
            return ""
        content = part.get_content()
        text = content if isinstance(content, str) else content.decode("utf-8", "replace")
        return html_to_text(text) if part.get_content_type() == "text/html" else text.strip()
    payload = message.get_payload(decode=True)
    return payload.decode("utf-8", "replace").strip() if isinstance(payload, bytes) else ""


def _bare_id(value: object) -> str:
    return ANGLES.sub("", str(value).strip()) if value else ""


def _date(value: object) -> str:
    if not value:
        return ""
    try:
        return parsedate_to_datetime(str(value)).isoformat()
    except (TypeError, ValueError, IndexError):
        return ""
