"""The Reddit connector through PRAW against a local server playing both oauth.reddit.com
and www.reddit.com (fixtures written from Reddit's API documentation, named in
fixtures/reddit/SOURCE.txt)."""

import json
from base64 import b64encode
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from socialcycle.listening.connectors import connector_for, polling
from socialcycle.listening.connectors.connections import LiveSourceError, connect_source
from socialcycle.listening.connectors.reddit import RedditConnector
from socialcycle.listening.models import Post

FIXTURES = Path(__file__).parent / "fixtures" / "reddit"
TOKEN = "/api/v1/access_token"
NEW = "/r/lumio/new"
COMMENTS = "/r/lumio/comments"
SEARCH = "/r/lumio/search"
APP = {"client_id": "app-id-1", "client_secret": "app-secret-1"}
UNAUTHORIZED = {"WWW-Authenticate": 'Bearer realm="reddit", error="invalid_token"'}


@pytest.fixture
def reddit(platform):
    platform.answer(TOKEN, fixture=FIXTURES / "access_token.json")
    return platform


@pytest.fixture
def lumio(cast, reddit):
    return connect_source(
        cast.workspace,
        name="r/lumio",
        kind="reddit",
        settings={"follow": "subreddit", "subreddit": "r/lumio", "base_url": reddit.url},
        credentials=APP,
        by=cast.admin,
    )


def queries(platform, path):
    return [
        parse_qs(query)
        for asked, query in zip(platform.asked, platform.asked_queries, strict=True)
        if asked == path
    ]


def test_a_subreddit_is_followed_and_a_second_poll_stops_at_what_was_stored(lumio, reddit):
    reddit.answer(NEW, fixture=FIXTURES / "new_submissions.json")
    reddit.answer(COMMENTS, fixture=FIXTURES / "comments.json")
    result = polling.poll(lumio)
    assert result.ok
    assert result.created == 3
    ana = Post.objects.get(external_id="t3_1h2k9zc")
    assert ana.title == "The hub lost all my scenes after last night's update"
    assert ana.text.startswith("Woke up to an empty scene list on the Lumio hub.")
    assert (ana.author_handle, ana.likes, ana.shares, ana.channel) == (
        "u/ana_lights",
        42,
        0,
        "social",
    )
    assert ana.url == (
        "https://www.reddit.com/r/lumio/comments/1h2k9zc/the_hub_lost_all_my_scenes_after_last_nights/"
    )
    assert ana.created_at.isoformat() == "2024-12-02T12:00:00+00:00"
    link = Post.objects.get(external_id="t3_1h2k7ab")
    assert (link.text, link.likes) == ("Lumio 4.2 release notes", 0)  # a link post; score -3
    lumio.refresh_from_db()
    assert json.loads(lumio.cursor) == {
        "t1": {"newest": "t1_m0a3c4d"},
        "t3": {"newest": "t3_1h2k9zc"},
    }
    assert [q["limit"] for q in queries(reddit, NEW)] == [["100"]]

    reddit.forget()
    reddit.answer(TOKEN, fixture=FIXTURES / "access_token.json")
    reddit.answer(NEW, fixture=FIXTURES / "new_submissions_newer.json")
    reddit.answer(COMMENTS, fixture=FIXTURES / "comments.json")
    assert polling.poll(lumio).created == 1
    assert Post.objects.filter(external_id="t3_1h2kb01").exists()
    assert reddit.asked.count(NEW) == 1  # the first page met the newest stored
    lumio.refresh_from_db()
    assert json.loads(lumio.cursor)["t3"] == {"newest": "t3_1h2kb01"}
    assert lumio.last_error == ""


def test_comments_are_linked_to_their_submission(lumio, reddit):
    reddit.answer(NEW, fixture=FIXTURES / "new_submissions.json")
    reddit.answer(COMMENTS, fixture=FIXTURES / "comments.json")
    polling.poll(lumio)
    dee = Post.objects.get(external_id="t1_m0a2b3c")
    assert dee.text == "Same here. Rolling back to 4.1.9 brought mine back."
    assert dee.parent_external_id == "t3_1h2k9zc"
    assert dee.parent == Post.objects.get(external_id="t3_1h2k9zc")
    assert dee.author_handle == "u/dee_diy"
    assert dee.url.endswith(
        "/comments/1h2k9zc/the_hub_lost_all_my_scenes_after_last_nights/m0a2b3c/"
    )


def test_removed_posts_are_left_out_and_named(lumio, reddit):
    reddit.answer(NEW, fixture=FIXTURES / "new_submissions.json")
    reddit.answer(COMMENTS, fixture=FIXTURES / "comments.json")
    assert polling.poll(lumio).created == 3
    assert not Post.objects.filter(external_id__in=["t3_1h2k5aa", "t1_m0a3c4d"]).exists()
    lumio.refresh_from_db()
    assert lumio.last_error == (
        "The last poll left out 2 item(s): t3_1h2k5aa on Reddit was removed or deleted and "
        "its text is gone (and 1 more)."
    )


def test_the_backfill_pages_back_with_after_until_the_listing_ends(lumio, reddit):
    reddit.answer(NEW, fixture=FIXTURES / "new_page_1.json")
    reddit.answer(NEW, fixture=FIXTURES / "new_page_2.json")
    reddit.answer(COMMENTS, fixture=FIXTURES / "empty_listing.json")
    assert polling.poll(lumio).created == 3
    asked = queries(reddit, NEW)
    assert "after" not in asked[0]
    assert asked[1]["after"] == ["t3_1h2k7ab"]
    assert len(asked) == 2
    assert Post.objects.filter(external_id="t3_1h2k3bb").exists()


def test_a_walk_longer_than_the_page_bound_goes_on_at_the_next_poll(lumio, reddit, monkeypatch):
    monkeypatch.setattr("socialcycle.listening.connectors.reddit.PAGES_PER_STREAM", 1)
    reddit.answer(NEW, fixture=FIXTURES / "new_page_1.json")
    reddit.answer(NEW, fixture=FIXTURES / "new_page_2.json")
    reddit.answer(COMMENTS, fixture=FIXTURES / "empty_listing.json")
    assert polling.poll(lumio).created == 2
    lumio.refresh_from_db()
    assert lumio.next_poll_at <= lumio.last_polled_at  # more wait: polled again at once
    assert json.loads(lumio.cursor)["t3"] == {"after": "t3_1h2k7ab", "walk_newest": "t3_1h2k9zc"}

    assert polling.poll(lumio).created == 1
    assert queries(reddit, NEW)[-1]["after"] == ["t3_1h2k7ab"]
    lumio.refresh_from_db()
    assert json.loads(lumio.cursor)["t3"] == {"newest": "t3_1h2k9zc"}


def test_the_app_asks_for_an_application_only_token(lumio, reddit):
    reddit.answer(NEW, fixture=FIXTURES / "empty_listing.json")
    reddit.answer(COMMENTS, fixture=FIXTURES / "empty_listing.json")
    polling.poll(lumio)
    [asked] = [posted for posted in reddit.posted if posted.path == TOKEN]
    assert parse_qs(asked.body.decode()) == {"grant_type": ["client_credentials"]}
    assert asked.headers["Authorization"] == "Basic " + b64encode(b"app-id-1:app-secret-1").decode()
    assert reddit.asked.index(TOKEN) < reddit.asked.index(NEW)


def test_a_search_within_a_subreddit_is_followed(cast, reddit):
    live = connect_source(
        cast.workspace,
        name="lumio hub on Reddit",
        kind="reddit",
        settings={
            "follow": "search",
            "query": "lumio hub",
            "subreddit": "lumio",
            "base_url": reddit.url,
        },
        credentials=APP,
        by=cast.admin,
    )
    reddit.answer(SEARCH, fixture=FIXTURES / "search.json")
    assert polling.poll(live).created == 1
    [asked] = queries(reddit, SEARCH)
    assert asked["q"] == ["lumio hub"]
    assert asked["sort"] == ["new"]
    assert asked["restrict_sr"] == ["on"]


def test_settings_are_checked_when_connecting(cast, reddit):
    with pytest.raises(LiveSourceError, match="is not a subreddit's name") as raised:
        connect_source(
            cast.workspace,
            name="bad",
            kind="reddit",
            settings={"follow": "subreddit", "subreddit": "no such name!"},
            credentials=APP,
            by=cast.admin,
        )
    assert raised.value.field == "subreddit"
    with pytest.raises(LiveSourceError, match="client id and secret"):
        connect_source(
            cast.workspace,
            name="bad",
            kind="reddit",
            settings={"follow": "subreddit", "subreddit": "lumio"},
            by=cast.admin,
        )


def test_refused_credentials_ask_to_reconnect(lumio, reddit):
    reddit.forget()
    reddit.answer(TOKEN, status=401, json_body={"message": "Unauthorized", "error": 401})
    assert polling.poll(lumio).problem == (
        "Reddit refused the app's client id and secret (HTTP 401): check them, or reconnect "
        "the source."
    )


def test_a_revoked_token_asks_to_reconnect(lumio, reddit):
    reddit.answer(
        NEW, status=401, json_body={"message": "Unauthorized", "error": 401}, headers=UNAUTHORIZED
    )
    assert polling.poll(lumio).problem == (
        "Reddit refused the app's token (HTTP 401): check the app's client id and secret, "
        "then reconnect the source."
    )
    assert reddit.asked.count(NEW) == 3  # prawcore took a new token and asked twice more


def test_a_private_subreddit_is_said(lumio, reddit):
    reddit.answer(
        NEW, status=403, json_body={"reason": "private", "message": "Forbidden", "error": 403}
    )
    assert polling.poll(lumio).problem == (
        "Reddit refused to show r/lumio (HTTP 403): the subreddit is private."
    )


def test_a_subreddit_that_does_not_exist_names_the_setting(cast, reddit):
    live = connect_source(
        cast.workspace,
        name="r/lumiooo",
        kind="reddit",
        settings={"follow": "subreddit", "subreddit": "lumiooo", "base_url": reddit.url},
        credentials=APP,
        by=cast.admin,
    )
    reddit.answer("/r/lumiooo/new", status=404, json_body={"message": "Not Found", "error": 404})
    assert polling.poll(live).problem == "Reddit says r/lumiooo does not exist: check its name."


def test_a_rate_limit_waits_as_long_as_reddit_says(lumio, reddit):
    reddit.answer(
        NEW,
        status=429,
        json_body={"message": "Too Many Requests", "error": 429},
        headers={
            "X-Ratelimit-Used": "1000",
            "X-Ratelimit-Remaining": "0",
            "X-Ratelimit-Reset": "240",
        },
    )
    result = polling.poll(lumio)
    assert (
        result.problem == "Reddit limited our requests (HTTP 429); it asked us to wait 240 seconds."
    )
    lumio.refresh_from_db()
    assert (lumio.next_poll_at - lumio.last_polled_at).total_seconds() >= 240


def test_reddit_down_for_a_while_is_tried_again_later(lumio, reddit):
    reddit.answer(NEW, status=503, json_body={"message": "Service Unavailable", "error": 503})
    assert polling.poll(lumio).problem == "Reddit answered HTTP 503; we will try again later."
    assert reddit.asked.count(NEW) == 3  # prawcore's own two retries first

    reddit.forget()
    reddit.answer(TOKEN, fixture=FIXTURES / "access_token.json")
    reddit.answer(NEW, status=500, json_body={"message": "Internal Server Error", "error": 500})
    reddit.answer(NEW, fixture=FIXTURES / "new_submissions.json")
    reddit.answer(COMMENTS, fixture=FIXTURES / "comments.json")
    assert polling.poll(lumio).created == 3


def test_a_redirect_is_not_followed(lumio, reddit):
    reddit.answer(NEW, status=302, headers={"Location": "http://169.254.169.254/latest"})
    assert polling.poll(lumio).problem == (
        "Reddit sent us elsewhere (HTTP 302 to http://169.254.169.254/latest); the address "
        "was not followed."
    )
    assert reddit.asked.count(NEW) == 1
    assert "/latest" not in reddit.asked


def test_a_redirected_token_request_is_not_followed(lumio, reddit):
    reddit.forget()
    reddit.answer(TOKEN, status=307, headers={"Location": "http://169.254.169.254/latest"})
    assert polling.poll(lumio).problem == (
        "Reddit sent us elsewhere (HTTP 307 to http://169.254.169.254/latest); the address "
        "was not followed."
    )
    assert "/latest" not in reddit.asked


def test_the_test_address_is_honoured_only_where_private_addresses_are_allowed(lumio, settings):
    settings.CONNECTORS_ALLOW_PRIVATE_ADDRESSES = False
    connector = connector_for(lumio)
    assert isinstance(connector, RedditConnector)
    assert (connector.oauth_url, connector.www_url) == (
        "https://oauth.reddit.com",
        "https://www.reddit.com",
    )
