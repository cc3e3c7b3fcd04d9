"""A support mailbox over IMAP, against a real Dovecot the test starts: threads by
Message-ID and In-Reply-To (a reply filed before its parent included), charsets,
HTML-only mail, attachments left out and said; messages stay unread; a bad password is a
sentence; replies go out over SMTP in the thread."""

from email.message import EmailMessage

import pytest

from socialcycle.listening.connectors import polling, publisher_for
from socialcycle.listening.connectors.base import ReplyTarget
from socialcycle.listening.connectors.connections import connect_source
from socialcycle.listening.models import Post
from socialcycle.testing.imap import PASSWORD, USER, imap_server


@pytest.fixture
def mailbox(settings):
    settings.CONNECTORS_ALLOW_PRIVATE_ADDRESSES = True
    with imap_server() as server:
        yield server


def connect(cast, server, password=PASSWORD):
    return connect_source(
        cast.workspace,
        name="support@lumio.example",
        kind="imap",
        settings={"host": server.host, "port": server.port, "username": USER, "plain": True},
        credentials={"password": password},
        by=cast.admin,
    )


def mail(
    message_id, subject, body, *, sender="Ana Lima <ana@example.com>", reply_to=None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = USER
    message["Subject"] = subject
    message["Message-ID"] = f"<{message_id}>"
    message["Date"] = "Fri, 04 Dec 2026 09:15:00 +0100"
    if reply_to:
        message["In-Reply-To"] = f"<{reply_to}>"
    message.set_content(body)
    return message


def latin1_mail() -> bytes:
    return (
        "From: =?iso-8859-1?q?Ren=E9e_Dupr=E9?= <renee@example.fr>\r\n"
        f"To: {USER}\r\nSubject: =?iso-8859-1?q?Facture_erron=E9e?=\r\n"
        "Message-ID: <latin1@example.fr>\r\nDate: Thu, 03 Dec 2026 18:00:00 +0100\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "Ma facture de d=E9cembre est erron=E9e, merci de v=E9rifier.\r\n"
    ).encode("ascii")


def html_only_mail() -> EmailMessage:
    message = mail("html@example.com", "Pairing fails", "")
    message.set_content("<p>The hub <b>will not pair</b> &amp; blinks red.</p>", subtype="html")
    return message


def test_a_mailbox_is_read_threaded_and_left_unread(cast, mailbox):
    reply = mail("r1@example.com", "Re: Hub offline", "Still offline.", reply_to="p1@example.com")
    mailbox.deliver(bytes(reply))  # the reply is filed before the message it answers
    mailbox.deliver(bytes(mail("p1@example.com", "Hub offline", "My hub is offline since 8.")))
    mailbox.deliver(latin1_mail())
    mailbox.deliver(bytes(html_only_mail()))
    with_file = mail("att@example.com", "Invoice", "See the attached scan.")
    with_file.add_attachment(
        b"%PDF-1.4", maintype="application", subtype="pdf", filename="scan.pdf"
    )
    mailbox.deliver(bytes(with_file))
    live = connect(cast, mailbox)

    result = polling.poll(live)

    assert (result.ok, result.created) == (True, 5)
    posts = Post.objects.filter(source=live.source)
    parent, answer = (
        posts.get(external_id="p1@example.com"),
        posts.get(external_id="r1@example.com"),
    )
    assert answer.parent_id == parent.pk
    assert posts.get(external_id="latin1@example.fr").text == (
        "Ma facture de décembre est erronée, merci de vérifier."
    )
    assert posts.get(external_id="latin1@example.fr").title == "Facture erronée"
    assert posts.get(external_id="html@example.com").text == "The hub will not pair & blinks red."
    invoice = posts.get(external_id="att@example.com")
    assert invoice.raw["attachments_not_kept"] == ["scan.pdf"]
    assert invoice.channel == "email"
    with mailbox.session() as client:
        client.select("INBOX", readonly=True)
        assert client.uid("SEARCH", "UNSEEN")[1][0].split()  # still unread for the team

    assert polling.poll(live).created == 0  # nothing new, nothing twice
    mailbox.deliver(bytes(mail("p2@example.com", "Thanks", "Works again!")))
    assert polling.poll(live).created == 1


def test_a_wrong_password_is_a_sentence_that_asks_to_reconnect(cast, mailbox):
    result = polling.poll(connect(cast, mailbox, password="nope"))
    assert result.problem.startswith(f"The mailbox {USER} on 127.0.0.1 refused the login")
    assert "check the user name and password" in result.problem


def test_a_reply_goes_out_over_smtp_in_the_thread(cast, mailbox, smtp_inbox):
    live = connect(cast, mailbox)
    target = ReplyTarget("p1@example.com", "Hub offline", "ana@example.com")
    publisher = publisher_for(live)
    assert publisher is not None
    address = publisher.publish_reply(target, "Sorry Ana, fixed now.", "key-1")

    [sent] = smtp_inbox.to("ana@example.com")
    assert sent["In-Reply-To"] == "<p1@example.com>"
    assert sent["Subject"] == "Re: Hub offline"
    assert address == "mid:" + sent["Message-ID"].strip("<>")
