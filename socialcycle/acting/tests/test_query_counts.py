"""The insight list asks the database the same number of questions for 2 insights as for
8, suggestions included: its queries grow with pages, not rows."""

from django.urls import reverse

from socialcycle.acting import services, teams
from socialcycle.acting.models import Insight
from socialcycle.testing.queries import queries_of
from socialcycle.understanding.tests.helpers import analysed_posts

MOST = 7  # 5 today: session, user, membership, the insights with their counts, suggestions


def add_insights(cast, start, count):
    team = teams.add_team(cast.workspace, f"Team {start}", by=cast.admin)
    for n in range(start, start + count):
        posts = analysed_posts(cast.workspace, [f"Please add scene {n}", f"Scene {n} please"])
        insight = services.create_insight(cast.workspace, kind="idea", title=f"Scene {n}")
        services.attach_posts(insight, posts)
        Insight.objects.filter(pk=insight.pk).update(team=team, suggested=n % 2 == 0)


def test_the_insight_list_asks_as_often_for_many_insights_as_for_few(client, cast):
    client.force_login(cast.analyst)
    url = reverse("acting:insights", args=[cast.workspace.slug])

    add_insights(cast, 0, 2)
    few, few_suggested = queries_of(client, url), queries_of(client, url, suggested="1")
    add_insights(cast, 100, 6)
    many, many_suggested = queries_of(client, url), queries_of(client, url, suggested="1")

    assert many == few <= MOST
    assert many_suggested == few_suggested <= MOST
