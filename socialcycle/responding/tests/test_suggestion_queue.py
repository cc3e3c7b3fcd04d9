"""Suggestions wait in a staff queue: not in the insight list, not shown to customers, not
counted by the measures until confirmed; a dismissed one never comes back for its posts."""

import pytest
from django.urls import reverse

from socialcycle.acting import services, suggestions
from socialcycle.acting.models import Insight
from socialcycle.acting.tests.test_suggestions import IDEAS, on_topic, sign_in
from socialcycle.responding.measures import loop_closure

pytestmark = pytest.mark.django_db


def a_suggestion(cast):
    on_topic(cast, IDEAS)
    suggestions.suggest(cast.workspace)
    return Insight.objects.get(suggested=True)


def test_a_suggestion_is_in_the_suggested_tab_not_the_insight_list(client, cast):
    suggestion = a_suggestion(cast)
    mine = services.create_insight(cast.workspace, kind="complaint", title="Pairing fails")
    sign_in(client, cast.viewer)
    url = reverse("acting:insights", args=[cast.workspace.slug])

    listed = [insight for insight, _ in client.get(url).context["rows"]]
    queued = client.get(url, {"suggested": "1"})

    assert listed == [mine]
    assert [insight for insight, _ in queued.context["rows"]] == [suggestion]
    assert queued.context["suggestion_count"] == 1


def test_a_suggestion_counts_nowhere_until_confirmed(cast):
    suggestion = a_suggestion(cast)
    services.change_insight_status(suggestion, "done", by=cast.analyst)

    assert loop_closure(cast.workspace).insights == 0

    suggestions.confirm(suggestion, by=cast.analyst)
    assert loop_closure(cast.workspace).insights == 1


def test_a_dismissed_suggestion_never_comes_back_for_its_posts(client, cast):
    suggestion = a_suggestion(cast)
    sign_in(client, cast.analyst)

    client.post(
        reverse("acting:insight", args=[cast.workspace.slug, suggestion.pk]), {"dismiss": "1"}
    )

    suggestion.refresh_from_db()
    assert suggestion.dismissed_at is not None
    assert not Insight.objects.waiting_suggestions().exists()
    assert suggestions.suggest(cast.workspace) == 0  # its posts stay with it
    assert Insight.objects.count() == 1
    on_topic(cast, [f"Dark mode, again, request {n}" for n in range(5)])
    assert suggestions.suggest(cast.workspace) == 5  # new posts: a new suggestion, not it
    new = Insight.objects.waiting_suggestions().get()
    assert new.pk != suggestion.pk
    assert new.posts.count() == 5


def test_only_a_waiting_suggestion_can_be_dismissed(cast):
    mine = services.create_insight(cast.workspace, kind="complaint", title="Pairing fails")

    with pytest.raises(ValueError, match="only a waiting suggestion"):
        suggestions.dismiss(mine, by=cast.analyst)


def test_a_suggestion_is_named_in_a_customers_words_and_can_be_renamed(client, cast):
    on_topic(
        cast,
        [
            "lol same",
            "The dark theme would save my eyes at night. Also the app is slow.",
            "Please add a dark mode for night use",
            "Dark mode for night use, please!",
            "@lumio https://x.co/1 dark mode when",
            "I want a dark mode for the night, the white screen is too bright",
        ],
    )
    suggestions.suggest(cast.workspace)
    suggestion = Insight.objects.get()
    sign_in(client, cast.analyst)
    url = reverse("acting:insight", args=[cast.workspace.slug, suggestion.pk])

    assert "dark mode" in suggestion.title.lower()
    assert "/" not in suggestion.title  # not the topic's word list
    client.post(url, {"rename": "1", "title": "  Dark mode   for night use "})
    assert Insight.objects.get().title == "Dark mode for night use"
    refused = client.post(url, {"rename": "1", "title": "   "}, follow=True)
    assert "an insight needs a title" in refused.content.decode()
    assert Insight.objects.get().title == "Dark mode for night use"
