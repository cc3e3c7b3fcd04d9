"""The baseline pipeline: batch-first, bounded scores, named things, reasons for urgency."""

import pytest

from socialcycle.analysis import AnalysisContext, analyze
from socialcycle.analysis.types import NamedThing

CONTEXT = AnalysisContext(
    products=(NamedThing("Lumio Hub", ("the hub", "LumioHub")),),
    competitors=(NamedThing("HomeArc", ("Home Arc",)),),
)

TEXTS = [
    "I love the hub, it works great and setup was easy",
    "The hub is down again. Not responding since this morning!!!",
    "Please add sunrise scenes, it would be great",
    "Thinking of switching to Home Arc, I want a refund",
    "Does it support Thread?",
]


def test_one_result_per_text_in_order():
    results = analyze(TEXTS, CONTEXT)
    assert len(results) == len(TEXTS)
    assert [r.sentiment for r in results][:2] == ["positive", "negative"]


def test_a_batch_of_one_equals_the_same_text_in_a_batch():
    together = analyze(TEXTS, CONTEXT)
    alone = [analyze([text], CONTEXT)[0] for text in TEXTS]
    assert together == alone


def test_scores_stay_in_range():
    for result in analyze([*TEXTS, "", "!!!!", "bad " * 500, "good " * 500], CONTEXT):
        assert -1 <= result.sentiment_score <= 1
        assert 0 <= result.urgency <= 1
        assert 0 <= result.toxicity <= 1


def test_negation_flips_sentiment():
    (result,) = analyze(["this is not good"])
    assert result.sentiment == "negative"


def test_products_and_competitors_are_found_by_alias():
    result = analyze(["Switching from the hub to Home Arc"], CONTEXT)[0]
    assert [(e.kind, e.name) for e in result.entities] == [
        ("product", "Lumio Hub"),
        ("competitor", "HomeArc"),
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Please add sunrise scenes, it would be great", "idea"),
        ("The hub is down, is anyone else seeing this outage?", "early_warning"),
        ("How do I reset the hub?", "question"),
        ("Switched to HomeArc, cheaper than Lumio", "competitive"),
        ("The new privacy law should cover smart speakers", "public_policy"),
    ],
)
def test_feedback_kinds_from_cues(text, kind):
    (result,) = analyze([text], CONTEXT)
    assert kind in result.kinds


def test_urgency_gives_its_reasons():
    (result,) = analyze(["The hub is down and smoke came out. I will sue you."])
    assert set(result.urgency_reasons) == {"outage", "safety", "legal_threat"}
    assert result.urgency >= 0.9


def test_abuse_is_flagged():
    calm, rude = analyze(["Thanks for the quick fix", "you are idiots, total crap"])
    assert not calm.is_abusive
    assert rude.is_abusive


def test_language_guess():
    results = analyze(
        ["El hub es muy bueno pero la app no", "Der Hub ist sehr gut und die App auch"]
    )
    assert [r.language for r in results] == ["es", "de"]


def test_every_result_names_its_model_versions():
    (result,) = analyze(["ok"])
    assert set(result.model_versions) == {"pipeline", "sentiment", "kinds"}
