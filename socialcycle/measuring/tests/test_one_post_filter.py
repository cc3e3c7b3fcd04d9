"""Routing rules, the inbox, the dashboard and the exports narrow posts through the one
post filter (understanding/queries.py), so they count the same posts."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.services import track_name
from socialcycle.acting import routing
from socialcycle.measuring.dashboard import sections as dashboard
from socialcycle.measuring.dashboard.filters import Scope
from socialcycle.measuring.exports.posts import read_posts
from socialcycle.measuring.tests.rollup_helpers import counted
from socialcycle.responding.inbox import InboxFilters, inbox
from socialcycle.testing.factories import make_source
from socialcycle.testing.posts import stored_post
from socialcycle.understanding.models import PostAnalysis, Topic
from socialcycle.understanding.queries import PostFilter


def test_routing_and_the_dashboard_count_the_same_posts_for_a_product(cast):
    workspace = cast.workspace
    track_name(workspace, kind="product", name="Lumio Hub")
    track_name(workspace, kind="product", name="Lumio Hub Mini")
    social = make_source(workspace, "Chirper", "social")
    now = timezone.now()
    for days_ago in (1, 3, 7, 20):
        stored_post(social, "hub", when=now - timedelta(days=days_ago), products=("Lumio Hub",))
    stored_post(social, "mini", when=now - timedelta(days=2), products=("Lumio Hub Mini",))
    stored_post(social, "long ago", when=now - timedelta(days=60), products=("Lumio Hub",))
    # The name also in the analysis's entities as something other than a product: a JSON
    # substring match on the entities (routing's old way) counted this post, the
    # dashboard's mention rows never did.
    keyword = stored_post(social, "keyword only", when=now - timedelta(days=1))
    PostAnalysis.objects.filter(post=keyword).update(
        entities=[{"kind": "keyword", "name": "Lumio Hub", "start": 0, "end": 9}]
    )
    counted(workspace)
    until = now + timedelta(minutes=1)
    scope = Scope(workspace, until - timedelta(days=routing.TRY_DAYS), until, product="Lumio Hub")
    on_dashboard = dashboard.overview(scope).analysed
    by_rule = routing.would_match(workspace, routing.Conditions(products=["Lumio Hub"]))
    assert on_dashboard == by_rule == 4
    assert scope.posts().count() == scope.analyses().count() == 4


def test_the_inbox_and_the_exports_read_the_filter_too(cast):
    workspace = cast.workspace
    social = make_source(workspace, "Chirper", "social")
    email = make_source(workspace, "Mail", "email")
    topic = Topic.objects.create(workspace=workspace, label="Battery")
    stored_post(social, "a", kinds=("praise", "idea"), topic=topic)
    stored_post(email, "b", kinds=("idea",))
    stored_post(email, "c", kinds=("complaint",), topic=topic)
    ideas = inbox(workspace, cast.admin, InboxFilters(kind="idea"))
    assert sorted(row.post.text for row in ideas) == ["a", "b"]  # any kind, as in routing
    rule = routing.Conditions(kinds=["idea"])
    assert routing.posts_matching(workspace, rule).count() == ideas.count()
    mail = read_posts(workspace, PostFilter(channels=("email",)), 0, 100)
    assert sorted(row["text"] for row in mail) == ["b", "c"]
    of_topic = inbox(workspace, cast.admin, InboxFilters(topic_id=topic.pk, channel="email"))
    assert [row.post.text for row in of_topic] == ["c"]


def test_a_days_point_opens_the_posts_it_counted(cast):
    track_name(cast.workspace, kind="product", name="Lumio Hub")
    now = timezone.now()
    scope = Scope(cast.workspace, now - timedelta(days=30), now, product="Lumio Hub")
    section = dashboard.section(scope, "sentiment")
    assert section is not None
    url = section.extra["click_url"]
    assert url.endswith("?product=Lumio+Hub&day={day}")


def test_unreadable_filters_are_said_on_the_dashboard_and_the_inbox(client, cast):
    client.force_login(cast.admin)
    home = client.get(
        reverse("measuring:home", args=[cast.workspace.slug]), {"since": "24-02-2015"}
    )
    assert home.status_code == 400
    assert "could not be used" in home.content.decode()
    assert "From: Enter a valid date." in home.content.decode()
    page = reverse("responding:inbox", args=[cast.workspace.slug])
    inbox_page = client.get(page, {"min_urgency": "very"})
    assert inbox_page.status_code == 400
    assert "Urgency ≥: Enter a number." in inbox_page.content.decode()
