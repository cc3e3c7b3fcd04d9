"""E-mail: one message per .eml file, or many in an mbox file."""

from __future__ import annotations

import email
import email.errors
import hashlib
import mailbox
import re
from collections.abc import Iterator
from email.message import EmailMessage, Message, MIMEPart
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
FIRST_ID = re.compile(r"<([^<>\s]+)>")
# What the stdlib parser raises on some malformed messages instead of noting a defect.
PARSER_ERRORS = (IndexError, ValueError, LookupError, email.errors.MessageError)


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
            keys = box.keys()
            if not keys:
                raise UnreadableFileError(
                    ImportProblem(
                        path.name,
                        message="holds no messages; an mbox file starts each message with a line "
                        'beginning "From "',
                    )
                )
            for number, key in enumerate(keys, start=1):
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
        fields = _fields(message, raw)
    except PARSER_ERRORS as error:
        return ImportProblem(path.name, where, "", f"cannot be read as an e-mail message ({error})")
    return RawRecord(number, where, fields)


def _fields(message: Message, raw: bytes) -> dict[str, Any]:
    senders = getaddresses([header_text(message, "From")])
    name, address = senders[0] if senders else ("", "")
    fields: dict[str, Any] = {
        "message_id": _bare_id(header_text(message, "Message-ID"))
        or hashlib.sha256(raw).hexdigest(),
        "subject": header_text(message, "Subject"),
        "body": body_text(message),
        "from_address": address,
        "from_name": name,
        "in_reply_to": _first_id(header_text(message, "In-Reply-To")),
    }
    date = _date(header_text(message, "Date"))
    if date:
        fields["date"] = date
    return fields


def header_text(message: Message, name: str) -> str:
    """A header as text; its raw value where the stdlib parser trips over a malformed one."""
    try:
        value = message.get(name)
    except (IndexError, ValueError, email.errors.HeaderParseError):
        value = next((raw for key, raw in message.raw_items() if key.lower() == name.lower()), "")
    return str(value or "").strip()


def body_text(message: Message) -> str:
    """The plain-text body, or the HTML body made plain; charsets decoded."""
    if isinstance(message, EmailMessage):
        part = message.get_body(preferencelist=("plain", "html"))
        if part is None:
            return ""
        text = _part_text(part)
        return html_to_text(text) if part.get_content_type() == "text/html" else text.strip()
    payload = message.get_payload(decode=True)
    return _undeclared_text(payload).strip() if isinstance(payload, bytes) else ""


def _part_text(part: MIMEPart) -> str:
    try:
        content = part.get_content()
    except LookupError:
        # An unknown charset name ("unknown-8bit", a typo) should not cost the message.
        payload = part.get_payload(decode=True)
        return _undeclared_text(payload) if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else _undeclared_text(content)


def _undeclared_text(payload: bytes) -> str:
    """Bytes whose charset is unknown: UTF-8 when they are, else the usual Western 8-bit."""
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", "replace")


def _bare_id(value: str) -> str:
    return ANGLES.sub("", value.strip())


def _first_id(value: str) -> str:
    """The first <id> of a header that may list several; the bare value when none is bracketed."""
    found = FIRST_ID.search(value)
    return found.group(1) if found else _bare_id(value)


def _date(value: str) -> str:
    if not value:
        return ""
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return ""
