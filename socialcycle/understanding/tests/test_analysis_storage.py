"""Analyses stored on posts: labels, reasons, versions; unreadable posts say why."""

from socialcycle.understanding.models import PostAnalysis
from socialcycle.understanding.tests.helpers import analysed_posts


def test_each_post_gets_its_analysis_with_the_versions_that_made_it(cast):
    loved, hated = analysed_posts(
        cast.workspace,
        [
            "Absolutely love the new app, setup took two minutes. Great job!",
            "Worst purchase ever, it broke after two days and support ignores me",
        ],
    )
    assert loved.analysis.sentiment == "positive"
    assert hated.analysis.sentiment == "negative"
    assert loved.analysis.emotion in {"joy", "optimism"}
    assert loved.analysis.model_versions["sentiment"]
    assert loved.analysis.model_versions["encoder"].startswith("all-MiniLM-L6-v2")
    assert loved.analysed_at is not None


def test_a_post_in_an_unsupported_language_is_marked_with_no_guessed_sentiment(cast):
    (post,) = analysed_posts(
        cast.workspace,
        ["Het apparaat werkt sinds de laatste update helemaal niet meer, erg vervelend."],
    )
    assert post.language == "nl"  # German, French, Spanish… have a sentiment model of their own
    assert post.analysis.not_analysed.startswith("language 'nl' is not one the models read")
    assert post.analysis.sentiment == ""
    assert not post.analysis.kinds.exists()


def test_an_influential_author_raises_urgency_with_the_reason(cast):
    quiet, loud = analysed_posts(
        cast.workspace,
        ["The app keeps crashing on start", "The app keeps crashing on start"],
        audience_by_author={"person1": 250_000},
    )
    assert "high_influence_author" not in quiet.analysis.urgency_reasons
    assert "high_influence_author" in loud.analysis.urgency_reasons
    assert loud.analysis.urgency > quiet.analysis.urgency


def test_analyses_stay_in_their_workspace(cast):
    analysed_posts(cast.workspace, ["Love it"])
    analysed_posts(cast.other_workspace, ["Hate it"])
    assert PostAnalysis.objects.filter(workspace=cast.workspace).count() == 1
    assert PostAnalysis.objects.filter(workspace=cast.other_workspace).count() == 1


def test_an_analysis_keeps_its_posts_channel_for_the_dashboard(cast):
    (post,) = analysed_posts(cast.workspace, ["The hub will not pair"])
    assert post.analysis.channel == post.channel != ""
