"""The whole pipeline: batch-first, bounded, explained, and never failing on bad text."""

import numpy as np
import pytest

from socialcycle.analysis import AnalysisContext
from socialcycle.analysis.explain import sentiment_evidence
from socialcycle.analysis.features import NgramCounts
from socialcycle.analysis.types import NamedThing

CONTEXT = AnalysisContext(
    products=(NamedThing("Lumio Hub", ("the hub", "LumioHub")),),
    brands=(NamedThing("Lumio"),),
    competitors=(NamedThing("HomeArc", ("Home Arc",)),),
)

TEXTS = [
    "I love the hub, it works great and setup was so easy. Best purchase this year!",
    "The hub is down again and support never answers. Worst service ever.",
    "It would be great if the app let us schedule scenes by sunrise time",
    "Thinking of switching to Home Arc, their app is much faster than Lumio's",
    "How do I reset the hub to factory settings?",
]


def test_one_result_per_text_in_order(pipeline):
    results = pipeline.analyze(TEXTS, CONTEXT)
    assert len(results) == len(TEXTS)
    assert [r.sentiment for r in results[:2]] == ["positive", "negative"]
    assert results[0].sentiment_score > 0.5 > -0.5 > results[1].sentiment_score


def test_a_batch_of_one_equals_the_same_text_in_a_batch(pipeline):
    together = pipeline.analyze(TEXTS, CONTEXT)
    alone = [pipeline.analyze([text], CONTEXT)[0] for text in TEXTS]
    for a, b in zip(together, alone, strict=True):
        assert (a.sentiment, a.primary_kind, a.entities) == (
            b.sentiment,
            b.primary_kind,
            b.entities,
        )
        assert a.sentiment_score == pytest.approx(b.sentiment_score, abs=0.02)


def test_kinds_come_from_the_few_shot_head(pipeline):
    idea, _, _, rival, question = pipeline.analyze(
        [TEXTS[2], TEXTS[1], TEXTS[0], TEXTS[3], TEXTS[4]], CONTEXT
    )
    assert idea.primary_kind == "idea"
    assert rival.primary_kind == "competitive"
    assert question.primary_kind == "question"
    assert all(0 <= p <= 1 for p in idea.kinds.values())


def test_named_things_are_found_by_alias(pipeline):
    (result,) = pipeline.analyze(["Switching from the hub to Home Arc #fail @lumio"], CONTEXT)
    assert [(e.kind, e.name) for e in result.entities] == [
        ("product", "Lumio Hub"),
        ("competitor", "HomeArc"),
        ("hashtag", "fail"),
        ("mention", "lumio"),
    ]


def test_urgency_gives_its_reasons(pipeline):
    (result,) = pipeline.analyze(
        ["The hub is down and smoke came out of it. My lawyer will hear about this."],
        audiences=[50_000],
    )
    assert set(result.urgency_reasons) == {
        "outage",
        "safety",
        "legal_threat",
        "high_influence_author",
    }
    assert result.urgency == 1.0


def test_offensive_language_is_flagged(pipeline):
    calm, rude = pipeline.analyze(
        ["Thanks for the quick fix, much appreciated", "you are fucking idiots, total shit"]
    )
    assert not calm.is_abusive
    assert calm.toxicity < 0.3
    assert rude.is_abusive


def test_every_analysis_names_its_model_versions(pipeline):
    (result,) = pipeline.analyze(["Nice update"])
    assert set(result.model_versions) == {
        "pipeline",
        "encoder",
        "sentiment",
        "emotion",
        "offensive",
        "kinds",
    }


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty text"),
        ("   \n\t ", "empty text"),
        ("https://example.com/a/b?c=d", "no words to read"),
        ("@lumio #fail", "no words to read"),
        ("\x00\x01\x02", "empty text"),
        (
            "Dit apparaat werkt helemaal niet meer sinds de laatste update, heel vervelend.",
            "language 'nl' is not one the models read",
        ),
    ],
)
def test_texts_the_models_cannot_read_say_why_and_get_no_guess(pipeline, text, reason):
    (result,) = pipeline.analyze([text])
    assert result.not_analysed.startswith(reason)
    assert result.sentiment == ""
    assert result.kinds == {}
    assert result.primary_kind == ""


def test_bad_texts_do_not_spoil_the_good_ones_beside_them(pipeline):
    texts = ["", "I love this app so much, it is perfect", "😡😡", "x" * 100_000, "bad\x00 app"]
    results = pipeline.analyze(texts)
    assert [r.sentiment for r in results[:3]] == ["", "positive", "negative"]
    assert results[2].not_analysed == ""  # emoji alone still say something
    assert results[3].not_analysed == "" or results[3].sentiment == ""
    assert results[4].not_analysed == ""


def test_mixed_scripts_and_long_texts_stay_in_range(pipeline):
    texts = [
        "The app is great 但是 the hub 壊れた again ошибка",
        "terrible " * 20_000,
        "great " * 20_000,
        "🙂" * 5000,
    ]
    for result in pipeline.analyze(texts):
        assert -1 <= result.sentiment_score <= 1
        assert 0 <= result.urgency <= 1
        assert 0 <= result.toxicity <= 1


def test_the_words_behind_a_sentiment_can_be_shown(pipeline):
    evidence = sentiment_evidence(
        "I love the hub but the app keeps crashing, so frustrating",
        pipeline.sentiment.features,
        pipeline.sentiment.head,
    )
    weights = {item.term: item.weight for item in evidence}
    assert weights["love"] > 0
    assert weights["frustrating"] < 0
    assert "," not in weights


def test_the_words_shown_are_the_decisions_own_and_never_stop_words(pipeline):
    text = "I was charged twice by the app and nobody answers, I want a refund"
    features, head = pipeline.sentiment.features, pipeline.sentiment.head

    every = sentiment_evidence(text, features, head, top=50)
    against = sentiment_evidence(text, features, head, towards="negative")

    assert every, "the text has words the head weighs"
    assert not {"by", "the", "i", "and", "by the", "a"} & {item.term for item in every}
    assert against
    assert all(item.weight < 0 for item in against)


def test_heads_reading_the_shared_counts_read_what_they_would_hash_alone(pipeline):
    texts = [*TEXTS, "you are fucking idiots 😡😡", "ΟΔΟΣ ΣΟΦΙΑΣ Straße", "ok " * 300]
    embeddings = pipeline.encoder.encode(texts)
    counts = NgramCounts(texts, pipeline._hash_bits())
    for head in (pipeline.sentiment, pipeline.emotion, pipeline.offensive):
        assert np.array_equal(head.proba(texts, embeddings, counts), head.proba(texts, embeddings))
    kinds = pipeline.kinds.embeddings(pipeline.encoder, texts, embeddings)
    assert pipeline.kinds.predict_with_uncertainty(
        texts, kinds, counts
    ) == pipeline.kinds.predict_with_uncertainty(texts, kinds)
