"""The People directory and a person's page: search, filters, order, pages, who may see
what, and merged or erased people."""

from datetime import timedelta

import pytest
from django.urls import reverse

from socialcycle.listening.models import Channel, Identity
from socialcycle.listening.participants import merge_participants
from socialcycle.measuring.people.queries import (
    NOT_ON_LADDER,
    DirectorySearch,
    directory,
    directory_page,
)
from socialcycle.measuring.tests.ladder_helpers import day, person, said, step
from socialcycle.understanding.models import PostKind, Topic


def known(workspace, name, *handles, email="", influence=0.0):
    """A person with a handle on each (channel, handle) given."""
    someone = person(workspace, name, influence=influence)
    if email:
        someone.email = email
        someone.save(update_fields=["email"])
    for channel, handle in handles:
        Identity.objects.create(
            workspace=workspace, participant=someone, channel=channel, handle=handle
        )
    return someone


def names(workspace, **search):
    return [p.display_name for p in directory(workspace, DirectorySearch(**search))]


def test_search_finds_a_handle_a_name_or_an_e_mail_whatever_the_case(cast):
    ws = cast.workspace
    known(ws, "Ada Lovelace", (Channel.SOCIAL, "@ada"), email="ada@example.org")
    known(ws, "Ben", (Channel.REVIEW, "bennyreviews"), email="ben@corp.test")
    known(ws, "Cy", (Channel.SOCIAL, "@cy"))
    assert names(ws, text="LOVELACE") == ["Ada Lovelace"]
    assert names(ws, text="@ADA") == ["Ada Lovelace"]
    assert names(ws, text="benny") == ["Ben"]
    assert names(ws, text="corp.test") == ["Ben"]
    assert names(ws, text="nobody") == []


def test_someone_merged_is_found_as_the_one_who_carries_on(cast):
    ws = cast.workspace
    kept = known(ws, "Dana", (Channel.SOCIAL, "@dana"))
    old = known(ws, "Dana Scully (reviews)", (Channel.REVIEW, "dscully"))
    merge_participants(kept, [old])
    assert names(ws) == ["Dana"]
    assert names(ws, text="scully") == ["Dana"]  # by the merged one's name and handle
    assert names(ws, text="dscully") == ["Dana"]


def test_filters_by_channel_and_by_highest_stage_reached(cast):
    ws = cast.workspace
    voter = known(ws, "Voter", (Channel.COMMUNITY, "voter"))
    buyer = known(ws, "Buyer", (Channel.SOCIAL, "@buyer"), (Channel.COMMUNITY, "buyer"))
    known(ws, "Lurker", (Channel.SOCIAL, "@lurker"))
    step(voter, "curation", "2026-01-05")
    step(buyer, "curation", "2026-01-05")
    step(buyer, "purchase", "2026-02-01")
    assert sorted(names(ws, channel=Channel.COMMUNITY)) == ["Buyer", "Voter"]
    assert names(ws, stage="curation") == ["Voter"]  # the buyer went higher
    assert names(ws, stage="purchase") == ["Buyer"]
    assert names(ws, stage=NOT_ON_LADDER) == ["Lurker"]
    assert names(ws, channel=Channel.SOCIAL, stage="purchase") == ["Buyer"]


def test_sorted_by_last_seen_posts_or_influence(cast):
    ws = cast.workspace
    quiet = known(ws, "Quiet", influence=90)
    chatty = known(ws, "Chatty", influence=10)
    recent = known(ws, "Recent", influence=50)
    known(ws, "Silent")
    said(quiet, "once", "neutral", when="2026-01-01")
    for n in range(3):
        said(chatty, f"again {n}", "neutral", when=f"2026-02-0{n + 1}")
    said(recent, "lately", "neutral", when="2026-03-01")
    assert names(ws) == ["Recent", "Chatty", "Quiet", "Silent"]  # never posted: last
    assert names(ws, sort="posts")[:3] == ["Chatty", "Recent", "Quiet"]
    assert names(ws, sort="influence")[:3] == ["Quiet", "Recent", "Chatty"]
    _, rows = directory_page(ws, DirectorySearch(text="chatty"), None)
    assert [(row.posts, row.last_seen) for row in rows] == [(3, day("2026-02-03"))]


@pytest.fixture
def analyst(client, cast):
    client.force_login(cast.analyst)
    return client


def directory_url(workspace):
    return reverse("measuring:people", args=[workspace.slug])


def test_the_directory_pages_fifty_at_a_time_and_keeps_the_search_in_its_links(analyst, cast):
    for n in range(60):
        known(cast.workspace, f"Fan {n:02}", (Channel.SOCIAL, f"@fan{n}"))
    known(cast.workspace, "Someone else")
    url = directory_url(cast.workspace)
    first = analyst.get(url, {"q": "fan", "sort": "name"}).content.decode()
    assert "60 people match" in first
    assert first.count('id="person-') == 50
    assert "Fan 00" in first
    assert "Someone else" not in first
    assert "?q=fan&amp;sort=name&amp;page=2" in first
    second = analyst.get(url, {"q": "fan", "sort": "name", "page": "2"}).content.decode()
    assert second.count('id="person-') == 10
    assert "Fan 59" in second
    assert reverse("listening:merges", args=[cast.workspace.slug]) in first


def test_the_directory_is_for_analysts_and_escapes_what_people_wrote(client, cast):
    known(cast.workspace, "<script>alert(1)</script>", (Channel.SOCIAL, "<b>h</b>"))
    url = directory_url(cast.workspace)
    client.force_login(cast.viewer)
    assert client.get(url).status_code == 403  # it lists e-mail addresses
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    client.force_login(cast.analyst)
    html = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;h&lt;/b&gt;" in html
    assert client.get(url, {"stage": "wizard"}).status_code == 200  # the form says why


def person_url(workspace, participant):
    return reverse("measuring:person", args=[workspace.slug, participant.pk])


def test_a_persons_page_shows_each_channel_their_analysed_posts_and_their_climb(client, cast):
    ws = cast.workspace
    kim = known(ws, "Kim", (Channel.SOCIAL, "@kim"), (Channel.REVIEW, "kim_r"), email="k@x.org")
    post = said(kim, "The hub drops offline", "negative")
    topic = Topic.objects.create(workspace=ws, label="Hub outage")
    post.analysis.topic = topic
    post.analysis.save()
    PostKind.objects.create(analysis=post.analysis, kind="complaint", confidence=0.9)
    step(kim, "creation", "2026-03-01", action="post")
    client.force_login(cast.viewer)
    html = client.get(person_url(ws, kim)).content.decode()
    assert "@kim</td>" in html
    assert "kim_r</td>" in html
    assert "The hub drops offline" in html
    assert "Negative" in html
    assert "Complaint" in html
    assert "Hub outage" in html
    assert '<strong id="person-stage">Creation</strong>' in html
    assert "k@x.org" not in html  # a viewer does not see personal data
    assert reverse("privacy:person", args=[ws.slug, kim.pk]) not in html
    client.force_login(cast.analyst)
    assert "k@x.org" in client.get(person_url(ws, kim)).content.decode()
    client.force_login(cast.admin)
    html = client.get(person_url(ws, kim)).content.decode()
    assert reverse("privacy:person", args=[ws.slug, kim.pk]) in html


def test_a_persons_posts_are_paged(client, cast):
    kim = known(cast.workspace, "Kim")
    for n in range(30):
        when = (day("2026-01-01") + timedelta(days=n)).isoformat()
        said(kim, f"post number {n:02}", "neutral", when=when)
    client.force_login(cast.viewer)
    first = client.get(person_url(cast.workspace, kim)).content.decode()
    assert "post number 29" in first
    assert "post number 04" not in first
    second = client.get(person_url(cast.workspace, kim), {"page": 2}).content.decode()
    assert "post number 04" in second


def test_a_merged_person_leads_to_the_survivor(client, cast):
    kept, old = known(cast.workspace, "Kept"), known(cast.workspace, "Old")
    merge_participants(kept, [old])
    client.force_login(cast.viewer)
    response = client.get(person_url(cast.workspace, old))
    assert response.status_code == 302
    assert response.url == person_url(cast.workspace, kept)
    assert "Merged into this person: Old" in client.get(response.url).content.decode()


def test_the_old_ladder_address_of_a_person_leads_to_their_page(client, cast):
    kim = known(cast.workspace, "Kim")
    client.force_login(cast.viewer)
    old = reverse("measuring:person_ladder", args=[cast.workspace.slug, kim.pk])
    response = client.get(old)
    assert response.status_code == 302
    assert response.url == person_url(cast.workspace, kim)
