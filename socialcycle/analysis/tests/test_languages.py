"""Sentiment in the seven languages beside English; the rest still "not analysed"."""

import pytest

from socialcycle.analysis.heads import LinearHead
from socialcycle.analysis.language import detect_language, looks_like_romanized_hindi
from socialcycle.analysis.registry import load_bundle, packaged_folder
from socialcycle.analysis.sentiment_languages import LANGUAGES

SENTIMENT_ONLY = "read for sentiment only"


@pytest.mark.parametrize(
    ("text", "language", "sentiment"),
    [
        ("Quelle horreur, ce produit est vraiment nul et cher", "fr", "negative"),
        ("Merci beaucoup, super application, j'adore !", "fr", "positive"),
        ("Qué asco, el peor producto que he comprado", "es", "negative"),
        (
            "Das Gerät funktioniert seit dem letzten Update überhaupt nicht mehr, sehr ärgerlich.",
            "de",
            "negative",
        ),
        ("Wirklich super, ich liebe diese App", "de", "positive"),
        ("هذا التطبيق رائع جدا وأنا سعيد به كثيرا", "ar", "positive"),
        ("Adoro questa app, funziona benissimo!", "it", "positive"),
        ("Esse aplicativo é horrível, perdi todos os meus dados.", "pt", "negative"),
    ],
)
def test_a_post_in_another_language_gets_its_sentiment_from_its_own_head(
    pipeline, text, language, sentiment
):
    (result,) = pipeline.analyze([text])
    assert result.language == language
    assert result.sentiment == sentiment
    assert result.model_versions["sentiment"] == f"sentiment_{language}-base-1"
    assert (result.sentiment_score > 0) == (sentiment == "positive")


def test_hindi_typed_in_latin_letters_is_read_by_the_hindi_head(pipeline):
    (result,) = pipeline.analyze(["yaar kya bakwas phone hai, bilkul bekar"])
    assert result.language == "hi"
    assert result.sentiment in {"negative", "neutral", "positive"}
    assert result.model_versions["sentiment"] == "sentiment_hi-base-1"
    assert result.not_analysed.startswith(SENTIMENT_ONLY)


def test_what_a_language_head_does_not_read_is_marked_and_not_guessed(pipeline):
    (result,) = pipeline.analyze(["Muy mal servicio, estoy harto, es una vergüenza"])
    assert result.sentiment != ""
    assert result.not_analysed == (
        "read for sentiment only, by the Spanish model: feedback kinds, emotion, topic and "
        "offensive language are read in English only"
    )
    assert result.kinds == {}
    assert result.primary_kind == ""
    assert result.emotion == ""
    assert result.topic is None
    assert result.toxicity == 0.0
    assert "kinds" not in result.model_versions


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Dit apparaat werkt helemaal niet meer sinds de laatste update, heel vervelend.",
            "language 'nl' is not one the models read (English, Arabic, French, German, Hindi, "
            "Italian, Portuguese, Spanish)",
        ),
        (
            "यह फ़ोन बहुत अच्छा है, मुझे बहुत पसंद आया और मैं सबको बताऊँगा",
            "language 'hi' in its own script is not one the models read",
        ),
    ],
)
def test_a_language_no_head_reads_is_still_not_analysed(pipeline, text, reason):
    (result,) = pipeline.analyze([text])
    assert result.not_analysed.startswith(reason)
    assert result.sentiment == ""
    assert result.sentiment_score == 0.0


def test_a_batch_mixing_languages_keeps_each_post_in_its_place(pipeline):
    texts = [
        "I love this app so much, it is perfect",
        "Quelle horreur, ce produit est vraiment nul et cher",
        "Dit apparaat werkt helemaal niet meer sinds de laatste update, heel vervelend.",
        "The hub is down again and support never answers. Worst service ever.",
        "Wirklich super, ich liebe diese App",
    ]
    together = pipeline.analyze(texts)
    alone = [pipeline.analyze([text])[0] for text in texts]
    assert [r.sentiment for r in together] == [r.sentiment for r in alone]
    assert [r.sentiment for r in together] == ["positive", "negative", "", "negative", "positive"]
    assert together[0].not_analysed == together[3].not_analysed == ""
    assert together[0].primary_kind  # English posts keep their kinds


def test_romanized_hindi_is_told_from_english():
    assert looks_like_romanized_hindi("bahut badhiya movie hai bhai, maza aa gaya")
    assert detect_language("bahut badhiya movie hai bhai, maza aa gaya") == "hi"
    assert not looks_like_romanized_hindi("I told him to go home, but he is late again")
    assert detect_language("I told him to go home, but he is late again") == "en"


def test_every_language_head_is_committed_with_its_card():
    for language in LANGUAGES:
        _, head, card = load_bundle(packaged_folder(language.model), LinearHead)
        assert head.classes_ == ("negative", "neutral", "positive")
        assert card.sha256
        assert card.metrics["macro_f1"] > 0.3
        assert "Apache-2.0" in card.data["licence"]
        assert card.data["size_bytes"] < 1_000_000
