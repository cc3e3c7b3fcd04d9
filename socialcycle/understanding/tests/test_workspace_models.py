"""Each workspace's own kinds and sentiment heads: trained on the base data plus that
workspace's corrections only, used for its posts only, and only when it is not worse than
the shared head on the posts its analysts corrected (scored out of fold). The shared heads
learn from the corrections of workspaces that share them, and from no others.

The real encoder and the real training run; the kinds seed set and TweetEval are cut to a
few examples so that a training takes seconds.
"""

import json

import pytest

from socialcycle import cli
from socialcycle.analysis import kinds as kinds_module
from socialcycle.analysis.registry import ACTIVE_FILE, CARD_FILE, packaged_folder
from socialcycle.listening.models import Post
from socialcycle.understanding import learning, workspace_models
from socialcycle.understanding.corrections import correct_analysis
from socialcycle.understanding.models import PostAnalysis
from socialcycle.understanding.services import analyse_pending_posts
from socialcycle.understanding.tests.helpers import analysed_posts
from socialcycle.understanding.tests.test_learning import tiny_tweeteval

SEED = kinds_module.load_examples()


# A shipping firm's analysts call a damaged crate an early warning; the shared models were
# never taught that.
def damage_reports(damages, start):
    """'Crate 101 arrived with the lid cracked', … for each thing, part and damage."""
    found = [
        (thing, part, damage)
        for thing in ("Crate", "Pallet", "Box")
        for part in ("lid", "corner", "side")
        for damage in damages
    ]
    return [
        f"{thing} {n} arrived with the {part} {damage}"
        for n, (thing, part, damage) in enumerate(found, start=start)
    ]


CRATES = damage_reports(("cracked", "crushed", "split open"), start=101)[:24]


@pytest.fixture
def model_dir(settings, tmp_path, shared_model_dir):
    """A model folder of this test's own (the encoder linked in), used by the analysis."""
    folder = tmp_path / "models"
    (folder / "encoder").mkdir(parents=True)
    for graph in (shared_model_dir / "encoder").glob("*.onnx"):
        (folder / "encoder" / graph.name).symlink_to(graph)
    settings.MODEL_DIR = folder
    yield folder
    workspace_models.forget_loaded_heads()


@pytest.fixture
def small_seed(monkeypatch):
    """Four seed examples of each kind: the training is the real one, on less data (no real
    posts or public sets: no data folder), in seconds, not minutes."""
    kept = []
    per_kind: dict[str, int] = {}
    for example in SEED:
        first = example.kinds[0]
        if per_kind.get(first, 0) < 4:
            per_kind[first] = per_kind.get(first, 0) + 1
            kept.append(example)
    monkeypatch.setattr(kinds_module, "load_examples", lambda *_: kept)
    return kept


def own_head_activated(decision, workspace, model_dir, model, posts):
    """Check the decision activated the workspace's own head; its folder and card."""
    assert decision.workspace_id == workspace.pk
    assert decision.activated, decision
    assert decision.confirmed_posts == posts
    assert decision.own_score is not None
    assert decision.shared_score is not None
    assert decision.own_score >= decision.shared_score
    own = model_dir / "workspaces" / str(workspace.pk) / model
    assert (own / ACTIVE_FILE).read_text().strip() == decision.version
    return own, json.loads((own / decision.version / CARD_FILE).read_text())


def confirm(posts, user, kinds_of):
    for post in posts:
        analysis = PostAnalysis.objects.get(post=post)
        correct_analysis(analysis, by=user, kinds=kinds_of(analysis), kinds_confirmed=True)


def kinds_of(posts):
    return {
        post.pk: sorted(PostAnalysis.objects.get(post=post).kinds.values_list("kind", flat=True))
        for post in posts
    }


def kinds_version(post):
    return PostAnalysis.objects.get(post=post).model_versions["kinds"]


def quiet(_):
    return None


def test_a_workspaces_corrections_shape_its_own_results_and_nobody_elses(
    client, cast, model_dir, small_seed
):
    ours = analysed_posts(cast.workspace, CRATES)
    theirs = analysed_posts(cast.other_workspace, CRATES[:6])
    shared_version = kinds_version(theirs[0])
    theirs_before = kinds_of(theirs)
    confirm(ours, cast.analyst, lambda _: ["early_warning"])

    decisions = workspace_models.retrain_workspace_heads(model_dir, progress=quiet)

    (decision,) = decisions
    _, card = own_head_activated(decision, cast.workspace, model_dir, "kinds", len(CRATES))
    assert card["data"]["corrections"] == len(CRATES)
    assert card["metrics"]["confirmed_posts"]["shared_macro_f1"] == decision.shared_score
    # Only our posts wait to be analysed again, and our own head reads them.
    assert set(Post.objects.filter(analysed_at__isnull=True)) == set(ours)
    fresh = analysed_posts(cast.workspace, ["Crate 999 arrived with the lid cracked"])
    analyse_pending_posts(1000)
    assert kinds_version(fresh[0]) == decision.version
    assert "early_warning" in kinds_of(fresh)[fresh[0].pk]
    # The other workspace's posts, analysed again, still get the shared head's kinds.
    Post.objects.filter(workspace=cast.other_workspace).update(analysed_at=None)
    analyse_pending_posts(1000)
    assert kinds_of(theirs) == theirs_before
    assert {kinds_version(post) for post in theirs} == {shared_version}
    # The shared training saw none of it: our workspace does not share.
    assert learning.shared_training_corrections() == ([], [])
    # Review kinds says which head the workspace uses and how it scored.
    client.force_login(cast.analyst)
    page = client.get(f"/w/{cast.workspace.slug}/review-kinds/").content.decode()
    assert f"own</strong> kinds model, {decision.version}" in page
    assert f"{decision.own_score:.3f}" in page
    assert f"{decision.shared_score:.3f}" in page
    client.force_login(cast.outsider)
    page = client.get(f"/w/{cast.other_workspace.slug}/review-kinds/").content.decode()
    assert "The <strong>shared</strong> kinds model" in page


def test_shared_training_learns_only_from_workspaces_that_share(cast):
    (ours,) = analysed_posts(cast.workspace, ["Crate 7 arrived with the lid cracked"])
    (theirs,) = analysed_posts(cast.other_workspace, ["Pallet 8 arrived with the side split"])
    confirm([ours], cast.analyst, lambda _: ["early_warning"])
    confirm([theirs], cast.outsider, lambda _: ["complaint"])
    assert learning.shared_training_corrections() == ([], [])

    cast.other_workspace.share_corrections = True
    cast.other_workspace.save()

    _, kinds = learning.shared_training_corrections()
    assert [(example.text, example.kinds) for example in kinds] == [
        ("Pallet 8 arrived with the side split", ("complaint",))
    ]


def test_too_few_confirmations_keep_the_shared_head_and_the_page_says_why(client, cast, model_dir):
    posts = analysed_posts(cast.workspace, CRATES[:5])
    confirm(posts, cast.analyst, lambda _: ["early_warning"])

    (decision,) = workspace_models.retrain_workspace_heads(model_dir, progress=quiet)

    assert not decision.activated
    assert decision.own_score is None
    assert "5 confirmed posts" in decision.reason
    assert workspace_models.own_kinds_folder(cast.workspace.pk, model_dir) is None
    client.force_login(cast.analyst)
    page = client.get(f"/w/{cast.workspace.slug}/review-kinds/").content.decode()
    assert "The <strong>shared</strong> kinds model" in page
    assert "needs at least 20" in page


def test_an_own_head_worse_than_the_shared_one_is_not_used(cast, model_dir, small_seed):
    # The analysts confirm exactly what the shared head said, on varied posts: the shared
    # head is right on every one, and a head from four seed examples a kind cannot beat it.
    texts = [example.text for example in SEED]
    posts = analysed_posts(cast.workspace, texts[200:230])
    said = kinds_of(posts)
    confirm(posts, cast.analyst, lambda analysis: said[analysis.post_id])

    (decision,) = workspace_models.retrain_workspace_heads(model_dir, progress=quiet)

    assert decision.shared_score == 1.0
    assert decision.own_score is not None
    assert decision.own_score < decision.shared_score
    assert not decision.activated
    assert workspace_models.own_kinds_folder(cast.workspace.pk, model_dir) is None
    fresh = analysed_posts(cast.workspace, [texts[231]])
    assert (
        kinds_version(fresh[0])
        == json.loads((packaged_folder("kinds") / CARD_FILE).read_text())["version"]
    )


def test_the_train_command_trains_the_shared_heads_then_each_workspaces_own(
    db, cast, model_dir, small_seed, tmp_path, capsys
):
    posts = analysed_posts(cast.workspace, CRATES[:3])
    confirm(posts, cast.analyst, lambda _: ["early_warning"])
    cast.workspace.share_corrections = True
    cast.workspace.save()
    (tmp_path / "data").mkdir()

    assert cli.main(["train", "--only", "kinds", "--data", str(tmp_path / "data")]) == 0

    said = capsys.readouterr().out
    assert "corrections of the workspaces that share them: 0 of sentiment, 3 of kinds" in said
    (version,) = [path.name for path in (model_dir / "kinds").iterdir() if path.is_dir()]
    card = json.loads((model_dir / "kinds" / version / CARD_FILE).read_text())
    assert card["data"]["corrections"] == 3  # the shared head learnt from them
    assert f"workspace {cast.workspace.pk}: kinds: 3 confirmed posts" in said


def test_a_newly_activated_own_head_is_used_from_the_next_batch(cast, model_dir):
    own = model_dir / "workspaces" / str(cast.workspace.pk) / "kinds"

    def install(version):
        folder = own / version
        folder.mkdir(parents=True)
        for name in ("head.npz", "features.npz"):
            (folder / name).write_bytes((packaged_folder("kinds") / name).read_bytes())
        card = json.loads((packaged_folder("kinds") / CARD_FILE).read_text())
        (folder / CARD_FILE).write_text(json.dumps({**card, "version": version}))
        (own / ACTIVE_FILE).write_text(version + "\n")

    install("kinds-ours-1")
    (first,) = analysed_posts(cast.workspace, ["Crate 1 arrived with the lid cracked"])
    install("kinds-ours-2")  # as `socialcycle train` in another process would
    (second,) = analysed_posts(cast.workspace, ["Crate 2 arrived with the lid cracked"])
    (own / ACTIVE_FILE).unlink()
    (third,) = analysed_posts(cast.workspace, ["Crate 3 arrived with the lid cracked"])
    (theirs,) = analysed_posts(cast.other_workspace, ["Crate 4 arrived with the lid cracked"])

    assert kinds_version(first) == "kinds-ours-1"
    assert kinds_version(second) == "kinds-ours-2"
    shared = json.loads((packaged_folder("kinds") / CARD_FILE).read_text())["version"]
    assert kinds_version(third) == shared
    assert kinds_version(theirs) == shared


# Damage reports the shared sentiment head reads as negative (28 of 36; 8 neutral already).
DAMAGED = damage_reports(("cracked", "crushed", "dented", "broken"), start=201)


def correct_sentiment(posts, user, sentiment):
    for post in posts:
        correct_analysis(PostAnalysis.objects.get(post=post), by=user, sentiment=sentiment)


def sentiment_version(post):
    return PostAnalysis.objects.get(post=post).model_versions["sentiment"]


def test_a_workspaces_sentiment_corrections_shape_its_own_sentiment_and_nobody_elses(
    cast, model_dir, tmp_path
):
    # The shipping firm logs a damaged crate as routine (the carrier's insurer pays): for
    # its analysts these reports are neutral, where the shared head reads them as negative.
    # TweetEval is cut to a few tweets (the real training, in seconds).
    data = tiny_tweeteval(tmp_path / "data")
    ours = analysed_posts(cast.workspace, DAMAGED)
    theirs = analysed_posts(cast.other_workspace, DAMAGED[:6])
    shared_version = sentiment_version(theirs[0])
    theirs_before = [PostAnalysis.objects.get(post=post).sentiment for post in theirs]
    assert theirs_before.count("neutral") < len(theirs_before)  # the shared head disagrees
    # A post the shared head already calls neutral gets no correction.
    corrected = [post for post in ours if post.analysis.sentiment != "neutral"]
    assert len(corrected) >= workspace_models.MIN_CORRECTED_POSTS["sentiment"]
    correct_sentiment(ours, cast.analyst, "neutral")

    (decision,) = workspace_models.retrain_workspace_heads(
        model_dir, ["sentiment"], data_dir=data, progress=quiet
    )

    assert decision.model == "sentiment"
    own, card = own_head_activated(decision, cast.workspace, model_dir, "sentiment", len(corrected))
    assert card["data"]["corrections"] == len(corrected)
    assert card["data"]["workspace"] == cast.workspace.pk
    assert card["metrics"]["corrected_posts"]["shared_macro_recall"] == decision.shared_score
    assert json.loads((own / "decision.json").read_text())["version"] == decision.version
    # Only our posts wait to be analysed again, and our own sentiment head reads them.
    assert set(Post.objects.filter(analysed_at__isnull=True)) == set(ours)
    fresh = analysed_posts(cast.workspace, ["Crate 999 arrived with the lid cracked"])
    analyse_pending_posts(1000)
    assert sentiment_version(fresh[0]) == decision.version
    assert PostAnalysis.objects.get(post=fresh[0]).sentiment == "neutral"
    assert kinds_version(fresh[0]) == kinds_version(theirs[0])  # kinds stay shared
    # The other workspace's posts, analysed again, still get the shared head's sentiment.
    Post.objects.filter(workspace=cast.other_workspace).update(analysed_at=None)
    analyse_pending_posts(1000)
    assert [PostAnalysis.objects.get(post=post).sentiment for post in theirs] == theirs_before
    assert {sentiment_version(post) for post in theirs} == {shared_version}
    assert learning.shared_training_corrections() == ([], [])
    # Nothing new to learn: the next training keeps the decision without training again.
    (again,) = workspace_models.retrain_workspace_heads(
        model_dir, ["sentiment"], data_dir=data, progress=quiet
    )
    assert again == decision


def test_too_few_sentiment_corrections_keep_the_shared_sentiment_head(cast, model_dir, tmp_path):
    posts = analysed_posts(cast.workspace, DAMAGED[:6])
    shared_version = sentiment_version(posts[0])
    corrected = [post for post in posts if post.analysis.sentiment != "neutral"]
    correct_sentiment(posts, cast.analyst, "neutral")

    (decision,) = workspace_models.retrain_workspace_heads(
        model_dir, ["sentiment"], data_dir=tiny_tweeteval(tmp_path / "data"), progress=quiet
    )

    assert decision.model == "sentiment"
    assert not decision.activated
    assert decision.own_score is None
    assert f"{len(corrected)} corrected posts" in decision.reason
    assert "needs at least 20" in decision.reason
    assert workspace_models.own_head_folder(cast.workspace.pk, model_dir, "sentiment") is None
    (fresh,) = analysed_posts(cast.workspace, ["Crate 999 arrived with the lid cracked"])
    assert sentiment_version(fresh) == shared_version
