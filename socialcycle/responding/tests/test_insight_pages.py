"""Insights in the UI: triage a post, move it along, comment with @mentions, by role."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from socialcycle.acting import services
from socialcycle.acting.models import Insight, InsightEvent
from socialcycle.acting.tests.helpers import insight_url, sign_in
from socialcycle.responding.models import Notification
from socialcycle.understanding.tests.helpers import analysed_posts


def test_triage_a_post_into_a_new_insight_then_attach_another(client, cast):
    first, second = analysed_posts(
        cast.workspace, ["Please add a dark mode to the app", "Dark mode please, my eyes hurt"]
    )
    sign_in(client, cast.analyst)
    triage = reverse("acting:insight-from-post", args=[cast.workspace.slug, first.pk])
    assert "Please add a dark mode" in client.get(triage).content.decode()
    response = client.post(triage, {"title": "Dark mode", "kind": "idea"})
    insight = Insight.objects.get()
    assert response["Location"] == insight_url(cast.workspace, insight)
    again = reverse("acting:insight-from-post", args=[cast.workspace.slug, second.pk])
    client.post(again, {"title": "ignored", "kind": "idea", "existing": insight.pk})
    assert Insight.objects.count() == 1
    assert set(insight.posts.values_list("id", flat=True)) == {first.pk, second.pk}


def test_declining_needs_a_reason_and_then_records_it(client, cast):
    insight = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    sign_in(client, cast.analyst)
    url = insight_url(cast.workspace, insight)
    refused = client.post(url, {"status": "declined", "change_status": "1"})
    assert "Declining needs a reason" in refused.content.decode()
    insight.refresh_from_db()
    assert insight.status == "new"
    client.post(
        url,
        {
            "status": "declined",
            "decline_reason": "The screen cannot show it.",
            "decline_alternative": "Use night mode.",
            "change_status": "1",
        },
    )
    insight.refresh_from_db()
    assert (insight.status, insight.decline_reason) == ("declined", "The screen cannot show it.")
    assert "The screen cannot show it." in client.get(url).content.decode()


def test_a_comment_mentioning_a_colleague_notifies_them_once(
    client, cast, django_capture_on_commit_callbacks
):
    insight = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    sign_in(client, cast.analyst)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            insight_url(cast.workspace, insight),
            {"text": "@alice can you look? (and @charlie, who is not here)", "comment": "1"},
        )
    event = InsightEvent.objects.get(kind="commented")
    assert event.after == {"mentioned": [cast.admin.pk]}
    notification = Notification.objects.get(kind="mention")
    assert notification.user == cast.admin
    assert [message.to for message in mail.outbox] == [[cast.admin.email]]
    assert "mentioned you" in mail.outbox[0].subject
    assert "(and @charlie" in client.get(insight_url(cast.workspace, insight)).content.decode()


def test_overdue_insights_are_marked(client, cast):
    insight = services.create_insight(cast.workspace, kind="complaint", title="Refund stuck")
    Insight.objects.filter(pk=insight.pk).update(sla_due_at=timezone.now() - timedelta(hours=1))
    sign_in(client, cast.viewer)
    listing = client.get(reverse("acting:insights", args=[cast.workspace.slug])).content.decode()
    assert 'class="overdue"' in listing


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_viewers_read_but_do_not_change_and_strangers_see_nothing(client, cast, who, status):
    insight = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    (post,) = analysed_posts(cast.workspace, ["Dark mode please"])
    sign_in(client, getattr(cast, who))
    url = insight_url(cast.workspace, insight)
    assert client.get(url).status_code == (200 if who == "viewer" else 404)
    assert client.post(url, {"status": "done", "change_status": "1"}).status_code == status
    triage = reverse("acting:insight-from-post", args=[cast.workspace.slug, post.pk])
    assert client.post(triage, {"title": "x", "kind": "idea"}).status_code == status
    insight.refresh_from_db()
    assert insight.status == "new"
    assert Insight.objects.count() == 1


def test_staff_put_an_insight_on_the_public_roadmap(client, cast):
    insight = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    services.change_insight_status(insight, "planned")
    sign_in(client, cast.analyst)
    client.post(insight_url(cast.workspace, insight), {"publish": "1"})
    insight.refresh_from_db()
    assert insight.is_public
    roadmap = client.get(reverse("responding:roadmap", args=[cast.workspace.slug]))
    assert "Dark mode" in roadmap.content.decode()
