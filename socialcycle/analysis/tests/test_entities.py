"""Named things by Aho-Corasick: whole words only, the longest name wins, offsets exact."""

from socialcycle.analysis.entities import find_entities
from socialcycle.analysis.types import AnalysisContext, NamedThing

CONTEXT = AnalysisContext(
    products=(NamedThing("Lumio Hub", ("the hub",)), NamedThing("Lumio App")),
    brands=(NamedThing("Lumio"),),
)


def names(text):
    (found,) = find_entities([text], CONTEXT)
    return [(e.kind, e.name, text[e.start : e.end]) for e in found]


def test_the_longest_name_wins_where_names_overlap():
    assert names("My LUMIO HUB and the Lumio app") == [
        ("product", "Lumio Hub", "LUMIO HUB"),
        ("product", "Lumio App", "Lumio app"),
    ]


def test_only_whole_words_match():
    assert names("lumiohub, illumio and #lumio") == [("hashtag", "lumio", "#lumio")]


def test_offsets_stay_exact_after_letters_that_change_length_when_lowered():
    assert names("İİİ lumio") == [("brand", "Lumio", "lumio")]


def test_links_lose_trailing_punctuation_and_names_inside_them_are_not_matched():
    assert names("see https://lumio.example/help).") == [
        ("url", "https://lumio.example/help", "https://lumio.example/help"),
    ]


def test_without_tracked_names_only_tags_and_links_are_found():
    (found,) = find_entities(["@sam loves #lumio"], AnalysisContext())
    assert [(e.kind, e.name) for e in found] == [("mention", "sam"), ("hashtag", "lumio")]


def found_in(text, *things):
    (found,) = find_entities([text], AnalysisContext(products=things))
    return [(e.name, text[e.start : e.end]) for e in found]


def test_a_case_sensitive_name_matches_only_as_written():
    app = NamedThing("Lumio App", ("App",), case_sensitive=True)
    assert found_in("the app crashed again", app) == []
    assert found_in("the APP crashed", app) == []
    assert found_in("Updated the App today", app) == [("Lumio App", "App")]
    assert found_in("lumio app and Lumio App", app) == [("Lumio App", "Lumio App")]


def test_a_case_sensitive_name_still_matches_whole_words_only():
    app = NamedThing("Lumio App", ("App",), case_sensitive=True)
    assert found_in("Apps and AppStore", app) == []


def test_an_ordinary_name_sharing_a_spelling_still_matches_any_case():
    strict = NamedThing("Pay", ("PAY",), case_sensitive=True)
    loose = NamedThing("Paywall", ("pay",))
    assert found_in("PAY now or pay later", strict, loose) == [
        ("Pay", "PAY"),
        ("Paywall", "pay"),
    ]
