"""E-mail files: .eml and mbox, charsets, HTML bodies, replies, bad dates."""

from email.message import EmailMessage

from socialcycle.listening.importers import detect_format
from socialcycle.listening.models import Post
from socialcycle.listening.tests.import_helpers import problem_lines, run_import, write
from socialcycle.testing.factories import make_source


def message(
    message_id,
    body,
    *,
    subject="Hub question",
    date="Fri, 01 May 2026 10:00:00 +0000",
    sender="Zoé Martin <zoe@example.com>",
    reply_to=None,
    html=None,
    charset="utf-8",
):
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "support@lumio.example"
    mail["Subject"] = subject
    mail["Message-ID"] = f"<{message_id}>"
    if date:
        mail["Date"] = date
    if reply_to:
        mail["In-Reply-To"] = f"<{reply_to}>"
    if body is not None:
        mail.set_content(body, charset=charset)
    if html is not None:
        if body is None:
            mail.set_content(html, subtype="html")
        else:
            mail.add_alternative(html, subtype="html")
    return mail.as_bytes()


def test_an_eml_with_latin1_alternatives_keeps_its_accents(cast, tmp_path):
    raw = message(
        "m1@x", "Très déçue: le hub ne répond plus.", html="<p>ignored</p>", charset="iso-8859-1"
    )
    source = make_source(cast.workspace, "Support inbox", "email")
    run = run_import(source, write(tmp_path, "m1.eml", raw))
    post = Post.objects.get(source=source)
    assert (run.created, post.external_id) == (1, "m1@x")
    assert post.text == "Très déçue: le hub ne répond plus."
    assert (post.title, post.author_handle) == ("Hub question", "zoe@example.com")
    assert post.author is not None
    assert post.author.display_name == "Zoé Martin"
    assert post.author.email == "zoe@example.com"


def test_a_quoted_printable_body_is_decoded(cast, tmp_path):
    raw = (
        b"From: sam@example.com\r\nMessage-ID: <qp@x>\r\nDate: Fri, 01 May 2026 10:00:00 +0000\r\n"
        b"Subject: =?utf-8?q?Caf=C3=A9?=\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b"\r\nThe caf=C3=A9 hub is gr=\r\neat\r\n"
    )
    source = make_source(cast.workspace, "Inbox", "email")
    run_import(source, write(tmp_path, "qp.eml", raw))
    post = Post.objects.get(source=source)
    assert (post.title, post.text) == ("Café", "The café hub is great")


def test_an_html_only_message_becomes_plain_text(cast, tmp_path):
    raw = message(
        "h@x", None, html="<html><style>p{}</style><p>Hello <b>there</b></p><p>Second</p></html>"
    )
    source = make_source(cast.workspace, "Inbox", "email")
    run_import(source, write(tmp_path, "h.eml", raw))
    assert Post.objects.get(source=source).text == "Hello there\n\nSecond"


def test_an_mbox_keeps_good_messages_and_names_the_bad_date(cast, tmp_path):
    parts = [
        message("a@x", "First message"),
        message("b@x", "Second message", date="the day after"),
        message("c@x", "Third, a reply", reply_to="a@x", date="Sat, 02 May 2026 09:00:00 +0000"),
    ]
    mbox = b"".join(
        b"From sender@example.com Fri May  1 10:00:00 2026\n" + p + b"\n" for p in parts
    )
    source = make_source(cast.workspace, "Archive", "email")
    run = run_import(source, write(tmp_path, "archive.mbox", mbox))
    assert (run.created, run.rejected) == (2, 1)
    assert problem_lines(run)[0].startswith("archive.mbox, message 2, field created_at: is missing")
    reply = Post.objects.get(source=source, external_id="c@x")
    assert reply.parent is not None
    assert reply.parent.external_id == "a@x"


def test_an_empty_mail_file_is_refused(cast, tmp_path):
    run = run_import(make_source(cast.workspace), write(tmp_path, "empty.eml", b""))
    assert (run.status, problem_lines(run)) == ("failed", ["empty.eml: the file is empty"])


def test_an_mbox_without_from_lines_is_refused(cast, tmp_path):
    raw = message("lonely@x", "A single message saved under the wrong name")
    run = run_import(make_source(cast.workspace), write(tmp_path, "saved.mbox", raw))
    assert run.status == "failed"
    assert problem_lines(run) == [
        "saved.mbox: holds no messages; "
        'an mbox file starts each message with a line beginning "From "'
    ]


def test_an_unknown_charset_still_yields_the_message(cast, tmp_path):
    raw = (
        b"From: Zoe <zoe@example.com>\r\nMessage-ID: <u8@x>\r\n"
        b"Date: Fri, 01 May 2026 10:00:00 +0000\r\nSubject: Hub\r\n"
        b"Content-Type: text/plain; charset=unknown-8bit\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\nLe caf\xe9 est froid\r\n"
    )
    source = make_source(cast.workspace, "Inbox", "email")
    run = run_import(source, write(tmp_path, "u.eml", raw))
    assert (run.created, run.rejected) == (1, 0)
    assert Post.objects.get(source=source).text == "Le café est froid"


def test_malformed_headers_cost_only_themselves(cast, tmp_path):
    # "From: <" and "Message-ID: <" make Python's header parser raise instead of noting a defect.
    mbox = (
        b"From a@example.com Fri May  1 10:00:00 2026\n" + message("first@x", "First") + b"\n"
        b"From - Fri May  1 11:00:00 2026\n"
        b"From: <\nMessage-ID: <\nDate: Fri, 01 May 2026 11:00:00 +0000\nSubject: Odd\n\n"
        b"Odd headers, readable text\n\n"
        b"From b@example.com Fri May  1 12:00:00 2026\n"
        + message("third@x", "Replying", reply_to="first@x> <older@x")
        + b"\n"
    )
    source = make_source(cast.workspace, "Archive", "email")
    run = run_import(source, write(tmp_path, "odd.mbox", mbox))
    assert (run.created, run.rejected, problem_lines(run)) == (3, 0, [])
    odd = Post.objects.get(source=source, title="Odd")
    assert odd.text == "Odd headers, readable text"
    assert len(odd.external_id) == 64  # no usable Message-ID: a digest of the message instead
    reply = Post.objects.get(source=source, external_id="third@x")
    assert reply.parent is not None
    assert reply.parent.external_id == "first@x"


def test_mail_is_recognised_without_an_extension(tmp_path):
    assert detect_format(tmp_path / "x", b"From someone@example.com Fri May 1 2026\n") == "mbox"
    assert detect_format(tmp_path / "x", b"Received: from mx\r\nFrom: a@b\r\n") == "eml"
    assert detect_format(tmp_path / "x", b"Message-ID: <a@b>\r\n") == "eml"
    assert detect_format(tmp_path / "x", b"id,text,created_at\n") == "csv"


def test_mail_files_without_an_extension_import_with_the_email_mapping(cast, tmp_path):
    source = make_source(cast.workspace, "Inbox", "email")
    single = run_import(source, write(tmp_path, "note", message("one@x", "Plain note")))
    mbox = b"From a@example.com Fri May  1 10:00:00 2026\n" + message("two@x", "In a box")
    boxed = run_import(source, write(tmp_path, "inbox", mbox))
    assert (single.format, boxed.format) == ("eml", "mbox")
    assert (single.created, boxed.created) == (1, 1)
    titles = set(Post.objects.filter(source=source).values_list("external_id", "title"))
    assert titles == {("one@x", "Hub question"), ("two@x", "Hub question")}
