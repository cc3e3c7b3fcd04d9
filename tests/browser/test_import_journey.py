"""An analyst imports a CSV through the web pages and reads the report."""

import pytest
from playwright.sync_api import expect

from socialcycle.listening.models import Post
from tests.browser.staff import go_to, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "id,text,created_at,author\n"
    "1,The hub is great,2026-05-01T10:00:00Z,sam\n"
    "2,<script>window.hacked=1</script> broken date,someday,kim\n"
    "3,Setup was easy,2026-05-02T10:00:00Z,lee\n"
)


def test_upload_preview_import_and_report(page, live_server, cast, tmp_path):
    file = tmp_path / "survey.csv"
    file.write_text(CSV)
    sign_in(page, live_server.url, cast.analyst.username)

    go_to(page, "Listen", "Import")
    page.get_by_label("or a new source named").fill("Survey")
    page.get_by_label("File").set_input_files(str(file))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of survey.csv")
    expect(page.locator("table.preview")).to_contain_text("will be imported")
    expect(page.locator("table.preview")).to_contain_text("created_at")
    expect(page.get_by_label("Text *")).to_have_value("text")
    page.get_by_role("button", name="Import").click()

    expect(page.locator("#run-summary")).to_contain_text(
        "2 new, 0 updated, 0 duplicates skipped, 1 rejected"
    )
    expect(page.locator(".problems")).to_contain_text("survey.csv, row 3, field created_at")
    assert page.evaluate("window.hacked") is None
    assert Post.objects.filter(workspace=cast.workspace).count() == 2
