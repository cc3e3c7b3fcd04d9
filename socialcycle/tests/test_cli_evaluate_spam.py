"""`socialcycle evaluate spam` prints the scorer's report on a labelled pool."""

from socialcycle.analysis.tests.test_spam import _labelled_pool
from socialcycle.cli import main


def test_socialcycle_evaluate_spam_prints_the_report(tmp_path, capsys, db):
    _labelled_pool(tmp_path)

    assert main(["evaluate", "spam", "--data", str(tmp_path)]) == 0

    out = capsys.readouterr().out
    assert "Spam on 45 labelled TWCS tweets (15 spam)" in out
    assert "spam scorer" in out
    assert "The scorer in use over the whole pool (45 tweets" in out
