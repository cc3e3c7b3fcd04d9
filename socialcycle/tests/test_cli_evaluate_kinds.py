"""`socialcycle evaluate kinds` on a small data folder: every model side by side, the public
set scored on its own kind, and a bad row named rather than a crash."""

from socialcycle.analysis.tests.labelled_files import POSTS, write_csv
from socialcycle.cli import main


def test_evaluate_kinds_prints_every_model_side_by_side(tmp_path, settings, capsys):
    rows = [
        [f"{source}-{n}", text, source, kinds, "random" if n % 2 else "keyword:service_tip"]
        for source, posts in POSTS.items()
        for n, (text, kinds) in enumerate(posts)
    ]
    rows.insert(3, ["bad-1", "A post with an invented kind", "tweets", "delight", "random"])
    write_csv(
        tmp_path / "kinds" / "labelled_train.csv", ["id", "text", "source", "kinds", "draw"], rows
    )
    questions = [
        ("what time does the match start tonight?", "question"),
        ("just watched the sunset from the pier", ""),
        ("is anyone else's wifi down right now?", "question"),
        ("coffee first, then the world", ""),
    ]
    write_csv(
        tmp_path / "kinds" / "tweet_acts_questions.csv",
        ["text", "kinds", "original_label", "source_id"],
        [
            (text, kinds, "QUE" if kinds else "STM", f"tac2019:{n}")
            for n, (text, kinds) in enumerate(questions)
        ],
    )
    settings.TRAINING_DATA_DIR = tmp_path

    assert main(["evaluate", "kinds"]) == 0

    out = capsys.readouterr().out
    assert "15 posts (6 drawn at random), leave one source out" in out
    assert "sources: tweets 5, app_reviews 5, airline_reviews 5" in out
    assert "labelled_train.csv, row 5, field kinds: 'delight' is not one of" in out
    for heading in (
        "(a) seed-only:",
        "(a') seed-only, re-thresholded:",
        "(b) seed + real:",
        "(c) rules:",
        "(d) real-post model:",
    ):
        assert heading in out
    assert "macro-F1, ten kinds" in out
    assert "P(random)" in out
    table = out[out.index("Public single-kind sets") :]
    assert "tweet_acts_questions.csv" in table
    assert "question" in table
    assert "complaints_preotiuc2019.csv: not found, skipped" in table


def test_evaluate_kinds_without_the_labelled_file_says_so_in_one_sentence(
    tmp_path, settings, capsys
):
    settings.TRAINING_DATA_DIR = tmp_path

    assert main(["evaluate", "kinds"]) == 2

    error = capsys.readouterr().err
    assert "labelled_train.csv is missing" in error
    assert "Traceback" not in error
