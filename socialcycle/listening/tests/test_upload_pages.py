"""The upload journey in the web UI: upload, preview with mapping, import, report."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import AuditEvent
from socialcycle.listening.importers.mapping import ColumnMapping
from socialcycle.listening.imports import start_import, sweep_abandoned_uploads
from socialcycle.listening.models import ImportRun, Post, Source
from socialcycle.listening.services import participant_for_handle
from socialcycle.listening.uploads import find_upload
from socialcycle.testing.factories import PASSWORD, make_source

CSV = (
    "Ref,Words,When,Who\n"
    "A1,The hub is great,2026-05-01T10:00:00Z,sam\n"
    "A2,Broken date,someday,kim\n"
    "A3,Setup was easy,2026-05-02T10:00:00Z,lee\n"
)


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def upload(client, workspace, content=CSV, **fields):
    data = {
        "new_source_name": "Survey",
        "new_source_channel": "feed",
        "file": SimpleUploadedFile("survey.csv", content.encode()),
        **fields,
    }
    return client.post(reverse("listening:upload", args=[workspace.slug]), data)


MAPPING = {"external_id": "Ref", "text": "Words", "created_at": "When", "author_handle": "Who"}


def test_upload_preview_map_and_import(client, cast, django_capture_on_commit_callbacks):
    sign_in(client, cast.analyst)
    response = upload(client, cast.workspace)
    assert response.status_code == 302
    preview_url = response["Location"]

    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert preview.context["preview"].columns == ["Ref", "Words", "When", "Who"]
    assert b"survey.csv" in preview.content

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(preview_url, {**MAPPING, "save_mapping": "on"})
    run = ImportRun.objects.get(workspace=cast.workspace)
    assert started["Location"] == reverse("listening:run", args=[cast.workspace.slug, run.pk])
    assert (run.status, run.created, run.rejected) == ("finished", 2, 1)
    assert set(Post.objects.filter(source=run.source).values_list("external_id", flat=True)) == {
        "A1",
        "A3",
    }
    source = Source.objects.get(workspace=cast.workspace, name="Survey")
    assert source.config["mapping"]["columns"]["text"] == ["Words"]

    page = client.get(started["Location"]).content.decode()
    assert "2 new, 0 updated, 0 duplicates skipped, 1 rejected" in page
    assert "survey.csv, row 3, field created_at" in page
    report = client.get(reverse("listening:run-problems", args=[cast.workspace.slug, run.pk]))
    assert report["Content-Type"].startswith("text/csv")
    assert "row 3,created_at" in b"".join(report.streaming_content).decode()
    # The report is in the database; the uploaded file is not kept once it is imported.
    assert not Path(run.stored_path).exists()
    assert not Path(run.stored_path).parent.exists()


def test_abandoned_uploads_are_swept_and_waiting_ones_kept(client, cast, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    sign_in(client, cast.analyst)
    upload(client, cast.workspace)  # previewed, never imported
    waiting = upload(client, cast.workspace)
    token = waiting["Location"].rstrip("/").split("/")[-2]
    kept = find_upload(cast.workspace.pk, token)
    assert kept is not None
    run = ImportRun.objects.create(
        workspace=cast.workspace,
        source=Source.objects.get(name="Survey"),
        file_name="survey.csv",
        status=ImportRun.Status.INTERRUPTED,
        stored_path=str(kept),
    )

    assert sweep_abandoned_uploads(timezone.now()) == 0  # nothing is a day old yet
    assert sweep_abandoned_uploads(timezone.now() + timedelta(hours=25)) == 1

    assert [path.parent for path in (tmp_path / "uploads").glob("*/*/*")] == [kept.parent]
    assert Path(run.stored_path).exists()


def test_the_status_fragment_is_served_to_htmx(client, cast, django_capture_on_commit_callbacks):
    sign_in(client, cast.analyst)
    preview_url = upload(client, cast.workspace)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        run_url = client.post(preview_url, MAPPING)["Location"]
    fragment = client.get(run_url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section class="card" id="run-status"')


def test_an_unreadable_upload_is_explained_in_the_preview(client, cast):
    sign_in(client, cast.analyst)
    preview_url = upload(client, cast.workspace, content="\x00\x01\x02" * 100)["Location"]
    page = client.get(preview_url).content.decode()
    assert '<p class="error" role="alert">survey.csv: it looks like a binary file' in page


def test_an_empty_upload_is_refused_by_the_form(client, cast):
    sign_in(client, cast.analyst)
    response = upload(client, cast.workspace, content="")
    assert response.status_code == 200
    assert "The submitted file is empty." in response.content.decode()


def test_a_source_or_a_name_is_required(client, cast):
    sign_in(client, cast.analyst)
    response = upload(client, cast.workspace, new_source_name="")
    assert response.status_code == 200
    assert "Pick a source or name a new one." in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_only_analysts_of_the_workspace_may_import(client, cast, who, status):
    sign_in(client, getattr(cast, who))
    assert client.get(reverse("listening:upload", args=[cast.workspace.slug])).status_code == status
    assert upload(client, cast.workspace).status_code == status
    assert not Source.objects.filter(name="Survey").exists()


def test_another_workspaces_upload_cannot_be_previewed(client, cast):
    sign_in(client, cast.outsider)
    preview_url = upload(client, cast.other_workspace)["Location"]
    token = preview_url.rstrip("/").split("/")[-2]
    sign_in(client, cast.admin)
    url = reverse("listening:preview", args=[cast.workspace.slug, token])
    assert client.get(url).status_code == 404


def test_merging_from_the_people_page(client, cast):
    first = participant_for_handle(cast.workspace, channel="social", handle="a", email="a@x.org")
    second = participant_for_handle(cast.workspace, channel="email", handle="b", email="a@x.org")
    sign_in(client, cast.analyst)
    page = client.get(reverse("listening:merges", args=[cast.workspace.slug]))
    assert "a@x.org" in page.content.decode()
    client.post(
        reverse("listening:merge", args=[cast.workspace.slug]),
        {"keep": first.pk, "others": str(second.pk)},
    )
    second.refresh_from_db()
    assert second.merged_into == first


def test_merge_suggestions_come_twenty_to_a_page(client, cast):
    for n in range(25):
        for channel in ("social", "email"):
            participant_for_handle(
                cast.workspace, channel=channel, handle=f"p{n}", email=f"p{n:02}@x.org"
            )
    sign_in(client, cast.analyst)
    url = reverse("listening:merges", args=[cast.workspace.slug])
    first = client.get(url).content.decode()
    assert "25 suggestions." in first
    assert first.count('class="card suggestion"') == 20
    assert "p00@x.org" in first
    assert "?page=2" in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert second.count('class="card suggestion"') == 5
    assert "p24@x.org" in second
    assert reverse("measuring:people", args=[cast.workspace.slug]) in first


def test_a_viewer_cannot_merge_and_strangers_ids_are_ignored(client, cast):
    ours = participant_for_handle(cast.workspace, channel="social", handle="a")
    theirs = participant_for_handle(cast.other_workspace, channel="social", handle="z")
    sign_in(client, cast.viewer)
    url = reverse("listening:merge", args=[cast.workspace.slug])
    assert client.post(url, {"keep": ours.pk, "others": str(theirs.pk)}).status_code == 403
    sign_in(client, cast.analyst)
    client.post(url, {"keep": ours.pk, "others": str(theirs.pk)})
    theirs.refresh_from_db()
    assert theirs.merged_into is None


def test_strangers_cannot_read_a_run_its_problems_or_the_people_page(
    client, cast, django_capture_on_commit_callbacks
):
    sign_in(client, cast.analyst)
    preview_url = upload(client, cast.workspace)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url, MAPPING)
    run = ImportRun.objects.get(workspace=cast.workspace)
    pages = [
        reverse("listening:run", args=[cast.workspace.slug, run.pk]),
        reverse("listening:run-problems", args=[cast.workspace.slug, run.pk]),
        reverse("listening:merges", args=[cast.workspace.slug]),
    ]
    sign_in(client, cast.outsider)
    assert [client.get(url).status_code for url in pages] == [404, 404, 404]
    # The run exists, but not in the outsider's own workspace either.
    own = reverse("listening:run", args=[cast.other_workspace.slug, run.pk])
    assert client.get(own).status_code == 404
    sign_in(client, cast.viewer)
    assert [client.get(url).status_code for url in pages] == [403, 403, 403]


def test_starting_an_import_is_recorded_with_the_source_and_file(cast, tmp_path):
    source = make_source(cast.workspace, "Helpdesk", "email")
    path = tmp_path / "tickets.csv"
    path.write_text("id,text,created_at\n1,Hub is down,2026-05-01\n", encoding="utf-8")

    run = start_import(
        source,
        path,
        file_name="tickets.csv",
        format="csv",
        mapping=ColumnMapping({}),
        by=cast.analyst,
    )

    (event,) = AuditEvent.objects.filter(action="start import")
    assert (event.actor, event.object_type, event.object_id) == (
        cast.analyst,
        "import_run",
        str(run.pk),
    )
    assert event.after == {"source": "Helpdesk", "file": "tickets.csv", "format": "csv"}
