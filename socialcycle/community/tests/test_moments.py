"""Times as people say them, with the exact time on hover; what is not a time is shown as is."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.templatetags.moments import moment
from socialcycle.accounts.tokens import create_api_token
from socialcycle.community.qa import ask_question
from socialcycle.testing.members import make_member


def test_a_past_time_says_how_long_ago_with_the_exact_time_in_its_title():
    when = timezone.now() - timedelta(hours=3, minutes=20)

    shown = moment(when)

    assert ">3\xa0hours ago</time>" in shown
    assert f'datetime="{when.isoformat()}"' in shown
    assert f'title="{timezone.localtime(when):%Y-%m-%d %H:%M}' in shown


def test_a_moment_ago_and_a_time_ahead():
    assert ">just now<" in moment(timezone.now())
    assert ">in 2\xa0days<" in moment(timezone.now() + timedelta(days=2, hours=1))


def test_a_time_stored_as_text_is_read_and_anything_else_is_shown_as_it_is():
    stored = (timezone.now() - timedelta(minutes=5)).isoformat()

    assert ">5\xa0minutes ago<" in moment(stored)
    assert moment("not a time") == "not a time"
    assert moment(None) == "never"
    assert moment("", "not yet") == "not yet"


def test_text_that_is_not_a_time_is_escaped_by_the_page_not_trusted():
    shown = moment("<script>")
    assert shown == "<script>"  # a plain str: the template escapes it like any value
    assert not hasattr(shown, "__html__")


def test_staff_and_community_pages_say_when_things_happened_as_moments(client, cast):
    create_api_token(cast.workspace, cast.admin, name="Shop sync", scopes=["read"])  # audited
    asked = ask_question(make_member(cast.workspace, "dana"), "Pairing?", "How do I pair it?")
    client.force_login(cast.admin)
    pages = [
        reverse("workspace:tokens", args=[cast.workspace.slug]),
        reverse("workspace:audit", args=[cast.workspace.slug]),
        reverse("community:questions", args=[cast.workspace.slug]),
        reverse("community:question", args=[cast.workspace.slug, asked.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert '<time datetime="' in html, url
        assert ">just now</time>" in html, url
