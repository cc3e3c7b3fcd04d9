"""The exports page and the downloads: members stream files, participants need analyst,
strangers learn nothing."""

import csv
import io
import json

from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import AuditEvent
from socialcycle.measuring.tests.export_helpers import handle, insight, post, source
from socialcycle.measuring.tests.ladder_helpers import person


def page_url(workspace):
    return reverse("measuring:exports", args=[workspace.slug])


def download_url(workspace, what, fmt="csv"):
    return reverse("measuring:export_download", args=[workspace.slug, what, fmt])


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_a_viewer_downloads_posts_as_a_streamed_csv_named_for_the_workspace(client, cast):
    post(source(cast.workspace), "=1+1 is my favourite feature", "2026-03-01T10:00")
    post(source(cast.other_workspace), "Not ours")
    client.force_login(cast.viewer)
    response = client.get(download_url(cast.workspace, "posts"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{cast.workspace.slug}-posts-{today}.csv"'
    )
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [row["text"] for row in rows] == ["'=1+1 is my favourite feature"]


def test_insights_download_as_json_lines(client, cast):
    made = insight(cast.workspace, "Dark mode", kind="idea")
    client.force_login(cast.viewer)
    response = client.get(download_url(cast.workspace, "insights", "jsonl"))
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert response["Content-Disposition"].endswith(
        "-insights-" + timezone.localdate().isoformat() + '.jsonl"'
    )
    (row,) = [json.loads(line) for line in body(response).splitlines()]
    assert (row["id"], row["title"], row["kind"]) == (made.pk, "Dark mode", "idea")


def test_participants_need_the_analyst_role_and_are_audited(client, cast):
    ada = person(cast.workspace, "Ada")
    ada.email = "ada@example.com"
    ada.save()
    handle(ada, "social", "@ada")
    client.force_login(cast.viewer)
    assert client.get(download_url(cast.workspace, "participants")).status_code == 403
    assert not AuditEvent.objects.filter(action="export_participants").exists()
    client.force_login(cast.analyst)
    response = client.get(download_url(cast.workspace, "participants") + "?channel=social")
    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(body(response)))
    assert (row["display_name"], row["email"], row["handles"]) == (
        "Ada",
        "ada@example.com",
        "social:@ada",
    )
    audit = AuditEvent.objects.get(action="export_participants")
    assert (audit.workspace, audit.actor) == (cast.workspace, cast.analyst)
    assert audit.after == {"format": "csv", "channels": "social"}


def test_outsiders_get_404_and_anonymous_visitors_are_sent_to_sign_in(client, cast):
    client.force_login(cast.outsider)
    assert client.get(page_url(cast.workspace)).status_code == 404
    assert client.get(download_url(cast.workspace, "posts")).status_code == 404
    assert client.get(download_url(cast.workspace, "participants")).status_code == 404
    client.logout()
    assert client.get(download_url(cast.workspace, "posts")).status_code == 302
    assert client.get(page_url(cast.workspace)).status_code == 302


def test_unknown_exports_and_formats_are_not_found(client, cast):
    client.force_login(cast.admin)
    assert client.get(download_url(cast.workspace, "passwords")).status_code == 404
    assert client.get(download_url(cast.workspace, "posts", "xlsx")).status_code == 404


def test_a_bad_range_is_refused_with_a_sentence(client, cast):
    client.force_login(cast.viewer)
    response = client.get(
        download_url(cast.workspace, "posts") + "?since=2026-03-05&until=2026-03-01"
    )
    assert response.status_code == 400
    assert response.content.decode() == (
        "Cannot export: until: “2026-03-01” is before the start date"
    )
    response = client.get(download_url(cast.workspace, "posts") + "?since=yesterday&channel=fax")
    assert response.status_code == 400
    text = response.content.decode()
    assert "since: “yesterday” is not a date" in text
    assert "channel: “fax” is not a channel" in text


def test_the_page_offers_what_the_role_may_take_and_leads_to_the_download(client, cast):
    client.force_login(cast.viewer)
    response = client.get(page_url(cast.workspace))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{page_url(cast.workspace)}"' in html  # the nav link
    assert download_url(cast.workspace, "posts", "jsonl") in html
    assert download_url(cast.workspace, "participants") not in html
    assert "not with your role" in html
    response = client.get(
        page_url(cast.workspace),
        {"what": "insights", "format": "jsonl", "since": "2026-03-01", "channel": "review"},
    )
    assert response.status_code == 302
    assert response.url == (
        download_url(cast.workspace, "insights", "jsonl") + "?since=2026-03-01&channel=review"
    )


def test_the_page_explains_a_refused_choice(client, cast):
    client.force_login(cast.viewer)
    response = client.get(page_url(cast.workspace), {"what": "participants", "format": "csv"})
    assert response.status_code == 400
    assert "hold personal data: they need the analyst role" in response.content.decode()
    client.force_login(cast.analyst)
    response = client.get(page_url(cast.workspace), {"what": "participants", "format": "csv"})
    assert response.url == download_url(cast.workspace, "participants")
