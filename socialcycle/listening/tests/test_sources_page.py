"""Settings → Sources: every source with its channel, how posts arrive, the last import
and the post count; admins rename one (recorded), nobody else."""

from django.test import Client
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent
from socialcycle.listening.models import ImportRun, Source
from socialcycle.testing.factories import make_post, make_source


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_lists_sources_with_their_posts_and_last_import(cast):
    tweets = make_source(cast.workspace, "Tweets export")
    make_post(tweets, "1", "hello")
    make_post(tweets, "2", "again")
    ImportRun.objects.create(
        workspace=cast.workspace, source=tweets, file_name="a.csv", file_sha256="0" * 64
    )
    make_source(cast.other_workspace, "Not ours")
    page = as_user(cast.admin).get(reverse("listening:sources", args=[cast.workspace.slug]))
    assert page.status_code == 200
    rows = {row.source.name: row for row in page.context["rows"]}
    assert set(rows) == {"Tweets export"}
    assert (rows["Tweets export"].posts, rows["Tweets export"].kind) == (2, "file imports")
    assert rows["Tweets export"].last_import is not None


def test_an_admin_renames_a_source_and_it_is_recorded(cast):
    source = make_source(cast.workspace, "Tweets export")
    url = reverse("listening:sources", args=[cast.workspace.slug])
    response = as_user(cast.admin).post(url, {"rename": "", "source": source.pk, "name": "X"})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.name == "X"
    event = AuditEvent.objects.get(action="rename", object_type="source")
    assert (event.before, event.after) == ({"name": "Tweets export"}, {"name": "X"})


def test_a_taken_name_is_an_error_and_others_cannot_rename(cast):
    source = make_source(cast.workspace, "Tweets export")
    make_source(cast.workspace, "Reviews")
    url = reverse("listening:sources", args=[cast.workspace.slug])
    clash = as_user(cast.admin).post(url, {"rename": "", "source": source.pk, "name": "Reviews"})
    assert clash.status_code == 400
    assert b"Another source is called" in clash.content
    data = {"rename": "", "source": source.pk, "name": "Mine"}
    assert as_user(cast.analyst).post(url, data).status_code == 403
    theirs = make_source(cast.other_workspace, "Theirs")
    crossed = {"rename": "", "source": theirs.pk, "name": "Mine"}
    assert as_user(cast.admin).post(url, crossed).status_code == 404
    assert Source.objects.get(pk=theirs.pk).name == "Theirs"
