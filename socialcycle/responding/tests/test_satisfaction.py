"""The satisfaction question once the loop closes: asked in the e-mail (sent to a real SMTP
server) with one link per answer; following a link records nothing (mail scanners follow
every link), the page's button does; Responsiveness and the dashboard show the answers."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from socialcycle.acting import services as acting
from socialcycle.responding import loop
from socialcycle.responding.models import Satisfaction
from socialcycle.responding.tests import test_closing_the_loop as closing

pytestmark = pytest.mark.django_db
# The closing-the-loop tests' fixtures: a real SMTP server, an insight with people behind it.
inbox = closing.inbox
insight_with_people = closing.insight_with_people


def close(cast, insight, status, capture, **why):
    with capture(execute=True):
        acting.change_insight_status(insight, status, by=cast.admin, **why)
    loop.send_pending_emails()


def answer_links(message):
    return re.findall(r"(\d) \([a-z ]+\): http://[^/]+(/feedback/\S+/rate/\d+/\?score=\d)", message)


def test_the_closing_e_mail_asks_and_only_the_button_records(
    cast, inbox, insight_with_people, django_capture_on_commit_callbacks
):
    insight, sam, _ = insight_with_people
    close(cast, insight, "done", django_capture_on_commit_callbacks)

    to_sam = next(m for m in inbox.messages if m["To"] == "sam@example.com").get_content()
    links = answer_links(to_sam)
    assert [score for score, _ in links] == ["1", "2", "3", "4", "5"]
    visitor = Client()
    followed = visitor.get(links[3][1])  # what a mail scanner does, and the reader's click
    assert followed.status_code == 200
    assert 'value="4" checked' in followed.content.decode()
    assert not Satisfaction.objects.exists()

    sent = visitor.post(links[3][1].split("?")[0], {"score": "4"})
    assert 'data-testid="answer-recorded"' in sent.content.decode()
    visitor.post(links[3][1].split("?")[0], {"score": "5"})  # a change of mind
    assert list(Satisfaction.objects.values_list("participant", "score")) == [(sam.pk, 5)]


def test_no_question_while_the_insight_is_open_or_for_someone_not_told(
    cast, inbox, insight_with_people, django_capture_on_commit_callbacks
):
    insight, sam, _ = insight_with_people
    close(cast, insight, "planned", django_capture_on_commit_callbacks)

    assert all(not answer_links(m.get_content()) for m in inbox.messages)
    url = reverse("responding:rate", args=[loop.participant_token(sam), insight.pk])
    assert Client().post(url, {"score": "5"}).status_code == 404
    assert not Satisfaction.objects.exists()


def test_responsiveness_shows_the_answers_beside_loop_closure(
    client, cast, inbox, insight_with_people, django_capture_on_commit_callbacks
):
    insight, sam, voter = insight_with_people
    close(cast, insight, "done", django_capture_on_commit_callbacks)
    for person, score in ((sam, 5), (voter, 2)):
        url = reverse("responding:rate", args=[loop.participant_token(person), insight.pk])
        Client().post(url, {"score": str(score)})
    client.force_login(cast.viewer)

    page = client.get(reverse("responding:responsiveness", args=[cast.workspace.slug]))

    assert page.context["satisfaction"].average == 3.5
    assert page.context["satisfaction"].by_score == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert "3.5 of 5" in page.content.decode()

    dashboard = client.get(reverse("measuring:home", args=[cast.workspace.slug]))
    (loop_section,) = [s for s in dashboard.context["sections"] if s.name == "loop"]
    assert loop_section.rows[0][-2:] == [2, 3.5]
    assert loop_section.chart is not None
    assert loop_section.chart.figure["data"][0]["y"] == [0, 1, 0, 0, 1]
    assert "Satisfaction once the loop closed: <strong>3.5 of 5</strong> (2 answers)" in (
        dashboard.content.decode()
    )
