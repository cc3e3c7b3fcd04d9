"""Review kinds: the least sure posts first, one form each; every confirmation is a kinds
correction (recorded even when nothing changed), counted since the last training and scored
against what the model said; analysts of the workspace only."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent, Role
from socialcycle.analysis.registry import ACTIVE_FILE, CARD_FILE, HEAD_FILE, packaged_folder
from socialcycle.listening.models import Post
from socialcycle.testing.factories import PASSWORD, make_user
from socialcycle.understanding import learning, review
from socialcycle.understanding.models import Correction, PostAnalysis, PostKind
from socialcycle.understanding.services import analyse_pending_posts
from socialcycle.understanding.tests.helpers import analysed_posts

TEXTS = [
    "The app crashed twice today while syncing",
    "Could you add a dark mode please?",
    "Love it, I recommend it to everyone",
    "How do I reset my password?",
]


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def page_url(workspace):
    return reverse("understanding:review-kinds", args=[workspace.slug])


def confirm_url(workspace, post):
    return reverse("understanding:confirm-kinds", args=[workspace.slug, post.pk])


def as_predicted(post, kinds, doubt):
    """Make the stored analysis say `kinds` with `doubt`, as if the model had."""
    analysis = PostAnalysis.objects.get(post=post)
    analysis.kinds.all().delete()
    PostKind.objects.bulk_create(
        [PostKind(analysis=analysis, kind=kind, confidence=0.6) for kind in kinds]
    )
    PostAnalysis.objects.filter(pk=analysis.pk).update(kinds_uncertainty=doubt)


def shown_order(response):
    """The ids of the posts offered for review, in page order."""
    return [int(found) for found in re.findall(r'id="review-(\d+)"', response.content.decode())]


def test_the_least_sure_posts_come_first_and_unmeasured_ones_last(client, cast):
    crash, idea, love, reset = analysed_posts(cast.workspace, TEXTS)
    as_predicted(crash, ["complaint"], 0.2)
    as_predicted(idea, ["idea"], 0.9)
    as_predicted(love, ["praise"], None)  # analysed before the doubt was kept
    as_predicted(reset, ["question"], 0.55)
    sign_in(client, cast.analyst)

    response = client.get(page_url(cast.workspace))

    assert response.status_code == 200
    assert shown_order(response) == [idea.pk, reset.pk, crash.pk, love.pk]


def test_confirmed_spam_and_unread_posts_are_not_offered(client, cast):
    confirmed, spam, kept = analysed_posts(cast.workspace, TEXTS[:3])
    (unread,) = analysed_posts(cast.workspace, ["https://example.com/offer"])
    assert PostAnalysis.objects.get(post=unread).not_analysed  # no words for the models
    Post.objects.filter(pk=spam.pk).update(is_spam=True)
    sign_in(client, cast.analyst)
    client.post(confirm_url(cast.workspace, confirmed), {"kinds": ["complaint"]})

    assert shown_order(client.get(page_url(cast.workspace))) == [kept.pk]


def test_a_post_under_review_is_shown_as_text_not_markup(client, cast):
    analysed_posts(cast.workspace, ['<script>alert("x")</script> the hub broke again'])
    sign_in(client, cast.analyst)
    page = client.get(page_url(cast.workspace)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_the_analysis_keeps_how_unsure_the_kinds_were(cast):
    read, unread = analysed_posts(cast.workspace, [TEXTS[0], "https://example.com/offer"])
    doubt = PostAnalysis.objects.get(post=read).kinds_uncertainty
    assert doubt is not None
    assert 0.0 <= doubt <= 1.0
    assert PostAnalysis.objects.get(post=unread).kinds_uncertainty is None


def test_toggled_kinds_are_recorded_as_a_correction(client, cast):
    (post,) = analysed_posts(cast.workspace, TEXTS[:1])
    as_predicted(post, ["complaint", "question"], 0.7)
    sign_in(client, cast.analyst)

    response = client.post(
        confirm_url(cast.workspace, post), {"kinds": ["early_warning", "complaint"]}
    )

    assert response.status_code == 302
    assert response["Location"] == page_url(cast.workspace)
    correction = Correction.objects.get(post=post)
    assert correction.field == "kinds"
    assert correction.before == ["complaint", "question"]
    assert sorted(correction.after) == ["complaint", "early_warning"]
    assert not correction.is_confirmation
    assert correction.corrected_by == cast.analyst
    analysis = PostAnalysis.objects.get(post=post)
    assert sorted(analysis.kinds.values_list("kind", flat=True)) == ["complaint", "early_warning"]
    assert "kinds" in analysis.corrected_fields
    assert AuditEvent.objects.filter(action="correct kinds", actor=cast.analyst).exists()
    page = client.get(response["Location"]).content.decode()
    assert f"Post {post.pk} confirmed as Early warning, Complaint" in page


def test_a_confirmation_without_change_is_recorded_and_learnt_from(client, cast):
    (post,) = analysed_posts(cast.workspace, TEXTS[:1])
    as_predicted(post, ["complaint"], 0.7)
    sign_in(client, cast.analyst)

    client.post(confirm_url(cast.workspace, post), {"kinds": ["complaint"]})

    correction = Correction.objects.get(post=post)
    assert (correction.field, correction.before, correction.after) == (
        "kinds",
        ["complaint"],
        ["complaint"],
    )
    assert correction.is_confirmation
    assert AuditEvent.objects.filter(action="confirm kinds", actor=cast.analyst).exists()
    analysis = PostAnalysis.objects.get(post=post)
    assert "kinds" in analysis.corrected_fields
    assert list(analysis.kinds.values_list("kind", "confidence")) == [("complaint", 1.0)]
    _, kinds = learning.training_corrections()
    assert [(example.text, example.kinds) for example in kinds] == [(TEXTS[0], ("complaint",))]
    # Analysed again by a newer model, the confirmed kinds stay.
    Post.objects.filter(pk=post.pk).update(analysed_at=None)
    analyse_pending_posts(10)
    assert list(PostAnalysis.objects.get(post=post).kinds.values_list("kind", flat=True)) == [
        "complaint"
    ]


def test_confirming_no_kind_is_recorded_too(client, cast):
    (post,) = analysed_posts(cast.workspace, TEXTS[:1])
    as_predicted(post, ["praise"], 0.7)
    sign_in(client, cast.analyst)

    client.post(confirm_url(cast.workspace, post), {})

    correction = Correction.objects.get(post=post)
    assert (correction.before, correction.after) == (["praise"], [])
    assert not PostAnalysis.objects.get(post=post).kinds.exists()


def test_an_unknown_kind_is_refused_and_nothing_recorded(client, cast):
    (post,) = analysed_posts(cast.workspace, TEXTS[:1])
    sign_in(client, cast.analyst)
    response = client.post(confirm_url(cast.workspace, post), {"kinds": ["furious"]})
    assert response.status_code == 302
    assert not Correction.objects.exists()
    assert "The kinds were not saved" in client.get(response["Location"]).content.decode()


def test_with_htmx_the_answer_is_the_next_posts(client, cast):
    first, second = analysed_posts(cast.workspace, TEXTS[:2])
    as_predicted(first, ["complaint"], 0.9)
    as_predicted(second, ["idea"], 0.8)
    sign_in(client, cast.analyst)

    fragment = client.post(
        confirm_url(cast.workspace, first), {"kinds": ["complaint"]}, HTTP_HX_REQUEST="true"
    )

    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert shown_order(fragment) == [second.pk]
    assert f"Post {first.pk} confirmed as Complaint" in fragment.content.decode()
    assert Correction.objects.filter(post=first).exists()


@pytest.fixture
def kinds_trained_at(settings, tmp_path):
    """A kinds model in use whose card says it was trained at the given time."""

    def use(when):
        folder = tmp_path / "models" / "kinds" / "kinds-test-7"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / HEAD_FILE).write_bytes((packaged_folder("kinds") / HEAD_FILE).read_bytes())
        card = json.loads((packaged_folder("kinds") / CARD_FILE).read_text())
        card.update(version="kinds-test-7", trained_at=when.isoformat())
        (folder / CARD_FILE).write_text(json.dumps(card))
        (folder.parent / ACTIVE_FILE).write_text("kinds-test-7\n")
        settings.MODEL_DIR = tmp_path / "models"
        return settings.MODEL_DIR

    return use


def corrected(post, before, after, when, by):
    """A kinds correction made at `when` (the page reads what was stored, nothing more)."""
    made = Correction.objects.create(
        workspace=post.workspace,
        post=post,
        field="kinds",
        before=before,
        after=after,
        corrected_by=by,
    )
    Correction.objects.filter(pk=made.pk).update(corrected_at=when)


def test_the_figures_count_since_training_and_score_the_model(client, cast, kinds_trained_at):
    a, b, c, d = analysed_posts(cast.workspace, TEXTS)
    training = datetime.fromisoformat("2026-11-01T12:00:00+00:00")
    hour = timedelta(hours=1)
    corrected(a, ["complaint"], ["complaint", "early_warning"], training - hour, cast.analyst)
    corrected(a, ["complaint", "early_warning"], ["early_warning"], training + hour, cast.admin)
    corrected(b, ["idea"], ["idea"], training + 2 * hour, cast.analyst)
    corrected(c, ["praise", "question"], ["praise"], training + 3 * hour, cast.analyst)
    corrected(d, [], ["question"], training - 2 * hour, cast.analyst)
    Correction.objects.create(
        workspace=cast.workspace, post=d, field="sentiment", before="neutral", after="negative"
    )  # not about kinds: not counted
    (theirs,) = analysed_posts(cast.other_workspace, ["Another shop's post"])
    corrected(theirs, ["idea"], ["complaint"], training + hour, cast.outsider)
    model_dir = kinds_trained_at(training)

    figures = review.review_figures(cast.workspace, model_dir)

    assert (figures.model_version, figures.trained_at) == ("kinds-test-7", training)
    assert figures.since_training == 3
    assert figures.confirmed_posts == 4
    assert figures.unchanged == 1  # b: the model had it exactly right
    by_kind = {score.kind: score for score in figures.scores}
    # Model said (first "before"): a complaint, b idea, c praise+question, d nothing.
    # Confirmed (last "after"): a early_warning, b idea, c praise, d question.
    assert (by_kind["complaint"].agreed, by_kind["complaint"].added) == (3, 1)
    assert (by_kind["early_warning"].agreed, by_kind["early_warning"].missed) == (3, 1)
    assert (by_kind["question"].agreed, by_kind["question"].missed) == (2, 1)
    assert by_kind["question"].added == 1
    assert (by_kind["idea"].agreed, by_kind["idea"].confirmed) == (4, 1)
    assert by_kind["praise"].accuracy == 1.0
    assert by_kind["question"].accuracy == 0.5

    sign_in(client, cast.analyst)
    page = client.get(page_url(cast.workspace)).content.decode()
    assert re.search(r"<strong>3</strong> kinds corrections", page)
    assert "kinds-test-7" in page
    assert "2026-11-01" in page
    assert "50% (2 of 4)" in page  # question
    assert "Another shop" not in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.RESPONDER])
def test_viewers_and_responders_may_not_review(client, cast, role):
    (post,) = analysed_posts(cast.workspace, TEXTS[:1])
    sign_in(client, make_user(f"someone-{role}", cast.workspace, role))
    assert client.get(page_url(cast.workspace)).status_code == 403
    assert client.post(confirm_url(cast.workspace, post), {"kinds": ["idea"]}).status_code == 403
    assert not Correction.objects.exists()


def test_analysts_and_admins_find_it_in_the_navigation(client, cast):
    for user in (cast.analyst, cast.admin):
        sign_in(client, user)
        home = client.get(reverse("measuring:home", args=[cast.workspace.slug])).content.decode()
        assert f'href="{page_url(cast.workspace)}"' in home
    sign_in(client, cast.viewer)
    home = client.get(reverse("measuring:home", args=[cast.workspace.slug])).content.decode()
    assert page_url(cast.workspace) not in home


def test_another_workspace_is_never_shown_nor_confirmed(client, cast):
    (ours,) = analysed_posts(cast.workspace, TEXTS[:1])
    (theirs,) = analysed_posts(cast.other_workspace, ["Their customers' words, not ours"])
    sign_in(client, cast.analyst)

    assert shown_order(client.get(page_url(cast.workspace))) == [ours.pk]
    # Their post under our workspace's address is not found, and nothing is recorded.
    assert client.post(confirm_url(cast.workspace, theirs), {"kinds": []}).status_code == 404
    sign_in(client, cast.outsider)
    assert client.get(page_url(cast.workspace)).status_code == 404
    assert client.post(confirm_url(cast.workspace, ours), {"kinds": []}).status_code == 404
    assert not Correction.objects.exists()
