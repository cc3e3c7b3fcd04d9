"""A group of posts named by the sentence that says most of what it says, from the post
that says most of it."""

from socialcycle.analysis.headlines import headline, most_representative, name_group


def test_the_post_that_shares_most_words_with_the_group_is_chosen():
    texts = [
        "lol",
        "Please add a dark mode, my eyes hurt at night",
        "Dark mode please! The white screen at night hurts my eyes",
        "I bought a new lamp yesterday and the box was huge, anyway the app needs a dark mode",
        "Any plans for a dark mode? Night use is painful",
    ]

    # One of the two posts about nothing but dark mode at night; not the one that wanders,
    # not the one with nothing in it.
    assert most_representative(texts) in (1, 2)


def test_a_headline_is_the_first_sentence_cut_at_a_word():
    assert headline("Dark mode please! The white screen hurts.") == "Dark mode please!"
    assert headline("@lumio https://x.co/a Dark mode please") == "Dark mode please"
    long = "The hub keeps dropping every device after the update " * 3
    cut = headline(long, limit=40)
    assert cut.endswith("…")
    assert len(cut) <= 40
    assert not cut[:-1].endswith(" ")


def test_nothing_to_choose_from():
    assert most_representative([]) == 0
    assert headline("") == ""


def test_a_group_is_named_by_the_sentence_that_says_what_it_is_about():
    texts = [
        "Bordeaux to Gatwick. My bag was lost and nobody at the desk could find the bag.",
        "Lost bag again, the desk said the bag was never loaded.",
        "The bag was lost for four days and the desk never called back.",
    ]

    named = name_group(texts)

    assert "bag" in named.lower()
    assert named != "Bordeaux to Gatwick."


def test_a_group_whose_sentences_share_nothing_is_named_by_the_first_sentence():
    assert name_group(["Hello there. Something else entirely."]) == "Hello there."
    assert name_group([]) == ""
    assert name_group(["@lumio https://x.co/a"]) == ""
