"""A group of posts named by the first sentence of the post that says most of what it says."""

from socialcycle.analysis.headlines import headline, most_representative


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
