"""One post the models fail on never stops the others: it is set apart with "not
analysed" and the reason, the rest of its batch is analysed; a failure that is not the
posts' (every post fails alone too) is raised and nothing is marked."""

import pytest

from socialcycle.listening.models import Post
from socialcycle.understanding import services
from socialcycle.understanding.models import PostAnalysis
from socialcycle.understanding.tests.test_analysis_claims import (  # noqa: F401 (fixture)
    analysis_left_waiting,
    waiting_posts,
)

POISON = "this one breaks the models"


@pytest.fixture
def models_fail_on_poison(monkeypatch):
    """Fault injection: the real analysis, except that a batch holding POISON raises."""
    real = services.analyse_texts
    calls = []

    def failing(posts):
        calls.append(len(posts))
        if any(post.text == POISON for post in posts):
            raise RuntimeError("a model crashed")
        return real(posts)

    monkeypatch.setattr(services, "analyse_texts", failing)
    return calls


def test_the_failing_post_is_set_apart_and_the_batch_is_analysed(cast, models_fail_on_poison):
    texts = ["The app is great", "Refund please", POISON, "Where is my parcel?", "Love it"]
    waiting_posts(cast.workspace, texts)

    assert services.analyse_pending_posts(10) == 5

    analyses = {row.post.text: row for row in PostAnalysis.objects.select_related("post")}
    assert analyses[POISON].not_analysed == services.MODELS_FAILED
    assert analyses[POISON].sentiment == ""
    assert all(analyses[text].sentiment for text in texts if text != POISON)
    assert not Post.objects.filter(analysed_at__isnull=True).exists()
    assert len(models_fail_on_poison) <= 2 * 3 + 1  # halving, not one call per post


def test_a_failure_of_every_post_is_raised_and_leaves_them_waiting(cast, monkeypatch):
    waiting_posts(cast.workspace, ["one", "two", "three"])

    def broken(posts):
        raise FileNotFoundError("the kinds head is missing")

    monkeypatch.setattr(services, "analyse_texts", broken)

    with pytest.raises(FileNotFoundError, match="kinds head"):
        services.analyse_pending_posts(10)
    assert not PostAnalysis.objects.exists()
    assert Post.objects.filter(analysed_at__isnull=True).count() == 3


def test_a_workspace_whose_models_fail_does_not_stop_another(cast, monkeypatch):
    waiting_posts(cast.workspace, ["one", "two"])
    waiting_posts(cast.other_workspace, ["three"])
    real = services.analyse_texts

    def broken_for_ours(posts):
        if posts[0].workspace_id == cast.workspace.id:
            raise FileNotFoundError("this workspace's own kinds head is missing")
        return real(posts)

    monkeypatch.setattr(services, "analyse_texts", broken_for_ours)

    assert services.analyse_pending_posts(10) == 3

    assert PostAnalysis.objects.get().post.text == "three"
    assert Post.objects.filter(workspace=cast.workspace, analysed_at__isnull=True).count() == 2
