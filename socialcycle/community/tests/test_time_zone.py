"""Community pages show the workspace's local days, not the server's: the question
asked at 23:30 on Sunday in Los Angeles says Sunday, though it is Monday in UTC."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse

from socialcycle.community.models import Contribution
from socialcycle.listening.models import Post
from socialcycle.testing.members import make_member

from .helpers import answer, question

SUNDAY_LATE = datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))


def said_late_on_sunday(*contributions):
    pks = [contribution.pk for contribution in contributions]
    Contribution.objects.filter(pk__in=pks).update(created_at=SUNDAY_LATE)
    Post.objects.filter(pk__in=[c.post_id for c in contributions]).update(created_at=SUNDAY_LATE)


def test_questions_and_answers_show_the_workspaces_day(cast, settings):
    settings.TIME_ZONE = "UTC"
    cast.workspace.time_zone = "America/Los_Angeles"
    cast.workspace.save()
    asked = question(make_member(cast.workspace, "asker"))
    said_late_on_sunday(asked, answer(make_member(cast.workspace, "helper"), asked))
    slug, reader = cast.workspace.slug, Client()

    listing = reader.get(reverse("community:questions", args=[slug])).content.decode()
    page = reader.get(reverse("community:question", args=[slug, asked.pk])).content.decode()

    # Times read "… ago", the exact local time on hover (the <time> element's title).
    assert 'title="2026-03-01 23:30 PST"' in listing
    assert page.count('title="2026-03-01 23:30 PST"') == 2  # the question's and the answer's
    assert 'title="2026-03-02' not in listing + page  # the day it already is in UTC
