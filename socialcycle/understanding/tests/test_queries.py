"""The one post filter: each field, fields together, and unreadable input named."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.http import QueryDict

from socialcycle.accounts.services import track_name
from socialcycle.listening.models import Post
from socialcycle.testing.factories import make_source
from socialcycle.testing.posts import stored_post
from socialcycle.understanding.models import Topic
from socialcycle.understanding.queries import (
    FILTER_PARAMETERS,
    PostFilter,
    filter_analyses,
    filter_posts,
    parse_post_filter,
)

DAY = datetime(2026, 3, 10, 12, tzinfo=UTC)


@pytest.fixture
def world(cast):
    """Posts that differ in one field each from a plain neutral social post."""
    workspace = cast.workspace
    track_name(workspace, kind="product", name="Lumio Hub")
    track_name(workspace, kind="product", name="Lumio App")
    social = make_source(workspace, "Chirper", "social")
    email = make_source(workspace, "Support mail", "email")
    battery = Topic.objects.create(workspace=workspace, label="Battery")
    posts = {
        "plain": stored_post(social, "plain words", when=DAY),
        "old": stored_post(social, "old words", when=DAY - timedelta(days=40)),
        "email": stored_post(email, "by mail", when=DAY),
        "angry": stored_post(social, "so angry", when=DAY, sentiment="negative"),
        "bug": stored_post(social, "it broke", when=DAY, kinds=("complaint", "idea")),
        "battery": stored_post(social, "battery dies", when=DAY, topic=battery),
        "hub": stored_post(social, "the hub", when=DAY, products=("Lumio Hub",)),
        "french": stored_post(social, "bonjour", when=DAY, language="fr"),
        "ana": stored_post(social, "from ana", when=DAY, author="Ana"),
        "waiting": stored_post(social, "not analysed", when=DAY, analysed=False),
    }
    reply_model = Post._meta.get_field("staff_replies").related_model
    reply_model._default_manager.create(workspace=workspace, post=posts["angry"], text="Sorry!")
    stored_post(make_source(cast.other_workspace), "plain words elsewhere", when=DAY)
    return cast, posts


def found(workspace, post_filter):
    return set(filter_posts(workspace, post_filter).values_list("pk", flat=True))


def names(posts, *keys):
    return {posts[key].pk for key in keys}


def parsed(workspace, query):
    return parse_post_filter(workspace, QueryDict(query))


def test_an_empty_filter_is_every_post_of_the_workspace_and_no_other(world):
    cast, posts = world
    assert found(cast.workspace, PostFilter()) == {post.pk for post in posts.values()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("channel=email", ("email",)),
        ("sentiment=negative", ("angry",)),
        ("kind=idea", ("bug",)),  # a second kind counts, not only the first
        ("product=lumio+hub", ("hub",)),  # any case
        ("language=fr", ("french",)),
        ("author=@ana", ("ana",)),
        ("has_reply=yes", ("angry",)),
        ("since=2026-01-01&until=2026-02-15", ("old",)),
        ("day=2026-01-29", ("old",)),
    ],
)
def test_each_field_narrows_to_its_posts(world, query, expected):
    cast, posts = world
    result = parsed(cast.workspace, query)
    assert result.errors == []
    assert found(cast.workspace, result.filter) == names(posts, *expected)


def test_topic_source_and_person_are_chosen_by_id(world):
    cast, posts = world
    topic = posts["battery"].analysis.topic
    result = parsed(cast.workspace, f"topic={topic.pk}&source={posts['email'].source_id}")
    assert found(cast.workspace, result.filter) == set()  # AND across fields
    result = parsed(cast.workspace, f"topic={topic.pk}")
    assert found(cast.workspace, result.filter) == names(posts, "battery")


def test_no_reply_keeps_everything_but_the_answered_post(world):
    cast, posts = world
    result = parsed(cast.workspace, "has_reply=no")
    assert found(cast.workspace, result.filter) == {p.pk for p in posts.values()} - names(
        posts, "angry"
    )


def test_fields_combine_and_values_of_one_field_add_up(world):
    cast, posts = world
    either = parsed(cast.workspace, "sentiment=negative&kind=idea&kind=complaint")
    assert found(cast.workspace, either.filter) == set()
    angry_or_bug = parsed(cast.workspace, "kind=idea&channel=social&since=2026-03-10")
    assert found(cast.workspace, angry_or_bug.filter) == names(posts, "bug")
    two_channels = parsed(cast.workspace, "channel=email&channel=social&language=fr")
    assert found(cast.workspace, two_channels.filter) == names(posts, "french")


def test_analyses_match_the_posts_they_belong_to(world):
    cast, _ = world
    for query in ("product=Lumio+Hub", "kind=idea", "has_reply=yes", "channel=email&q=mail"):
        post_filter = parsed(cast.workspace, query).filter
        analyses = filter_analyses(cast.workspace, post_filter)
        analysed = set(analyses.values_list("post_id", flat=True))
        assert analysed == found(cast.workspace, post_filter), query


def test_days_are_read_in_the_site_time_zone(world, settings):
    cast, _ = world
    result = parsed(cast.workspace, "since=2026-03-10&until=2026-03-10")
    assert result.filter.start.date() == date(2026, 3, 10)
    assert result.filter.end - result.filter.start == timedelta(days=1)
    assert result.filter.start.utcoffset() is not None


@pytest.mark.parametrize(
    ("query", "field", "problem"),
    [
        ("since=10/03/2026", "since", "is not a date"),
        ("until=yesterday", "until", "is not a date"),
        ("since=2026-03-10&until=2026-03-01", "until", "is before the start date"),
        ("channel=fax", "channel", "is not a channel"),
        ("sentiment=furious", "sentiment", "is not a sentiment"),
        ("kind=bug", "kind", "is not a kind of feedback"),
        ("topic=abc", "topic", "is not a topic of this workspace"),
        ("topic=999999", "topic", "is not a topic of this workspace"),
        ("source=1x", "source", "is not a source of this workspace"),
        ("product=Toaster", "product", "is not a tracked product"),
        ("language=english!", "language", "is not a language code"),
        ("has_reply=maybe", "has_reply", "is not yes or no"),
        ("person=-1", "person", "is not a person of this workspace"),
    ],
)
def test_unreadable_or_unknown_input_is_an_error_naming_the_field(world, query, field, problem):
    cast, _ = world
    result = parsed(cast.workspace, query)
    assert [error.field for error in result.errors] == [field]
    assert problem in str(result.errors[0])


def test_another_workspaces_topic_is_unknown_here(world):
    cast, _ = world
    theirs = Topic.objects.create(workspace=cast.other_workspace, label="Theirs")
    assert parsed(cast.workspace, f"topic={theirs.pk}").errors[0].field == "topic"


def test_days_are_read_in_the_workspaces_time_zone_where_it_has_one(world):
    cast, _ = world
    workspace = cast.workspace
    workspace.time_zone = "Asia/Tokyo"  # the field other work adds; set here on the object
    result = parse_post_filter(workspace, QueryDict("since=2026-03-10"))
    assert result.filter.start == datetime(2026, 3, 9, 15, tzinfo=UTC)


class Recording(dict[str, object]):
    """GET parameters that remember every name asked of them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = set()

    def getlist(self, name):
        self.asked.add(name)
        value = self.get(name, [])
        return value if isinstance(value, list) else [value]


def test_filter_parameters_name_every_parameter_the_parser_reads_and_what_was_given(world):
    cast, _ = world
    params = Recording(sentiment="negative", q=" hub ", channel=["social", "email"], page="2")
    result = parse_post_filter(cast.workspace, params)
    assert params.asked == set(FILTER_PARAMETERS)  # the exports pass on exactly these
    assert result.given == {"sentiment": ["negative"], "q": ["hub"], "channel": ["social", "email"]}
