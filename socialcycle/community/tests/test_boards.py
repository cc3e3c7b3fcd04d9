"""The idea board and the questions page: search, the three sorts, pages, and addresses
that keep all three."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialcycle.community import board, ideas, qa
from socialcycle.community.models import Contribution, Vote
from socialcycle.community.tests.helpers import answer, question
from socialcycle.lib.access import access_of
from socialcycle.listening.models import Post
from socialcycle.testing.members import make_member

NOW = timezone.now()


@pytest.fixture
def dana(cast):
    return make_member(cast.workspace, "dana")


def voters(workspace, how_many, start=0):
    return [make_member(workspace, f"voter{start + n}") for n in range(how_many)]


def aged(contribution, days):
    """Move a contribution and its votes `days` into the past."""
    when = NOW - timedelta(days=days)
    Contribution.objects.filter(pk=contribution.pk).update(created_at=when)
    Vote.objects.filter(post_id=contribution.pk).update(created_at=when)


def ranked(workspace, sort, text=""):
    found = board.matching(ideas.open_ideas(workspace), text)
    return [idea.post.title for idea in ideas.ranked_ideas(found, sort, now=NOW)]


def test_idea_search_is_the_full_text_search_of_title_and_text_whatever_the_case(cast, dana):
    ideas.submit_idea(dana, "Dark mode for the app", "Too bright at night.")
    ideas.submit_idea(dana, "Export as CSV", "A spreadsheet of my history, dark or not.")
    ideas.submit_idea(dana, "Bigger buttons", "For people with large thumbs.")
    assert ranked(cast.workspace, "new", "DARK") == ["Export as CSV", "Dark mode for the app"]
    assert ranked(cast.workspace, "new", "dark  NIGHT") == ["Dark mode for the app"]
    assert ranked(cast.workspace, "new", "lisbon") == []
    assert ranked(cast.workspace, "new", '"dark mode"') == ["Dark mode for the app"]
    assert ranked(cast.workspace, "new", "spread*") == ["Export as CSV"]


def test_top_counts_every_vote_trending_only_the_last_seven_days_new_the_newest(cast, dana):
    old = ideas.submit_idea(dana, "Old favourite", "Loved for years.")
    for member in voters(cast.workspace, 4):
        ideas.vote(member, old)
    aged(old, 30)  # five votes, all a month old
    rising = ideas.submit_idea(dana, "Rising idea", "Everyone talks about it this week.")
    for member in voters(cast.workspace, 2, start=10):
        ideas.vote(member, rising)
    aged(rising, 3)  # three votes, all this week
    ideas.submit_idea(dana, "Brand new", "Posted a minute ago.")
    assert ranked(cast.workspace, "top") == ["Old favourite", "Rising idea", "Brand new"]
    assert ranked(cast.workspace, "trending") == ["Rising idea", "Brand new", "Old favourite"]
    assert ranked(cast.workspace, "new") == ["Brand new", "Rising idea", "Old favourite"]


def ideas_url(workspace):
    return reverse("community:ideas", args=[workspace.slug])


def test_the_idea_board_pages_twenty_at_a_time_keeping_search_and_sort(cast, dana):
    for n in range(25):
        idea = ideas.submit_idea(dana, f"Lamp idea {n:02}", "Something for the lamp.")
        aged(idea, 25 - n)  # idea 24 is the newest
    ideas.submit_idea(dana, "Unrelated", "Nothing to do with it.")
    client = Client()
    first = client.get(ideas_url(cast.workspace), {"q": "LAMP", "sort": "new"}).content.decode()
    assert first.count('data-testid="idea"') == 20
    assert "25 matches for “LAMP”" in first
    assert "Lamp idea 24" in first
    assert "Unrelated" not in first
    assert 'href="?q=LAMP&amp;sort=new&amp;page=2"' in first
    assert 'href="?q=LAMP&amp;sort=trending"' in first  # the other sorts keep the search
    second = client.get(ideas_url(cast.workspace), {"q": "LAMP", "sort": "new", "page": "2"})
    assert second.content.decode().count('data-testid="idea"') == 5
    assert "Lamp idea 00" in second.content.decode()


def test_a_search_is_shown_as_text_and_an_unknown_sort_is_the_default(cast, dana):
    ideas.submit_idea(dana, "Dark mode", "Please.")
    client = Client()
    page = client.get(ideas_url(cast.workspace), {"q": "<script>alert(1)</script>", "sort": "x"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<strong>top</strong>" in html
    assert client.get(ideas_url(cast.workspace), {"page": "999"}).status_code == 200  # last page


def questions_url(workspace):
    return reverse("community:questions", args=[workspace.slug])


def test_questions_are_searched_and_sorted_by_answers_and_recent_answers(cast, dana):
    helpers = voters(cast.workspace, 3)
    pairing = question(dana, "How do I pair the lamp?")
    for member in helpers:
        answer(member, pairing)
    Post.objects.filter(parent_id=pairing.pk).update(created_at=NOW - timedelta(days=20))
    dimming = question(dana, "Does the lamp dim?")
    answer(helpers[0], dimming)
    question(dana, "Where is my invoice?")
    board_of = qa.question_board

    def titles(**asked):
        return [q.post.title for q in board_of(cast.workspace, now=NOW, **asked)]

    assert titles(sort="top") == [
        "How do I pair the lamp?",
        "Does the lamp dim?",
        "Where is my invoice?",
    ]
    assert titles(sort="trending")[0] == "Does the lamp dim?"
    assert titles(sort="new", text="LAMP") == ["Does the lamp dim?", "How do I pair the lamp?"]
    assert titles(show="unanswered", text="lamp") == []
    html = Client().get(questions_url(cast.workspace), {"q": "lamp", "sort": "top"}).content
    page = html.decode()
    assert page.count('data-testid="question"') == 2
    assert 'href="?q=lamp&amp;show=unanswered&amp;sort=top"' in page  # filters keep all


def test_the_lists_stay_rate_limited_public_pages():
    from socialcycle.community.views import content, ideas

    for view in (ideas.idea_list, content.question_list):
        access = access_of(view)
        assert access is not None
        assert access.limit
