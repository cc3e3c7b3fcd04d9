"""Closing the loop, against a real SMTP server started by the test."""

import socket

import pytest
from django.urls import reverse

from socialcycle.acting import services as acting
from socialcycle.listening.models import EngagementEvent, Participant
from socialcycle.responding import loop
from socialcycle.responding.models import Notification
from socialcycle.testing.factories import make_post, make_source


@pytest.fixture
def inbox(smtp_inbox):
    return smtp_inbox


@pytest.fixture
def insight_with_people(cast, django_capture_on_commit_callbacks):
    source = make_source(cast.workspace, "Forum", "community")
    with django_capture_on_commit_callbacks(execute=True):
        raised = make_post(source, "1", "Please add a dark mode", author="sam")
    assert raised.author_id is not None
    sam = Participant.objects.get(pk=raised.author_id)
    sam.email = "sam@example.com"
    sam.save()
    voter = Participant.objects.create(
        workspace=cast.workspace, display_name="Kim", email="kim@example.com"
    )
    EngagementEvent.objects.create(
        workspace=cast.workspace,
        participant=voter,
        stage=EngagementEvent.Stage.CURATION,
        action="vote",
        post=raised,
        occurred_at=raised.created_at,
    )
    Participant.objects.create(workspace=cast.workspace, display_name="Bystander", email="b@x.com")
    insight = acting.create_insight(cast.workspace, kind="idea", title="Dark mode")
    acting.attach_posts(insight, [raised])
    return insight, sam, voter


def test_everyone_who_raised_or_voted_is_told_once(
    cast, inbox, insight_with_people, django_capture_on_commit_callbacks
):
    insight, sam, voter = insight_with_people
    with django_capture_on_commit_callbacks(execute=True):
        acting.change_insight_status(insight, "done", by=cast.admin)
    loop.tell_contributors(insight.pk, "status:done")  # the task retried: nothing new
    loop.send_pending_emails()

    assert sorted(m["To"] for m in inbox.messages) == ["kim@example.com", "sam@example.com"]
    message = inbox.messages[0]
    assert "is now done" in message["Subject"]
    assert "/unsubscribe/" in message["List-Unsubscribe"]
    community = Notification.objects.filter(medium="community", insight=insight)
    assert {n.participant_id for n in community} == {sam.pk, voter.pk}
    assert Notification.objects.filter(medium="email", sent_at__isnull=False).count() == 2


def test_a_declined_insight_explains_why(
    cast, inbox, insight_with_people, django_capture_on_commit_callbacks
):
    insight, _, _ = insight_with_people
    with django_capture_on_commit_callbacks(execute=True):
        acting.change_insight_status(
            insight,
            "declined",
            by=cast.admin,
            decline_reason="The display cannot show dark colours well.",
            decline_alternative="Use the night light scene.",
        )
    loop.send_pending_emails()
    body = inbox.messages[0].get_content()
    assert "The display cannot show dark colours well." in body
    assert "Use the night light scene." in body


def test_an_email_is_never_sent_twice_even_by_two_senders(
    cast, settings, inbox, insight_with_people, django_capture_on_commit_callbacks
):
    settings.EMBEDDED_SCHEDULED_TASKS = ("responding.send_notifications",)  # sent below
    insight, _, _ = insight_with_people
    with django_capture_on_commit_callbacks(execute=True):
        acting.change_insight_status(insight, "planned", by=cast.admin)
    taken = Notification.objects.filter(medium="email").first()
    assert taken is not None
    # Another sender claimed this one a moment ago: it must be left alone.
    Notification.objects.filter(pk=taken.pk).update(claimed_at=taken.created_at)
    assert loop.send_pending_emails() == 1
    assert loop.send_pending_emails() == 0
    assert len(inbox.messages) == 1


def test_an_unreachable_mail_server_leaves_the_email_to_retry(
    cast, settings, insight_with_people, django_capture_on_commit_callbacks
):
    insight, _, _ = insight_with_people
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_TIMEOUT = "127.0.0.1", 2
    with django_capture_on_commit_callbacks(execute=True):
        acting.change_insight_status(insight, "planned", by=cast.admin)
    assert loop.send_pending_emails() == 0
    waiting = Notification.objects.filter(medium="email", sent_at__isnull=True)
    assert waiting.count() == 2
    assert all(n.claimed_at is None and n.error for n in waiting)


def test_unsubscribing_stops_emails_but_not_the_community_notice(
    client, cast, inbox, insight_with_people, django_capture_on_commit_callbacks
):
    insight, sam, _ = insight_with_people
    url = reverse("responding:unsubscribe", args=[loop.participant_token(sam)])
    assert client.post(url).status_code == 200
    sam.refresh_from_db()
    assert sam.email_opt_out
    with django_capture_on_commit_callbacks(execute=True):
        acting.change_insight_status(insight, "planned", by=cast.admin)
    loop.send_pending_emails()
    assert [m["To"] for m in inbox.messages] == ["kim@example.com"]
    assert Notification.objects.filter(participant=sam, medium="community").exists()


def test_the_feedback_page_shows_what_came_of_it_and_bad_links_are_refused(
    client, cast, insight_with_people, django_capture_on_commit_callbacks
):
    insight, sam, _ = insight_with_people
    with django_capture_on_commit_callbacks(execute=True):
        acting.change_insight_status(insight, "in_progress", by=cast.admin)
    page = client.get(reverse("responding:my-feedback", args=[loop.participant_token(sam)]))
    assert "Dark mode" in page.content.decode()
    assert "In progress" in page.content.decode()
    forged = reverse("responding:my-feedback", args=["not-a-token"])
    assert client.get(forged).status_code == 404


def test_following_an_email_link_is_a_consumption_step_once_a_day(client, insight_with_people):
    _, sam, _ = insight_with_people
    url = reverse("responding:my-feedback", args=[loop.participant_token(sam)])
    client.get(url)
    client.get(url)
    visits = EngagementEvent.objects.filter(participant=sam, action="email_open")
    assert [(event.stage, event.action) for event in visits] == [("consumption", "email_open")]


def test_the_public_pages_are_rate_limited(client, insight_with_people):
    _, sam, _ = insight_with_people
    url = reverse("responding:my-feedback", args=[loop.participant_token(sam)])
    codes = [client.get(url).status_code for _ in range(35)]
    assert codes[:30] == [200] * 30
    assert codes[-1] == 429
