"""The learning loop: retrain with corrections, activate only if not worse, re-analyse."""

import json

from socialcycle import cli
from socialcycle.analysis import language_training
from socialcycle.analysis.registry import ACTIVE_FILE, CARD_FILE, packaged_folder
from socialcycle.analysis.sentiment_languages import LANGUAGES
from socialcycle.analysis.tests.test_language_training import tiny_multilingual
from socialcycle.listening.models import Post
from socialcycle.understanding import learning
from socialcycle.understanding.corrections import correct_analysis
from socialcycle.understanding.models import PostAnalysis
from socialcycle.understanding.tests.helpers import analysed_posts

POSITIVE = ["love it", "great app", "works perfectly", "so happy with this", "best ever"]
NEGATIVE = ["hate it", "awful app", "broken again", "so disappointed", "worst ever"]
NEUTRAL = ["it is a phone", "arrived on tuesday", "the box is blue", "version 2", "ok"]


def tiny_tweeteval(folder):
    data = folder / "tweeteval_sentiment"
    data.mkdir(parents=True)
    rows = [("positive", t) for t in POSITIVE] + [("negative", t) for t in NEGATIVE]
    rows += [("neutral", t) for t in NEUTRAL]
    for split in ("train", "val"):
        lines = ["label,text"] + [f"{label},{text}" for label, text in rows * 4]
        (data / f"{split}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def pretend_active_scores(model_dir, score):
    """Make a version with a known validation score the active one."""
    card = json.loads((packaged_folder("sentiment") / CARD_FILE).read_text())
    card["version"] = "sentiment-pretend"
    card["metrics"]["macro_recall"] = score
    folder = model_dir / "sentiment" / "sentiment-pretend"
    folder.mkdir(parents=True)
    for name in ("head.npz", "features.npz"):
        (folder / name).write_bytes((packaged_folder("sentiment") / name).read_bytes())
    (folder / CARD_FILE).write_text(json.dumps(card))
    (model_dir / "sentiment" / ACTIVE_FILE).write_text("sentiment-pretend\n")


def test_corrections_become_training_examples(cast):
    (post,) = analysed_posts(cast.workspace, ["meh, it is fine"])
    analysis = PostAnalysis.objects.get(post=post)
    correct_analysis(analysis, by=cast.analyst, sentiment="negative", kinds=["complaint"])
    sentiment, kinds = learning.training_corrections()
    assert [(item.text, item.label) for item in sentiment] == [("meh, it is fine", "negative")]
    assert [(item.text, item.kinds) for item in kinds] == [("meh, it is fine", ("complaint",))]


def test_a_better_version_is_activated_and_posts_are_queued_again(cast, tmp_path, shared_model_dir):
    analysed_posts(cast.workspace, ["love it"])
    model_dir = tmp_path / "models"
    (model_dir / "encoder").mkdir(parents=True)
    for graph in (shared_model_dir / "encoder").glob("*.onnx"):
        (model_dir / "encoder" / graph.name).symlink_to(graph)
    pretend_active_scores(model_dir, 0.0)
    data = tiny_tweeteval(tmp_path / "data")
    with (data / "tweeteval_sentiment" / "train.csv").open("a", encoding="utf-8") as handle:
        handle.write("delighted,a label that is not one of the three\n")  # row 62
    said: list[str] = []

    (outcome,) = learning.retrain(["sentiment"], data, model_dir, progress=said.append)

    assert any("train.csv, row 62, field label: 'delighted'" in line for line in said)
    assert outcome.activated  # trained on the rest
    assert outcome.score >= 0.9  # the tiny validation split repeats its training rows
    card = json.loads((model_dir / "sentiment" / outcome.version / CARD_FILE).read_text())
    assert card["data"]["skipped_rows"] == 1
    assert (model_dir / "sentiment" / ACTIVE_FILE).read_text().strip() == outcome.version
    assert Post.objects.filter(analysed_at__isnull=True).count() == 1


def test_a_worse_version_is_kept_aside(cast, tmp_path, shared_model_dir):
    model_dir = tmp_path / "models"
    (model_dir / "encoder").mkdir(parents=True)
    for graph in (shared_model_dir / "encoder").glob("*.onnx"):
        (model_dir / "encoder" / graph.name).symlink_to(graph)
    pretend_active_scores(model_dir, 1.01)

    (outcome,) = learning.retrain(
        ["sentiment"], tiny_tweeteval(tmp_path / "data"), model_dir, progress=lambda _: None
    )

    assert not outcome.activated
    assert "kept the active version" in outcome.sentence()
    assert (model_dir / "sentiment" / ACTIVE_FILE).read_text().strip() == "sentiment-pretend"
    assert (model_dir / "sentiment" / outcome.version / "card.json").is_file()


def test_a_correction_in_french_teaches_the_french_head_not_the_english_one(
    cast, tmp_path, shared_model_dir, monkeypatch
):
    monkeypatch.setattr(language_training, "C_GRID", (1.0,))
    cast.workspace.share_corrections = True  # else only its own models learn from them
    cast.workspace.save()
    french = "Quelle horreur, ce produit est vraiment nul et cher"
    english, other = analysed_posts(cast.workspace, ["meh, it is fine", french])
    for post, label in ((english, "negative"), (other, "neutral")):
        correct_analysis(PostAnalysis.objects.get(post=post), by=cast.analyst, sentiment=label)
    sentiment, _ = learning.training_corrections()
    assert [(item.text, item.language) for item in sentiment] == [
        ("meh, it is fine", ""),  # too short to tell: read as English
        (french, "fr"),
    ]
    model_dir = tmp_path / "models"
    (model_dir / "encoder").mkdir(parents=True)
    for graph in (shared_model_dir / "encoder").glob("*.onnx"):
        (model_dir / "encoder" / graph.name).symlink_to(graph)
    data = tiny_multilingual(tiny_tweeteval(tmp_path / "data"))

    learning.retrain(["sentiment", "languages"], data, model_dir, progress=lambda _: None)

    def corrections_learnt(model):
        (folder,) = [path for path in (model_dir / model).iterdir() if path.is_dir()]
        return json.loads((folder / CARD_FILE).read_text())["data"]["corrections"]

    assert corrections_learnt("sentiment") == 1
    assert corrections_learnt("sentiment_fr") == 1
    assert corrections_learnt("sentiment_de") == 0


def test_the_train_command_trains_the_language_heads_from_a_data_folder(
    db, tmp_path, settings, monkeypatch, capsys
):
    monkeypatch.setattr(language_training, "C_GRID", (1.0,))
    settings.MODEL_DIR = tmp_path / "models"
    data = tiny_multilingual(tmp_path / "data", bad_rows=["positiv,le super app"])

    assert cli.main(["train", "--only", "languages", "--data", str(data)]) == 0

    said = capsys.readouterr().out
    assert "french_train.csv, row 110, field label: 'positiv'" in said
    for language in LANGUAGES:
        version = (settings.MODEL_DIR / language.model / ACTIVE_FILE).read_text().strip()
        assert f"{language.model}: {version} scores 1.0000" in said
