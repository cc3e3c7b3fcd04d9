"""The phrase cues of the feedback kinds: each fires on the ways real posts say it, and
only there (a cue is a feature the head weighs, so a wrong cue costs accuracy)."""

import numpy as np
import pytest

from socialcycle.analysis.kind_cues import CUE_NAMES, cue_features


def fired(text: str) -> set[str]:
    row = cue_features([text])[0]
    return {name for name, value in zip(CUE_NAMES, row, strict=False) if value > 0}


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("@brand can I change my delivery address?", "question mark"),
        ("How do I export my contacts to a new phone?", "asks"),
        ("Please add a dark mode, the white screen hurts at night", "requests a feature"),
        ("It keeps crashing since the latest update", "reports a fault"),
        ("The charger started to smoke and burn the carpet", "reports a risk"),
        ("Highly recommended to anyone with elderly parents", "recommends"),
        ("Been using Textra since 2017 and still love it", "long use"),
        ("The crew went above and beyond when my son fell ill", "tells a story"),
        ("Alexa is not available in my country, sadly", "asks for a region"),
        ("Please add Persian, I want to learn Persian", "asks for a language"),
        ("Make sure you book row 12 on the A380, extra legroom", "advises"),
        ("Workaround: go to settings and turn off battery saver", "gives a workaround"),
        ("The CAA will hear about this", "names a regulator"),
        ("Under EU law you owe me compensation", "names a law"),
        ("I switched to another airline after this", "switches"),
        ("Their rival is cheaper than this and better than ever", "compares"),
    ],
)
def test_each_cue_fires_on_how_a_real_post_says_it(text, cue):
    assert cue in fired(text)


def test_a_regulator_is_named_in_capitals_only():
    # "dot" and "caa" in lower case are ordinary words or typos, not the DOT and the CAA.
    assert "names a regulator" not in fired("connect the dot and the caa... whatever")
    assert "names a regulator" in fired("I have complained to the DOT")


def test_plain_text_fires_nothing_but_its_length():
    row = cue_features(["the parcel came on tuesday"])[0]
    assert not row[: len(CUE_NAMES)].any()
    assert row[-1] > 0  # the length column


def test_counts_are_log_scaled_and_one_row_per_text():
    features = cue_features(["why? why? why?", "", "ok"])
    assert features.shape == (3, len(CUE_NAMES) + 1)
    assert features.dtype == np.float32
    assert features[0, CUE_NAMES.index("question mark")] == pytest.approx(np.log1p(3))
    assert features[1].sum() == 0


def test_a_question_mark_outside_links_asks_a_question_and_a_testimonial_is_praise():
    from socialcycle.analysis.kinds import apply_rules, apply_rules_to_matrix, asks_a_question
    from socialcycle.analysis.kinds_data import KIND_CODES

    texts = [
        "@brand can I change my address?",
        "see https://example.com/help?page=2 for the manual",
        "no question here",
    ]
    assert asks_a_question(texts).tolist() == [True, False, False]
    found = apply_rules(
        texts,
        [{}, {"testimonial": 0.8}, {"praise": 0.9, "testimonial": 0.7}],
        np.array([0.2, 0.9, 0.1]),
    )
    # The head's chance of a question is kept; a testimonial without praise is dropped.
    assert found == [{"question": 0.2}, {}, {"praise": 0.9, "testimonial": 0.7}]
    said = np.zeros((3, len(KIND_CODES)), dtype=bool)
    said[1, KIND_CODES.index("testimonial")] = True
    ruled = apply_rules_to_matrix(texts, said, KIND_CODES)
    assert ruled[:, KIND_CODES.index("question")].tolist() == [True, False, False]
    assert not ruled[:, KIND_CODES.index("testimonial")].any()
