"""Response time, SLA breaches and loop closure; the public roadmap and changelog."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from socialcycle.acting import services, teams
from socialcycle.acting.models import Insight
from socialcycle.listening.models import Post
from socialcycle.responding import measures
from socialcycle.responding.models import Reply
from socialcycle.testing.factories import PASSWORD
from socialcycle.understanding.tests.helpers import analysed_posts


def test_first_response_time_by_channel_and_team(cast):
    first, second = analysed_posts(cast.workspace, ["Hub down", "App crashes"])
    team = services.create_team(cast.workspace, "Support")
    insight = services.create_insight(cast.workspace, kind="complaint", title="x", team=team)
    services.attach_posts(insight, [first])
    for post, hours in ((first, 2), (second, 6)):
        Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(hours=hours))
        Reply.objects.create(workspace=cast.workspace, post=post, author=cast.admin, text="on it")
    times = measures.first_response_times(cast.workspace, timezone.now() - timedelta(days=1))
    (channel,) = times["channel"]
    assert (channel.group, channel.answered, channel.median_hours) == ("Social network", 2, 4.0)
    (by_team,) = times["team"]
    assert (by_team.group, by_team.answered) == ("Support", 1)
    assert 1.9 <= (by_team.median_hours or 0) <= 2.1


def test_sla_breaches_count_open_overdue_and_late_closures(cast):
    late_open = services.create_insight(cast.workspace, kind="complaint", title="a")
    late_closed = services.create_insight(cast.workspace, kind="complaint", title="b")
    on_time = services.create_insight(cast.workspace, kind="complaint", title="c")
    past = timezone.now() - timedelta(hours=2)
    Insight.objects.filter(pk__in=[late_open.pk, late_closed.pk]).update(sla_due_at=past)
    Insight.objects.filter(pk=on_time.pk).update(sla_due_at=timezone.now() + timedelta(hours=2))
    services.change_insight_status(late_closed, "done")
    assert measures.sla_breaches(cast.workspace) == {"open_overdue": 1, "closed_late": 1}


def test_loop_closure_counts_closed_insights_whose_contributors_were_all_told(
    cast, django_capture_on_commit_callbacks
):
    (post,) = analysed_posts(cast.workspace, ["Please add dark mode"])
    told = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    services.attach_posts(told, [post])
    services.create_insight(cast.workspace, kind="idea", title="Still open")
    with django_capture_on_commit_callbacks(execute=True):
        services.change_insight_status(told, "done")
    closure = measures.loop_closure(cast.workspace)
    assert (closure.insights, closure.closed, closure.closed_and_told) == (2, 1, 1)
    assert closure.share == 0.5


def test_the_public_roadmap_shows_public_insights_and_quotes_only_public_posts(client, cast):
    (public_post,) = analysed_posts(cast.workspace, ["Dark mode please!"], channel="community")
    (private_post,) = analysed_posts(
        cast.workspace, ["My account number is 123, add dark mode"], channel="email"
    )
    shown = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    services.attach_posts(shown, [public_post, private_post])
    services.change_insight_status(shown, "planned")
    Insight.objects.filter(pk=shown.pk).update(is_public=True)
    hidden = services.create_insight(cast.workspace, kind="idea", title="Secret project")
    services.change_insight_status(hidden, "planned")

    page = client.get(reverse("responding:roadmap", args=[cast.workspace.slug])).content.decode()
    assert "Dark mode" in page
    assert "From 2 pieces of feedback" in page
    assert "Dark mode please!" in page
    assert "account number" not in page
    assert "Secret project" not in page

    services.change_insight_status(shown, "done")
    changelog = client.get(reverse("responding:changelog", args=[cast.workspace.slug]))
    assert "Dark mode" in changelog.content.decode()


def test_the_changelog_says_shipped_on_the_workspaces_day(client, cast, settings):
    settings.TIME_ZONE = "UTC"
    cast.workspace.time_zone = "America/Los_Angeles"
    cast.workspace.save()
    shipped = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    services.change_insight_status(shipped, "done")
    late_on_sunday = datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    Insight.objects.filter(pk=shipped.pk).update(is_public=True, status_changed_at=late_on_sunday)

    changelog = client.get(reverse("responding:changelog", args=[cast.workspace.slug]))

    # "Shipped … ago", the exact time on hover on the workspace's clock (2026-03-02 in UTC).
    assert 'title="2026-03-01 23:30 PST"' in changelog.content.decode()


def test_the_responsiveness_page_is_for_members_only(client, cast):
    url = reverse("responding:responsiveness", args=[cast.workspace.slug])
    client.login(username=cast.viewer.username, password=PASSWORD)
    assert client.get(url).status_code == 200
    client.login(username=cast.outsider.username, password=PASSWORD)
    assert client.get(url).status_code == 404


def test_a_team_with_business_hours_counts_only_its_working_hours_to_a_reply(client, cast):
    london = ZoneInfo("Europe/London")
    today = timezone.now().astimezone(london).date()
    friday = today - timedelta(days=(today.weekday() - 4) % 7 + 7)
    written = datetime(friday.year, friday.month, friday.day, 16, tzinfo=london)
    answered = written + timedelta(days=2, hours=18)  # Monday 10:00
    (post,) = analysed_posts(cast.workspace, ["The hub lost its settings again"])
    Post.objects.filter(pk=post.pk).update(created_at=written)
    team = services.create_team(cast.workspace, "Support")
    teams.set_business_hours(
        team, days=range(5), opens=time(9), closes=time(17), zone="Europe/London", by=cast.admin
    )
    insight = services.create_insight(cast.workspace, kind="complaint", title="x", team=team)
    services.attach_posts(insight, [post])
    reply = Reply.objects.create(
        workspace=cast.workspace, post=post, author=cast.admin, text="on it"
    )
    Reply.objects.filter(pk=reply.pk).update(created_at=answered)

    times = measures.first_response_times(cast.workspace, written - timedelta(days=1))

    (by_channel,) = times["channel"]
    assert by_channel.median_hours == 66.0
    (by_team,) = times["team"]
    assert by_team.median_hours == 2.0
    assert by_team.counted == "working hours, Mon-Fri 09:00-17:00 Europe/London"
    client.login(username=cast.analyst.username, password=PASSWORD)
    page = client.get(reverse("responding:responsiveness", args=[cast.workspace.slug]))
    assert "working hours, Mon-Fri 09:00-17:00 Europe/London" in page.content.decode()
