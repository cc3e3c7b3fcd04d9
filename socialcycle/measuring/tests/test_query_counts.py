"""The dashboard (each of its sections, as its download), the ladder and the People
directory ask the database the same number of questions for a few people and posts as
for many: their queries grow with sections and pages, not rows."""

import pytest
from django.urls import reverse

from socialcycle.acting import services
from socialcycle.measuring import tasks
from socialcycle.measuring.dashboard.sections import SECTIONS
from socialcycle.measuring.tests.rollup_helpers import counted
from socialcycle.testing.queries import queries_of
from socialcycle.understanding.tests.helpers import analysed_posts

# Today: 9 to 13 for one section's download, 35 for the page of all of them, 4 for the
# ladder (its figures are computed by the periodic task), 8 for the People directory.
MOST = {"section": 15, "dashboard page": 40, "ladder page": 6, "people page": 10}


def add_people(cast, count):
    texts = [f"The hub lost its scene again, day {n}" for n in range(count)]
    texts += [f"I love the new app, week {n}" for n in range(count)]
    posts = analysed_posts(cast.workspace, texts)
    insight = services.create_insight(cast.workspace, kind="complaint", title=f"Scenes {count}")
    services.attach_posts(insight, posts[:count])


@pytest.fixture
def analyst(client, cast):
    client.force_login(cast.analyst)
    return client


def counts(client, workspace):
    counted(workspace)  # the background work has run: rollups and ladder figures stored
    tasks.refresh_workspace_ladder_figures(workspace.pk)
    slug = workspace.slug
    home = reverse("measuring:home", args=[slug])
    found = {name: queries_of(client, home, download=name) for name in SECTIONS}
    found["dashboard page"] = queries_of(client, home)
    found["ladder page"] = queries_of(client, reverse("measuring:ladder", args=[slug]))
    found["people page"] = queries_of(client, reverse("measuring:people", args=[slug]))
    return found


def test_the_dashboard_ladder_and_people_ask_as_often_for_many_as_for_few(analyst, cast):
    add_people(cast, 2)
    few = counts(analyst, cast.workspace)
    add_people(cast, 8)
    many = counts(analyst, cast.workspace)

    assert many == few
    for name, count in many.items():
        assert count <= MOST.get(name, MOST["section"]), name
