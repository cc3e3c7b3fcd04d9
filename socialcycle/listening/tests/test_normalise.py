"""Text is repaired and tidied on the way in; what it points to is kept."""

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from socialcycle.listening.models import Post
from socialcycle.listening.normalise import (
    canonical_form,
    clean_text,
    normalise_texts,
    tidy_whitespace,
)
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source


def test_mojibake_and_whitespace_are_repaired_but_emoji_kept():
    assert clean_text("The Ã©lan   of\tthe cafÃ© 😍  \r\n\r\n\r\n\r\nbye ") == (
        "The élan of the café 😍\n\nbye"
    )


def test_links_mentions_and_hashtags_are_extracted():
    (result,) = normalise_texts(
        ["Hey @LumioSupport, see https://status.lumio.example/x. #outage #outage @kim"]
    )
    assert result.urls == ("https://status.lumio.example/x",)
    assert result.mentions == ("LumioSupport", "kim")
    assert result.hashtags == ("outage",)


def test_language_is_detected_when_there_is_enough_text():
    results = normalise_texts(
        [
            "Der Hub ist sehr gut und die App funktioniert auch",
            "El hub es muy bueno pero la aplicación no funciona",
            "ok",
        ]
    )
    assert [r.language for r in results] == ["de", "es", ""]


def test_copies_share_a_canonical_form():
    original = "The hub is DOWN again!! https://a.example/1"
    retweet = "RT @sam: the hub is down again https://b.example/2 @kim"
    assert canonical_form(original) == canonical_form(retweet) == "the hub is down again"


def test_recorded_posts_carry_the_clean_text_and_references(cast):
    source = make_source(cast.workspace)
    record_posts(source, [incoming("1", "  Lumio  Hub   rocks #smarthome @kim  ")])
    post = Post.objects.get(external_id="1")
    assert post.text == "Lumio Hub rocks #smarthome @kim"
    assert post.references == {"urls": [], "mentions": ["kim"], "hashtags": ["smarthome"]}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=80))
def test_skipping_ftfy_on_plain_ascii_changes_nothing(text):
    # clean_text skips ftfy when the text is ASCII without entities or control characters;
    # the result must be exactly what running ftfy would have given.
    assert clean_text(text) == tidy_whitespace(ftfy.fix_text(text, normalization="NFC"))


def test_entities_and_control_characters_still_go_through_ftfy():
    assert clean_text("Fish &amp; chips\x07") == "Fish & chips"
