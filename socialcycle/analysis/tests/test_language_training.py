"""Training the language heads: from the data folder's files, bad rows named and skipped."""

import pytest

from socialcycle.analysis import language_training
from socialcycle.analysis.datasets import DataError
from socialcycle.analysis.features import no_embeddings
from socialcycle.analysis.heads import LinearHead
from socialcycle.analysis.language_evaluation import evaluate_languages, format_language_report
from socialcycle.analysis.registry import load_bundle, write_bundle
from socialcycle.analysis.sentiment_languages import DATA_FOLDER, LANGUAGES
from socialcycle.analysis.training import train_heads

WORDS = {
    "positive": ["super", "genial", "bravo", "top", "merci", "adore"],
    "negative": ["nul", "horrible", "panne", "honte", "lent", "pire"],
    "neutral": ["mardi", "adresse", "version", "horaire", "colis", "page"],
}


@pytest.fixture(autouse=True)
def two_choices_of_c(monkeypatch):
    """Two values of C instead of six: the same code path in a third of the time."""
    monkeypatch.setattr(language_training, "C_GRID", (1.0, 4.0))


def tiny_multilingual(folder, bad_rows=()):
    """Every language's train and val files: 36 short rows, one class word each."""
    data = folder / DATA_FOLDER
    data.mkdir(parents=True)
    rows = [
        f"{label},le {word} {other} aujourd'hui"
        for label, words in WORDS.items()
        for word in words
        for other in ("app", "site")
    ] * 3
    for language in LANGUAGES:
        for split in ("train", "val"):
            lines = ["label,text", *rows, *bad_rows]
            (data / language.file(split)).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_each_language_head_is_trained_scored_and_described(tmp_path):
    data = tiny_multilingual(tmp_path / "data")
    trained = train_heads(
        ["languages"], data, None, version_of=lambda name: f"{name}-test", progress=print
    )
    assert [item.model for item in trained] == [language.model for language in LANGUAGES]
    french = trained[1]
    assert french.card.version == "sentiment_fr-test"
    assert french.score == pytest.approx(1.0)  # validation repeats the training rows
    assert french.card.data["train"]["rows"] == 108
    assert french.card.data["origin"] == "DEFT-2017"
    assert french.card.metrics["C"] in {1.0, 4.0}
    assert set(french.card.metrics["cross_validated_macro_f1"]) == {"1.0", "4.0"}

    written = write_bundle(tmp_path / "fr", french.features, french.head, french.card)
    features, head, card = load_bundle(tmp_path / "fr", LinearHead)
    assert card.sha256 == written.sha256
    assert card.data["size_bytes"] > 0
    texts = ["le top produit", "le pire produit"]
    assert head.predict(features.transform(texts, no_embeddings(2))) == ["positive", "negative"]


def test_bad_rows_are_named_by_file_row_and_field_and_the_rest_trains(tmp_path):
    data = tiny_multilingual(tmp_path / "data", bad_rows=["positiv,le super app", "negative,  "])
    said: list[str] = []
    arabic = language_training.train_language(LANGUAGES[0], data, "v", progress=said.append)
    arabic_train = data / DATA_FOLDER / "arabic_train.csv"
    assert (
        f"{arabic_train}, row 110, field label: 'positiv' is not one of negative, neutral, "
        "positive; row skipped"
    ) in said
    assert f"{arabic_train}, row 111, field text: empty; row skipped" in said
    assert arabic.card.data["train"]["rows"] == 108
    assert arabic.card.data["skipped_rows"] == 4  # two in train, two in val
    assert arabic.score == pytest.approx(1.0)


def test_a_missing_language_file_stops_training_with_its_name(tmp_path):
    data = tiny_multilingual(tmp_path / "data")
    (data / DATA_FOLDER / "hindi_val.csv").unlink()
    with pytest.raises(DataError, match=r"hindi_val\.csv is missing"):
        language_training.train_language(LANGUAGES[3], data, "v", progress=lambda _: None)


def test_heads_that_read_the_encoder_need_it(tmp_path):
    with pytest.raises(ValueError, match="sentence encoder"):
        train_heads(["sentiment"], tmp_path, None, version_of=str, progress=lambda _: None)


def test_evaluate_languages_reports_each_head_beside_the_published_fasttext(pipeline, tmp_path):
    data = tiny_multilingual(tmp_path / "data", bad_rows=["positiv,le super app"])
    said: list[str] = []
    reports = evaluate_languages(pipeline, data, progress=said.append)

    assert [r.language.code for r in reports] == ["ar", "fr", "de", "hi", "it", "pt", "es"]
    assert all(r.posts == 108 and 0 <= r.head <= 1 for r in reports)
    assert all(0 <= r.reached <= 1 and 0 <= r.english_head <= 1 for r in reports)
    assert any("french_val.csv, row 110, field label" in line for line in said)
    table = format_language_report(reports)
    assert "FastText" in table
    german = next(line for line in table.splitlines() if line.startswith("german"))
    assert german.split()[1] == "sentiment_de-base-1"
    assert german.split()[-2:] == ["0.596", "0.773"]  # XLM-T's published test figures
    assert table.splitlines()[-6].startswith("mean")
