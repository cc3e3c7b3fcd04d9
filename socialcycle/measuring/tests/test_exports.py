"""The three exports: what each row holds in CSV and JSON Lines, formula-safe CSV cells,
filters, keyset pages across chunk boundaries, and memory that does not grow with rows."""

import tracemalloc
from datetime import UTC, datetime

from socialcycle.community.models import Vote
from socialcycle.listening.models import Participant, Post
from socialcycle.listening.participants import merge_participants
from socialcycle.measuring.exports import catalogue, streams
from socialcycle.measuring.exports.catalogue import parse_export_filter
from socialcycle.measuring.exports.insights import INSIGHT_COLUMNS
from socialcycle.measuring.exports.participants import PARTICIPANT_COLUMNS
from socialcycle.measuring.exports.posts import POST_COLUMNS
from socialcycle.measuring.ladder.stages import STAGES, current_stage, highest_stages
from socialcycle.measuring.tests.export_helpers import (
    analysed,
    csv_rows,
    handle,
    insight,
    jsonl_rows,
    post,
    source,
    team,
    topic,
)
from socialcycle.measuring.tests.ladder_helpers import day, person, step
from socialcycle.understanding.models import PostAnalysis
from socialcycle.understanding.queries import PostFilter


def complaint(cast):
    """One analysed complaint, one post still waiting, and a post of another workspace."""
    src = source(cast.workspace)
    sam = person(cast.workspace, "Sam")
    analysed(
        src,
        "The hub drops offline every night",
        "2026-03-01T10:00",
        author=sam,
        kinds=[("early_warning", 0.6), ("complaint", 0.9)],
        title="Hub offline",
        sentiment="negative",
        sentiment_score=-0.8,
        emotion="anger",
        primary_kind="complaint",
        topic=topic(cast.workspace, "Connectivity"),
        urgency=0.7,
        urgency_reasons=["outage words", "influential author"],
        toxicity=0.1,
        language="en",
        model_versions={"sentiment": "s1", "kinds": "k2"},
    )
    post(source(cast.workspace, "Reviews", "review"), "Five stars", "2026-03-02T09:00", rating=5)
    post(source(cast.other_workspace), "Not ours", "2026-03-01T10:00")
    return sam


def test_posts_csv_holds_each_post_with_its_analysis(cast):
    sam = complaint(cast)
    rows = csv_rows(catalogue.POSTS, cast.workspace)
    assert [row["text"] for row in rows] == ["The hub drops offline every night", "Five stars"]
    first, waiting = rows
    assert list(first) == list(POST_COLUMNS)
    assert first["source"] == "Chirper export"
    assert first["channel"] == "social"
    assert first["author_id"] == str(sam.pk)
    assert first["created_at"] == "2026-03-01T10:00:00+00:00"
    assert first["title"] == "Hub offline"
    assert first["language"] == "en"
    assert first["sentiment"] == "negative"
    assert first["sentiment_score"] == "-0.8"  # a number, not neutralised
    assert first["emotion"] == "anger"
    assert first["primary_kind"] == "complaint"
    assert first["kinds"] == "complaint; early_warning"  # most confident first
    assert first["topic"] == "Connectivity"
    assert first["urgency"] == "0.7"
    assert first["urgency_reasons"] == "outage words; influential author"
    assert first["toxicity"] == "0.1"
    assert first["is_abusive"] == "false"
    assert first["model_versions"] == "kinds=k2; sentiment=s1"
    assert first["analysed_at"] == "2026-03-01T10:01:00+00:00"
    assert (waiting["channel"], waiting["rating"], waiting["sentiment"]) == ("review", "5", "")
    assert (waiting["analysed_at"], waiting["kinds"], waiting["is_abusive"]) == ("", "", "")


def test_posts_jsonl_keeps_types_lists_and_nulls(cast):
    complaint(cast)
    first, waiting = jsonl_rows(catalogue.POSTS, cast.workspace)
    assert list(first) == list(POST_COLUMNS)
    assert first["sentiment_score"] == -0.8
    assert first["kinds"] == ["complaint", "early_warning"]
    assert first["urgency_reasons"] == ["outage words", "influential author"]
    assert first["model_versions"] == {"sentiment": "s1", "kinds": "k2"}
    assert first["is_abusive"] is False
    assert first["created_at"] == "2026-03-01T10:00:00+00:00"
    assert waiting["sentiment"] is None
    assert waiting["urgency"] is None
    assert waiting["kinds"] == []
    assert waiting["rating"] == 5


def test_insights_carry_status_team_owner_sla_and_counts(cast):
    src = source(cast.workspace, "Community", "community")
    ann, ben = person(cast.workspace, "Ann"), person(cast.workspace, "Ben")
    first, second = post(src, "Dark mode", author=ann), post(src, "Dark mode!", author=ann)
    third = post(src, "Please dark mode", author=ben)
    for voter in (ben, person(cast.workspace, "Cy")):
        Vote.objects.create(
            workspace=cast.workspace, post=first, participant=voter, created_at=day("2026-03-03")
        )
    Vote.objects.create(  # a helpful-review vote is no idea vote
        workspace=cast.workspace,
        post=third,
        participant=ann,
        kind="helpful",
        created_at=day("2026-03-03"),
    )
    overdue = insight(
        cast.workspace,
        "Dark mode",
        [first, second, third],
        kind="idea",
        status="planned",
        team=team(cast.workspace),
        owner=cast.analyst,
        sla_due_at=datetime(2026, 1, 1, tzinfo=UTC),
        is_public=True,
    )
    declined = insight(
        cast.workspace, "Fax support", status="declined", decline_reason="=cmd|' /C calc'!A0"
    )
    insight(cast.other_workspace, "Theirs")
    rows = jsonl_rows(catalogue.INSIGHTS, cast.workspace)
    assert [row["id"] for row in rows] == [overdue.pk, declined.pk]
    row = rows[0]
    assert list(row) == list(INSIGHT_COLUMNS)
    assert (row["kind"], row["status"], row["team"], row["owner"]) == (
        "idea",
        "planned",
        "Product",
        "bob",
    )
    assert (row["posts_count"], row["people_count"], row["votes_count"]) == (3, 2, 2)
    assert (row["overdue"], row["is_public"], row["sla_due_at"]) == (
        True,
        True,
        "2026-01-01T00:00:00+00:00",
    )
    assert (rows[1]["posts_count"], rows[1]["overdue"], rows[1]["team"]) == (0, False, None)
    cells = csv_rows(catalogue.INSIGHTS, cast.workspace)
    assert cells[0]["people_count"] == "2"
    assert cells[1]["decline_reason"] == "'=cmd|' /C calc'!A0"


def test_participants_carry_handles_ladder_stage_and_posts(cast):
    ada = Participant.objects.create(
        workspace=cast.workspace,
        display_name="Ada",
        email="ada@example.com",
        customer_id="C-7",
        influence=42.5,
    )
    handle(ada, "social", "@ada")
    handle(ada, "email", "ada@example.com")
    step(ada, "purchase", "2026-02-01")
    step(ada, "curation", "2026-03-01")  # lower than purchase: she stays at purchase
    src = source(cast.workspace)
    post(src, "Later", "2026-03-05T08:00", author=ada)
    post(src, "First", "2026-01-05T08:00", author=ada)
    quiet = person(cast.workspace, "Quiet")
    old = person(cast.workspace, "Old Ada")
    step(old, "advocacy", "2026-01-01")
    merge_participants(ada, [old])  # Old Ada is folded into Ada, advocacy with her
    person(cast.other_workspace, "Theirs")
    rows = jsonl_rows(catalogue.PARTICIPANTS, cast.workspace)
    assert [row["display_name"] for row in rows] == ["Ada", "Quiet"]
    row = rows[0]
    assert list(row) == list(PARTICIPANT_COLUMNS)
    assert (row["email"], row["customer_id"], row["influence"]) == ("ada@example.com", "C-7", 42.5)
    assert row["channels"] == ["email", "social"]
    assert row["handles"] == ["email:ada@example.com", "social:@ada"]
    assert row["ladder_stage"] == "advocacy" == current_stage(ada)
    assert (row["posts_count"], row["first_post_at"]) == (2, "2026-01-05T08:00:00+00:00")
    assert (rows[1]["ladder_stage"], rows[1]["posts_count"], rows[1]["handles"]) == (None, 0, [])
    assert rows[1]["id"] == quiet.pk
    cells = csv_rows(catalogue.PARTICIPANTS, cast.workspace)
    assert cells[0]["handles"] == "email:ada@example.com; social:@ada"
    assert (cells[1]["ladder_stage"], cells[1]["first_post_at"]) == ("", "")


def test_the_ladder_stage_agrees_with_the_ladder_for_everyone(cast):
    people = [person(cast.workspace, f"P{n}") for n in range(len(STAGES) + 1)]
    for n, someone in enumerate(people[1:]):
        for stage in STAGES[: n + 1][::-1]:  # highest stage first
            step(someone, stage, "2026-02-01")
    found = highest_stages([p.pk for p in people])
    assert found == {p.pk: current_stage(p) for p in people[1:]}
    assert found[people[-1].pk] == "advocacy"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cast):
    src = source(cast.workspace)
    post(
        src, '=HYPERLINK("http://evil.example","click")', title="@SUM(A1:A9)", author_handle="+cmd"
    )
    post(src, "-2+3", title="\tTabbed", author_handle="normal - name")
    analysed(src, "Fine", sentiment="negative", sentiment_score=-0.5, urgency_reasons=["=1+1"])
    first, second, third = csv_rows(catalogue.POSTS, cast.workspace)
    assert first["text"] == '\'=HYPERLINK("http://evil.example","click")'
    assert (first["title"], first["author_handle"]) == ("'@SUM(A1:A9)", "'+cmd")
    assert (second["text"], second["title"]) == ("'-2+3", "'\tTabbed")
    assert second["author_handle"] == "normal - name"  # only the start of a cell matters
    assert third["sentiment_score"] == "-0.5"  # numbers are never prefixed
    assert third["urgency_reasons"] == "'=1+1"
    assert jsonl_rows(catalogue.POSTS, cast.workspace)[0]["text"].startswith("=HYPERLINK")


def test_posts_are_filtered_by_days_and_channel(cast):
    social, reviews = source(cast.workspace), source(cast.workspace, "Reviews", "review")
    post(social, "before", "2026-02-28T23:59")
    post(social, "first day", "2026-03-01T00:00")
    post(reviews, "a review", "2026-03-02T12:00")
    post(social, "last day", "2026-03-03T23:59")
    post(social, "after", "2026-03-04T00:00")

    def posts_for(**params):
        parsed = parse_export_filter(cast.workspace, catalogue.POSTS, params)
        assert parsed.errors == []
        return [row["text"] for row in jsonl_rows(catalogue.POSTS, cast.workspace, parsed.filter)]

    assert posts_for(since="2026-03-01", until="2026-03-03") == [
        "first day",
        "a review",
        "last day",
    ]
    assert posts_for(since="2026-03-01", channel="review") == ["a review"]
    assert posts_for(since="2026-03-03") == ["last day", "after"]
    assert posts_for(day="2026-03-01") == ["first day"]


def test_insights_and_participants_are_filtered_by_channel(cast):
    social, reviews = source(cast.workspace), source(cast.workspace, "Reviews", "review")
    heard = insight(cast.workspace, "From reviews", [post(reviews, "bad"), post(social, "bad")])
    insight(cast.workspace, "From social only", [post(social, "meh")])
    only_reviews = PostFilter(channels=("review",))
    assert [row["id"] for row in jsonl_rows(catalogue.INSIGHTS, cast.workspace, only_reviews)] == [
        heard.pk
    ]
    reviewer, tweeter = person(cast.workspace, "Rev"), person(cast.workspace, "Tweet")
    handle(reviewer, "review", "rev1")
    handle(reviewer, "review", "rev2")  # two handles there: still one row
    handle(tweeter, "social", "@t")
    rows = jsonl_rows(catalogue.PARTICIPANTS, cast.workspace, only_reviews)
    assert [row["id"] for row in rows] == [reviewer.pk]


def test_pages_cross_chunk_boundaries_without_losing_or_repeating_rows(cast):
    src = source(cast.workspace)
    for n in range(7):
        analysed(src, f"post {n}", kinds=[("idea", 0.5 + n / 100)])
    for chunk_size in (1, 3, 7, 100):
        rows = jsonl_rows(catalogue.POSTS, cast.workspace, chunk_size=chunk_size)
        assert [row["text"] for row in rows] == [f"post {n}" for n in range(7)], chunk_size
        assert all(row["kinds"] == ["idea"] for row in rows)
        assert len(csv_rows(catalogue.POSTS, cast.workspace, chunk_size=chunk_size)) == 7
    pages = list(streams.pages(catalogue.POSTS, cast.workspace, PostFilter(), chunk_size=3))
    assert [len(page) for page in pages] == [3, 3, 1]


def test_queries_grow_with_pages_not_rows(cast, django_assert_max_num_queries):
    src = source(cast.workspace)
    for n in range(10):
        someone = person(cast.workspace, f"P{n}")
        handle(someone, "social", f"@p{n}")
        step(someone, "creation", "2026-03-01")
        post(src, "hi", author=someone)
    # Two full pages of five: four queries each (people, stages, handles, posts), one more
    # to find the third page empty. One query per person would be 30 or more.
    with django_assert_max_num_queries(9):
        rows = jsonl_rows(catalogue.PARTICIPANTS, cast.workspace, chunk_size=5)
    assert len(rows) == 10
    assert {row["ladder_stage"] for row in rows} == {"creation"}


def many_posts(workspace, count):
    src = source(workspace)
    when = datetime(2026, 3, 1, tzinfo=UTC)
    text = "A fairly ordinary post about the hub and the app, long enough to be typical."
    posts = Post.objects.bulk_create(
        Post(
            workspace=workspace,
            source=src,
            channel="social",
            external_id=f"m{n}",
            author_handle=f"person{n}",
            text=text,
            created_at=when,
            analysed_at=when,
        )
        for n in range(count)
    )
    PostAnalysis.objects.bulk_create(
        PostAnalysis(
            post=made,
            workspace=workspace,
            created_at=when,
            channel=made.channel,
            sentiment="positive",
            sentiment_score=0.5,
            urgency_reasons=["a reason"],
            model_versions={"sentiment": "s1"},
            analysed_at=when,
        )
        for made in posts
    )


def peak_memory(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streaming_memory_stays_flat_while_a_list_of_all_rows_would_not(cast):
    rows = 20_000
    many_posts(cast.workspace, rows)
    filters = PostFilter()
    written = []

    def stream_all():
        for piece in streams.stream(
            catalogue.POSTS, cast.workspace, filters, catalogue.Format.CSV, chunk_size=500
        ):
            written.append(len(piece))  # the text itself is dropped, as a response does

    def keep_all():
        kept = [
            row for page in streams.pages(catalogue.POSTS, cast.workspace, filters) for row in page
        ]
        assert len(kept) == rows

    streaming, listing = peak_memory(stream_all), peak_memory(keep_all)
    assert len(written) == 1 + rows // 500  # the header and one piece per page
    # Holding every row costs tens of megabytes; streaming holds one page of 500.
    assert listing > 20_000_000
    assert streaming < 5_000_000
    assert streaming * 5 < listing
