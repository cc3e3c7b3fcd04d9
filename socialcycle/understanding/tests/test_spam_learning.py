"""`socialcycle train` learns from staff's spam marks: a new scorer version is activated."""

from __future__ import annotations

import csv
from pathlib import Path

from socialcycle.accounts.models import Role
from socialcycle.analysis.registry import ACTIVE_FILE, read_card
from socialcycle.analysis.spam import SpamScorer
from socialcycle.analysis.spam_data import LABELS_FILE
from socialcycle.testing.factories import make_user
from socialcycle.understanding.learning import retrain
from socialcycle.understanding.spam import mark_spam
from socialcycle.understanding.tests.helpers import analysed_posts

SPAM = [
    "WIN a FREE iPhone!!! Click here https://bit.ly/a1 #giveaway #win",
    "Check out our new blog post https://example.com/post #marketing #growth #seo",
    "Limited offer: 50% off with discount code SAVE50 https://shop.example.com #sale",
]
HAM = [
    "My parcel never arrived and nobody answers the phone",
    "The app crashes every time I open the settings page",
    "Thank you for sorting out my refund so quickly",
]


def labelled_pool(folder: Path) -> None:
    """A pool holding some ids of the committed sample, with texts written here."""
    with LABELS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    spam_ids = [row["source_id"] for row in rows if row["label"] == "spam"][:12]
    ham_ids = [row["source_id"] for row in rows if row["label"] == "ham"][:24]
    (folder / "kinds").mkdir(parents=True)
    with (folder / "kinds" / "pool_twcs.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "source_id"])
        writer.writerows([SPAM[i % 3], source_id] for i, source_id in enumerate(spam_ids))
        writer.writerows([HAM[i % 3], source_id] for i, source_id in enumerate(ham_ids))


def test_retraining_the_spam_scorer_learns_the_marks_and_activates_it(cast, tmp_path):
    data, models = tmp_path / "data", tmp_path / "models"
    labelled_pool(data)
    (post,) = analysed_posts(cast.workspace, ["Buy cheap watches, great prices for you"])
    mark_spam(post, by=make_user("rita", cast.workspace, Role.RESPONDER), is_spam=True)
    (kept,) = analysed_posts(cast.other_workspace, ["Win a free cruise, click the link now"])
    mark_spam(kept, by=make_user("otto", cast.other_workspace, Role.RESPONDER), is_spam=True)
    type(cast.workspace).objects.filter(pk=cast.workspace.pk).update(share_corrections=True)

    (outcome,) = retrain(["spam"], data, models, progress=lambda line: None)

    assert outcome.model == "spam"
    assert outcome.activated
    version = (models / "spam" / ACTIVE_FILE).read_text().strip()
    assert version == outcome.version
    card = read_card(models / "spam" / version)
    assert card.data["corrections"] == 1  # the other workspace does not share its marks
    assert card.data["labels"]["rows"] == 36
    SpamScorer.load(models / "spam" / version)  # its sha256 matches its card
