"""The weekly digest as an HTML e-mail, plain text and a PDF: self-contained, fetching
nothing, with times on the workspace's clock."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.measuring.digest.content import Digest


def render_html(digest: Digest) -> str:
    """The digest as a self-contained HTML e-mail: inline styles, no scripts, no fetches.
    Times (an alert's hour) are the workspace's, as its pages show them."""
    with timezone.override(digest.workspace.zone()):
        return render_to_string("measuring/digest_email.html", {"digest": digest})


def render_text(digest: Digest) -> str:
    """The digest as plain text, for mail readers that show no HTML."""
    with timezone.override(digest.workspace.zone()):
        return render_to_string("measuring/digest_email.txt", {"digest": digest})


def render_pdf(digest: Digest) -> bytes:
    """The same HTML as a PDF. Nothing is fetched: only data: URLs would be read."""
    # Imported here: loading weasyprint costs 0.6 s, paid by every web process at start
    # when it was imported with this module, though only the weekly digest uses it.
    from weasyprint import HTML, URLFetcher  # noqa: PLC0415

    document = HTML(
        string=render_html(digest),
        base_url=None,
        url_fetcher=URLFetcher(allowed_protocols={"data"}),
    )
    pdf: bytes = document.write_pdf()
    return pdf


def pdf_filename(workspace: Workspace, week_ending: date) -> str:
    return f"{workspace.slug}-digest-{week_ending.isoformat()}.pdf"
