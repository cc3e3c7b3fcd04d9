"""The ladder's figures as stored: what pages read, when they are recomputed, and that
nobody erased or merged since is still shown."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from socialcycle.listening.models import Post
from socialcycle.listening.participants import merge_participants
from socialcycle.measuring import tasks
from socialcycle.measuring.ladder import figures as ladder_figures
from socialcycle.measuring.ladder.advocates import advocates
from socialcycle.measuring.ladder.funnel import funnel
from socialcycle.measuring.ladder.models import LadderFigures
from socialcycle.measuring.tests.ladder_helpers import person, said, step


def advocate(workspace, name, influence=60):
    someone = person(workspace, name, influence=influence)
    step(someone, "creation", "2026-01-05")
    said(someone, f"{name} loves the hub", "positive", when="2026-03-01")
    said(someone, f"{name} loves the app", "positive", when="2026-03-02")
    return someone


def names(voices):
    return [voice.participant.display_name for voice in voices]


def test_what_is_stored_reads_back_as_computed(cast):
    ada = advocate(cast.workspace, "Ada")
    step(ada, "purchase", "2026-02-10")
    step(person(cast.workspace, "Bo"), "curation", "2026-02-11")
    ladder_figures.refresh(cast.workspace)
    read = ladder_figures.figures(cast.workspace, 3)
    assert read.months == funnel(cast.workspace, months=3)
    assert read.months[-1].on_ladder == 2
    assert [voice.participant for voice in read.advocates] == [ada]
    assert read.advocates[0] == advocates(cast.workspace)[0]


def test_a_page_reads_the_stored_figures_until_they_are_an_hour_old(cast):
    advocate(cast.workspace, "Ada")
    start = timezone.now()
    first = ladder_figures.figures(cast.workspace, 12, now=start)  # none stored: computed
    assert names(first.advocates) == ["Ada"]
    assert not LadderFigures.objects.exists()  # shown, not stored: a read never writes
    ladder_figures.refresh(cast.workspace, now=start)  # what the periodic task does
    advocate(cast.workspace, "Cy", influence=50)
    later = start + timedelta(seconds=ladder_figures.STALE_SECONDS - 1)
    assert names(ladder_figures.figures(cast.workspace, 12, now=later).advocates) == ["Ada"]
    stale = start + timedelta(seconds=ladder_figures.STALE_SECONDS + 1)
    fresh = ladder_figures.figures(cast.workspace, 12, now=stale)
    assert names(fresh.advocates) == ["Ada", "Cy"]
    assert fresh.computed_at == stale


def test_the_periodic_task_recomputes_every_workspace(cast):
    advocate(cast.workspace, "Ada")
    ladder_figures.refresh(cast.workspace)
    advocate(cast.workspace, "Cy", influence=50)
    advocate(cast.other_workspace, "Stranger")
    assert tasks.refresh_ladder_figures.apply().get() >= 2
    assert names(ladder_figures.figures(cast.workspace, 12).advocates) == ["Ada", "Cy"]
    assert names(ladder_figures.figures(cast.other_workspace, 12).advocates) == ["Stranger"]
    schedule = settings.CELERY_BEAT_SCHEDULE["refresh-ladder-figures"]
    assert schedule["task"] == "measuring.refresh_ladder_figures"
    assert schedule["schedule"] == ladder_figures.REFRESH_SECONDS


def test_merged_people_and_deleted_examples_are_left_out(cast):
    ada = advocate(cast.workspace, "Ada")
    cy = advocate(cast.workspace, "Cy", influence=50)
    ladder_figures.refresh(cast.workspace)
    merge_participants(cy, [ada])
    Post.objects.filter(author=cy, text__startswith="Cy loves the app").delete()
    read = ladder_figures.figures(cast.workspace, 12)
    assert names(read.advocates) == ["Cy"]
    assert [post.text for post in read.advocates[0].examples] == ["Cy loves the hub"]
