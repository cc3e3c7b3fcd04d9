"""The ladder pages: members read them, outsiders get 404, a viewer may not recompute."""

from django.urls import reverse

from socialcycle.listening.models import EngagementEvent
from socialcycle.listening.participants import merge_participants
from socialcycle.measuring import tasks
from socialcycle.measuring.tests.ladder_helpers import person, said, step


def ladder_url(workspace):
    return reverse("measuring:ladder", args=[workspace.slug])


def person_url(workspace, participant):
    return reverse("measuring:person", args=[workspace.slug, participant.pk])


def test_a_viewer_sees_the_funnel_and_the_advocates_with_their_words(client, cast):
    ada = person(cast.workspace, "Ada <script>alert(1)</script>", influence=70)
    step(ada, "creation", "2026-01-05")
    said(ada, "Best hub <b>ever</b>", "positive")
    said(ada, "Love the app", "positive")
    client.force_login(cast.viewer)
    response = client.get(ladder_url(cast.workspace))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ladder-funnel"' in html
    assert 'id="ladder-funnel-data"' in html
    assert "Ada &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Best hub &lt;b&gt;ever&lt;/b&gt;" in html
    assert person_url(cast.workspace, ada) in html
    assert "Recompute influence" not in html  # viewers cannot recompute


def test_a_persons_page_shows_stage_history_influence_and_posts(client, cast):
    kim = person(cast.workspace, "Kim", influence=42.5)
    step(kim, "curation", "2026-01-05", action="vote:idea")
    step(kim, "purchase", "2026-02-07", action="order")
    said(kim, "Works as promised", "positive")
    client.force_login(cast.viewer)
    html = client.get(person_url(cast.workspace, kim)).content.decode()
    assert '<strong id="person-stage">Purchase</strong>' in html
    assert '<strong id="person-influence">42.5</strong>' in html
    assert '<time datetime="2026-02-07T00:00:00+00:00"' in html  # when the purchase was
    assert "order" in html
    assert "Works as promised" in html


def test_a_merged_persons_page_leads_to_the_one_kept(client, cast):
    kept, old = person(cast.workspace, "Kept"), person(cast.workspace, "Old")
    merge_participants(kept, [old])
    client.force_login(cast.viewer)
    response = client.get(person_url(cast.workspace, old))
    assert response.status_code == 302
    assert response.url == person_url(cast.workspace, kept)


def test_another_workspaces_participant_is_not_found(client, cast):
    theirs = person(cast.other_workspace, "Theirs")
    client.force_login(cast.admin)
    assert client.get(person_url(cast.workspace, theirs)).status_code == 404


def test_outsiders_and_anonymous_visitors_see_nothing(client, cast):
    ours = person(cast.workspace, "Ours")
    client.force_login(cast.outsider)
    assert client.get(ladder_url(cast.workspace)).status_code == 404
    assert client.get(person_url(cast.workspace, ours)).status_code == 404
    client.logout()
    assert client.get(ladder_url(cast.workspace)).status_code == 302  # to sign in


def test_recomputing_needs_the_analyst_role(client, cast):
    maker, fan = person(cast.workspace, "Maker"), person(cast.workspace, "Fan")
    loved = said(maker, "Brilliant hub", "positive", likes=5)
    step(fan, "curation", "2026-03-04", action="share", post=loved)
    url = reverse("measuring:refresh_ladder", args=[cast.workspace.slug])
    client.force_login(cast.viewer)
    assert client.post(url).status_code == 403
    assert not EngagementEvent.objects.filter(stage="advocacy").exists()
    client.force_login(cast.outsider)
    assert client.post(url).status_code == 404
    client.force_login(cast.analyst)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert EngagementEvent.objects.filter(stage="advocacy", participant=maker).count() == 1
    maker.refresh_from_db()
    assert maker.influence > 0


def test_the_figures_are_reused_for_a_while_and_recompute_refreshes_them(client, cast):
    ada = person(cast.workspace, "Ada", influence=70)
    step(ada, "creation", "2026-01-05")
    client.force_login(cast.analyst)
    first = client.get(ladder_url(cast.workspace)).content.decode()
    assert '<strong id="stat-on-ladder">1</strong>' in first
    tasks.refresh_workspace_ladder_figures(cast.workspace.pk)  # the periodic task stores them
    step(person(cast.workspace, "Bo"), "curation", "2026-01-06")
    again = client.get(ladder_url(cast.workspace)).content.decode()
    assert '<strong id="stat-on-ladder">1</strong>' in again  # the figures of a moment ago
    client.post(reverse("measuring:refresh_ladder", args=[cast.workspace.slug]))
    fresh = client.get(ladder_url(cast.workspace)).content.decode()
    assert '<strong id="stat-on-ladder">2</strong>' in fresh
