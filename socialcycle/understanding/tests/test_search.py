"""Full-text search on posts: ranked, highlighted safely, any input accepted.

Run on both databases (DATABASE_URL=postgres://… for PostgreSQL): the same queries
find the same posts through FTS5 on SQLite and tsvector on PostgreSQL."""

import pytest

from socialcycle.listening.models import Post
from socialcycle.testing.factories import make_source
from socialcycle.testing.posts import stored_post
from socialcycle.understanding.search import (
    Matches,
    highlights,
    load_page,
    parse_query,
    search_posts,
)


@pytest.fixture
def source(cast):
    return make_source(cast.workspace)


def texts(workspace, query, base=None):
    return [post.text for post in search_posts(workspace.pk, query, base)]


def test_the_best_match_comes_first_and_every_word_must_appear(cast, source):
    stored_post(source, "battery battery battery drains overnight")
    stored_post(source, "the battery is fine, the screen is not")
    stored_post(source, "screen flickers")
    assert texts(cast.workspace, "battery")[0] == "battery battery battery drains overnight"
    assert set(texts(cast.workspace, "battery")) == {
        "battery battery battery drains overnight",
        "the battery is fine, the screen is not",
    }
    assert texts(cast.workspace, "screen battery") == ["the battery is fine, the screen is not"]
    ranks = [vars(post)["search_rank"] for post in search_posts(cast.workspace.pk, "battery")]
    assert ranks == sorted(ranks, reverse=True)


def test_phrases_prefixes_and_case(cast, source):
    stored_post(source, "Dark mode please")
    stored_post(source, "mode dark is what the settings call it")
    stored_post(source, "Darkness falls")
    assert texts(cast.workspace, '"dark mode"') == ["Dark mode please"]
    assert set(texts(cast.workspace, "dark*")) == {
        "Dark mode please",
        "mode dark is what the settings call it",
        "Darkness falls",
    }
    assert texts(cast.workspace, "DARKNESS") == ["Darkness falls"]


def test_titles_are_searched_too(cast, source):
    stored_post(source, "see the title", title="Firmware rollback")
    assert texts(cast.workspace, "rollback") == ["see the title"]


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        'dark" mode',
        "NEAR(a b)",
        "a OR",
        "-",
        "*",
        "(",
        "'; DROP TABLE x; --",
        "title:dark",
        "dark AND",
        "^dark",
        "a\\b",
        "\x00",
        "ünïcödé",
    ],
)
def test_no_input_breaks_the_query(cast, source, query):
    stored_post(source, "dark mode please")
    list(search_posts(cast.workspace.pk, query))  # no error is the point
    highlights([1], query)


def test_an_unbalanced_quote_is_a_phrase_to_the_end(cast, source):
    stored_post(source, "dark mode please")
    assert texts(cast.workspace, '"mode please') == ["dark mode please"]
    assert parse_query('"mode please') == parse_query('"mode please"')


def test_input_without_words_finds_nothing(cast, source):
    stored_post(source, "dark mode please")
    assert texts(cast.workspace, '" * -- ()') == []


def test_other_workspaces_are_never_searched(cast, source):
    stored_post(make_source(cast.other_workspace), "secret plans")
    assert texts(cast.workspace, "secret") == []


def test_a_base_queryset_narrows_the_results(cast, source):
    stored_post(source, "battery one", sentiment="negative")
    stored_post(source, "battery two", sentiment="positive")
    base = Post.objects.filter(analysis__sentiment="negative")
    assert texts(cast.workspace, "battery", base) == ["battery one"]


def test_new_changed_and_deleted_posts_are_kept_in_the_index(cast, source):
    post = stored_post(source, "kettle whistles")
    assert texts(cast.workspace, "kettle") == ["kettle whistles"]
    Post.objects.filter(pk=post.pk).update(text="toaster burns")
    assert texts(cast.workspace, "kettle") == []
    assert texts(cast.workspace, "toaster") == ["toaster burns"]
    Post.objects.filter(pk=post.pk).delete()
    assert texts(cast.workspace, "toaster") == []


def test_highlights_mark_the_words_and_escape_the_post(cast, source):
    post = stored_post(
        source, 'the <script>alert("x")</script> battery <b>died</b> & <img src=x onerror=1>'
    )
    [(post_id, excerpt)] = highlights([post.pk], "battery").items()
    assert post_id == post.pk
    assert "<mark>battery</mark>" in excerpt
    for tag in ("<script>", "<img", "<b>"):
        assert tag not in excerpt
    assert "&lt;script&gt;" in excerpt
    assert excerpt.count("<mark>") == excerpt.count("</mark>")


def test_excerpts_mark_phrases_and_prefixes_and_cut_long_posts(cast, source):
    long = stored_post(source, " ".join(f"w{i}" for i in range(60)) + " Dark-mode darkness end")
    phrase = highlights([long.pk], '"dark mode" darkn*')[long.pk]
    assert phrase.startswith("…")
    assert phrase.endswith("w59 <mark>Dark-mode darkness</mark> end")  # neighbours join
    mark = stored_post(source, "a literal <mark>tag</mark> and a café")
    marked = highlights([mark.pk], "tag cafe")[mark.pk]
    assert marked == ("a literal &lt;mark&gt;<mark>tag</mark>&lt;/mark&gt; and a <mark>café</mark>")


def test_matches_page_the_ranked_ids_within_the_base_query(cast, source):
    best = stored_post(source, "battery battery battery", sentiment="negative")
    good = stored_post(source, "battery low, battery again", sentiment="negative")
    stored_post(source, "battery fine", sentiment="positive")
    stored_post(source, "nothing here", sentiment="negative")
    stored_post(make_source(cast.other_workspace), "battery battery battery battery")
    negative = Post.objects.filter(analysis__sentiment="negative")
    matches = Matches(cast.workspace.pk, "battery", negative)
    assert matches.count() == 2
    assert matches[0:10] == [best.pk, good.pk]
    assert matches[1:2] == [good.pk]
    assert Matches(cast.workspace.pk, "battery").count() == 3
    assert Matches(cast.workspace.pk, '"').count() == 0
    assert Matches(cast.workspace.pk, '"')[0:10] == []
    assert load_page([good.pk, best.pk]) == [good, best]


def test_a_search_matching_more_than_the_window_ranks_only_the_newest(cast, source):
    oldest_best = stored_post(source, "battery battery battery battery")
    middle = stored_post(source, "battery low")
    newest = stored_post(source, "battery battery again")
    stored_post(source, "screen only")
    matches = Matches(cast.workspace.pk, "battery", window=2)
    assert matches.capped
    assert matches.count() == 2  # paging stays among the ranked ones
    assert matches.total() == 3
    assert matches[0:10] == [newest.pk, middle.pk]
    assert oldest_best.pk not in matches[0:10]
    narrowed = Matches(cast.workspace.pk, "battery", Post.objects.exclude(pk=newest.pk), window=2)
    assert not narrowed.capped
    assert narrowed[0:10] == [oldest_best.pk, middle.pk]
    assert narrowed.count() == narrowed.total() == 2
