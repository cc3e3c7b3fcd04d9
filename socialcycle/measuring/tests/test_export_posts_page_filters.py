"""Export what the Posts page shows: its filters, by the same names and read the same way,
narrow the posts export on the exports page, the download and the API; a filter that
cannot be read is an error there too, never dropped."""

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.urls import reverse

from socialcycle.accounts.services import track_name
from socialcycle.accounts.tokens import create_api_token
from socialcycle.testing.factories import make_source
from socialcycle.testing.posts import stored_post

DAY = datetime(2026, 3, 10, 12, tzinfo=UTC)
EXPORT_LINK = re.compile(r'<a href="([^"]*)" id="export-these-posts">Export these posts</a>')

# Posts page parameters and the posts they show (checked on the page itself first).
CASES = [
    ({"sentiment": "negative"}, {"battery dies fast", "hub will not pair"}),
    ({"kind": "idea"}, {"add dark mode"}),
    ({"product": "lumio hub"}, {"battery dies fast", "add dark mode", "hub will not pair"}),
    ({"q": "battery"}, {"battery dies fast", "battery lasts ages"}),
    (
        {"sentiment": ["negative", "positive"], "channel": "social"},
        {"battery dies fast", "battery lasts ages"},
    ),
    (
        {"sentiment": "negative", "kind": "complaint", "product": "Lumio Hub", "q": "pair"},
        {"hub will not pair"},
    ),
]


@pytest.fixture
def heard(cast):
    workspace = cast.workspace
    track_name(workspace, kind="product", name="Lumio Hub")
    social = make_source(workspace, "Chirper", "social")
    email = make_source(workspace, "Mail", "email")
    hub = ("Lumio Hub",)
    stored_post(
        social,
        "battery dies fast",
        when=DAY,
        sentiment="negative",
        kinds=("complaint",),
        products=hub,
    )
    stored_post(social, "battery lasts ages", when=DAY, sentiment="positive", kinds=("praise",))
    stored_post(email, "add dark mode", when=DAY, kinds=("question", "idea"), products=hub)
    stored_post(
        email,
        "hub will not pair",
        when=DAY,
        sentiment="negative",
        kinds=("complaint",),
        products=hub,
    )
    stored_post(social, "hello there", when=DAY - timedelta(days=1))
    stored_post(make_source(cast.other_workspace), "battery dies fast", sentiment="negative")
    return cast


def posts_page(client, workspace, params):
    response = client.get(reverse("understanding:posts", args=[workspace.slug]), params)
    assert response.status_code == 200
    return response


def shown(response):
    return {post.text for post, _ in response.context["rows"]}


def jsonl_texts(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return [json.loads(line)["text"] for line in text.splitlines()]


def exports_page(workspace):
    return reverse("measuring:exports", args=[workspace.slug])


def api_url(workspace, what="posts"):
    return f"/api/v1/workspaces/{workspace.slug}/exports/{what}"


def api_get(client, secret, address, params):
    return client.get(address, params, HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize(("params", "expected"), CASES)
def test_export_these_posts_downloads_the_posts_the_page_shows(client, heard, params, expected):
    client.force_login(heard.viewer)
    page = posts_page(client, heard.workspace, params)
    assert shown(page) == expected
    found = EXPORT_LINK.search(page.content.decode())
    assert found is not None
    link = unescape(found.group(1))
    assert link.startswith(exports_page(heard.workspace) + "?")
    arrived = client.get(link)
    assert arrived.status_code == 200  # the filters are shown to choose a format first
    chosen = client.get(link + "&what=posts&format=jsonl")  # the form sent as it stands
    assert chosen.status_code == 302
    assert sorted(jsonl_texts(client.get(chosen.url))) == sorted(expected)


@pytest.mark.parametrize(("params", "expected"), CASES)
def test_the_api_exports_the_posts_the_page_shows_for_the_same_parameters(
    client, heard, params, expected
):
    client.force_login(heard.viewer)
    assert shown(posts_page(client, heard.workspace, params)) == expected
    secret = create_api_token(heard.workspace, heard.viewer, name="export", scopes=("read",))[1]
    texts, cursor = [], None
    while True:  # one row a page: every page keeps the filters
        page = api_get(
            client,
            secret,
            api_url(heard.workspace),
            {**params, "limit": 1, **({"cursor": cursor} if cursor else {})},
        )
        assert page.status_code == 200, page.content
        texts += [item["text"] for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert sorted(texts) == sorted(expected)


def test_the_exports_page_shows_the_filters_it_was_brought_and_passes_them_on(client, heard):
    client.force_login(heard.viewer)
    params = {"sentiment": ["negative", "positive"], "product": "Lumio Hub", "q": "battery"}
    html = client.get(exports_page(heard.workspace), params).content.decode()
    assert '<option value="negative" selected>' in html
    assert '<option value="Lumio Hub" selected>' in html
    assert 'name="q" value="battery"' in html
    assert 'value="posts" required id="id_what_0" checked' in html
    sent = client.get(exports_page(heard.workspace), {**params, "what": "posts", "format": "csv"})
    assert sent.status_code == 302
    download = reverse("measuring:export_download", args=[heard.workspace.slug, "posts", "csv"])
    assert sent.url == (
        f"{download}?sentiment=negative&sentiment=positive&product=Lumio+Hub&q=battery"
    )
    rows = csv.DictReader(io.StringIO(b"".join(client.get(sent.url).streaming_content).decode()))
    assert [row["text"] for row in rows] == ["battery dies fast"]  # the one naming the hub


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"sentiment": "furious"}, "sentiment: “furious” is not a sentiment; choose one of"),
        ({"product": "Toaster"}, "product: “Toaster” is not a tracked product (Lumio Hub)"),
        ({"kind": "idea", "what": "insights"}, "kind: “idea” narrows posts only"),
        ({"has_reply": "maybe", "format": "jsonl"}, "has_reply: “maybe” is not yes or no"),
    ],
)
def test_a_filter_that_cannot_be_used_is_a_form_error_on_the_page(client, heard, params, said):
    client.force_login(heard.viewer)
    arrived = client.get(exports_page(heard.workspace), params)  # as a link brings them
    sent = client.get(exports_page(heard.workspace), {"what": "posts", **params})
    for response in (arrived, sent):
        assert response.status_code == 400  # not a download of every post
        assert said in unescape(response.content.decode())
        assert said in " ".join(response.context["form"].non_field_errors())


def test_a_filter_that_cannot_be_used_is_refused_by_the_download(client, heard):
    client.force_login(heard.analyst)
    posts = reverse("measuring:export_download", args=[heard.workspace.slug, "posts", "csv"])
    response = client.get(posts, {"sentiment": "furious", "topic": "12x"})
    assert response.status_code == 400
    assert response.content.decode().startswith(
        "Cannot export: sentiment: “furious” is not a sentiment"
    )
    assert "topic: “12x” is not a topic of this workspace" in response.content.decode()
    people = reverse(
        "measuring:export_download", args=[heard.workspace.slug, "participants", "jsonl"]
    )
    response = client.get(people, {"q": "battery", "channel": "social"})
    assert response.status_code == 400
    assert "q: “battery” narrows posts only; participants take since, until, day, channel" in (
        response.content.decode()
    )


def test_the_api_names_the_parameter_it_cannot_use(client, heard):
    secret = create_api_token(heard.workspace, heard.analyst, name="export", scopes=("read",))[1]
    response = api_get(client, secret, api_url(heard.workspace), {"kind": "bug"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("kind: “bug” is not a kind of feedback")
    response = api_get(client, secret, api_url(heard.workspace), {"author": ["ana", "sam"]})
    assert response.status_code == 400
    assert response.json()["detail"] == "author: “ana, sam” is more than one value"
    for what in ("insights", "participants"):
        response = api_get(
            client, secret, api_url(heard.workspace, what), {"sentiment": "negative"}
        )
        assert response.status_code == 400
        assert response.json()["detail"].startswith(
            f"sentiment: “negative” narrows posts only; {what} take"
        )
