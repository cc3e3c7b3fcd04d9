"""The loaded demo shows every community feature on the public pages: product reviews with
stars, questions with accepted answers, tips, testimonials with consent, a roadmap; and
its thread titles do not repeat. A small demo keeps these quick."""

import re
import statistics
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from socialcycle.accounts.models import Workspace
from socialcycle.community import knowledge, qa, reviews, testimonials
from socialcycle.community.models import Contribution, Vote
from socialcycle.demo.community import OPENING, feature_testimonials
from socialcycle.demo.generator import DemoDataset, DemoPost, generate_demo_dataset
from socialcycle.demo.load import load_demo
from socialcycle.understanding.models import PostAnalysis

END = datetime(2026, 6, 1, tzinfo=UTC)
SLUG = "demo-showcase"

# The idea's status badge, when it is a link: its address and its words.
BADGE = r'<a href="([^"]+)"[^>]*data-testid="idea-status"[^>]*>([^<]+)</a>'

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def dataset() -> DemoDataset:
    return generate_demo_dataset(seed=5, end=END, days=45, n_participants=200, n_posts=1500)


@pytest.fixture
def workspace(dataset: DemoDataset) -> Workspace:
    return load_demo(dataset, slug=SLUG)


def planned(dataset: DemoDataset, kind: str) -> dict[str, DemoPost]:
    return {p.external_id: p for p in dataset.posts if p.channel == "community" and p.kind == kind}


def page(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(f"community:{name}", args=[SLUG, *args]))
    assert response.status_code == 200
    return response.content.decode()


def test_every_product_has_reviews_with_the_stars_and_helpful_votes_planned(
    workspace: Workspace, dataset: DemoDataset, client: Client
) -> None:
    plans = planned(dataset, "review")
    stored = Contribution.objects.filter(workspace=workspace, type="review").select_related(
        "post", "product"
    )
    assert len(stored) == len(plans) > 0
    for review in stored:
        plan = plans[review.post.external_id]
        assert review.post.rating == plan.rating
        assert review.product is not None
        assert review.product.name == plan.product
    summaries = reviews.summaries(workspace)
    assert {summary.product.name for summary in summaries} == {n for n, _ in dataset.products}
    assert all(summary.count > 0 for summary in summaries)
    helpful = Vote.objects.filter(workspace=workspace, kind=Vote.Kind.HELPFUL)
    assert helpful.count() == sum(vote.kind == "helpful" for vote in dataset.votes) > 0
    listing = page(client, "reviews")
    assert all(summary.product.name in listing for summary in summaries)
    best = max(summaries, key=lambda summary: summary.count)
    product_page = page(client, "product-reviews", best.product.pk)
    shown = reviews.product_reviews(workspace, best.product).rows
    assert shown[0].contribution.post.title in product_page


def test_questions_show_the_answers_their_askers_accepted(
    workspace: Workspace, dataset: DemoDataset, client: Client
) -> None:
    accepted = Contribution.objects.filter(
        workspace=workspace, accepted_at__isnull=False
    ).select_related("post__parent__contribution")
    assert {a.post.external_id for a in accepted} == {
        p.external_id for p in dataset.posts if p.accepted
    }
    assert all(a.type == "answer" for a in accepted)
    questions = [qa.question_of(a) for a in accepted]
    assert all(question.type == "question" for question in questions)
    assert all(
        a.post.author_id != question.post.author_id
        for a, question in zip(accepted, questions, strict=True)
    )
    per_question = Counter(question.pk for question in questions)
    assert per_question
    assert max(per_question.values()) == 1
    solved = [row for row in qa.question_rows(qa.question_board(workspace)) if row.solved]
    assert len(solved) == len(per_question)
    answer = accepted.order_by("-created_at").first()
    assert answer is not None
    question_page = page(client, "question", answer.post.parent_id)
    assert 'data-testid="accepted"' in question_page
    # The accepted answer comes first: its id stands before the first answer's test id.
    assert question_page.index(f'id="answer-{answer.pk}"') < question_page.index(
        'data-testid="answer"'
    )
    assert "Solved" in page(client, "questions")


def test_tips_are_accepted_customer_answers_promoted_for_reading(
    workspace: Workspace, client: Client
) -> None:
    articles = list(knowledge.published(workspace))
    assert len(articles) >= 3
    assert len({article.title for article in articles}) == len(articles)
    for article in articles:
        assert article.answer is not None
        answer = Contribution.objects.get(post=article.answer)
        assert answer.accepted_at is not None
        assert article.title == qa.question_of(answer).post.title
        assert article.body in answer.post.text
        assert article.body[0].isupper()
        assert knowledge.credit(article)
    assert qa.tips(workspace).exists(), "staff's Tips page keeps answers to promote"
    tips_page = page(client, "knowledge")
    assert all(article.title in tips_page for article in articles)


def test_community_thread_titles_repeat_at_most_twice_and_keep_their_type(
    workspace: Workspace, dataset: DemoDataset
) -> None:
    roots = Contribution.objects.filter(workspace=workspace, post__parent__isnull=True)
    counts = roots.values("post__title").annotate(n=Count("pk")).order_by("-n")
    assert counts[0]["n"] <= 2
    questions = set(planned(dataset, "question"))
    ideas = set(planned(dataset, "idea"))
    types = dict(roots.values_list("post__external_id", "type"))
    assert {types[external_id] for external_id in questions} == {"question"}
    assert {types[external_id] for external_id in ideas} == {"idea"}


def test_the_planned_idea_links_to_a_roadmap_that_lists_it(
    workspace: Workspace, dataset: DemoDataset, client: Client
) -> None:
    idea = Contribution.objects.get(post__external_id=dataset.popular_idea_external_id)
    idea_page = page(client, "idea", idea.pk)
    roadmap_url = reverse("responding:roadmap", args=[SLUG])
    badge = re.search(BADGE, idea_page)
    assert badge is not None
    assert badge.groups() == (roadmap_url, "Planned")
    roadmap = client.get(roadmap_url).content.decode()
    assert idea.post.title in roadmap


def test_the_testimonials_wall_shows_happy_customers_who_consented(
    dataset: DemoDataset, client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        workspace = load_demo(dataset, slug=SLUG)
    assert feature_testimonials(workspace) >= 3
    wall = list(testimonials.wall(workspace))
    assert len(wall) >= 3
    # A preparation that resumes finds the wall full and adds none.
    assert feature_testimonials(workspace) == len(wall)
    assert len(testimonials.wall(workspace)) == len(wall)
    assert all(t.consent_at is not None and t.consent_note for t in wall)
    assert all(t.withdrawn_at is None for t in wall)
    assert len({t.post.author_id for t in wall}) == len(wall)
    assert all(t.post.analysis.sentiment == "positive" for t in wall)
    wall_page = page(client, "testimonials")
    assert wall_page.count('data-testid="testimonial"') == len(wall)
    openings = {t.post.text[:OPENING] for t in wall}
    assert len(openings) == len(wall), "no two testimonials say the same"


def test_review_stars_agree_with_what_the_analysis_reads_in_them(
    dataset: DemoDataset, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        workspace = load_demo(dataset, slug=SLUG)
    analysed = PostAnalysis.objects.filter(
        workspace=workspace, post__contribution__type="review"
    ).values_list("sentiment", "post__rating")
    stars: dict[str, list[int]] = {"positive": [], "negative": []}
    for sentiment, rating in analysed:
        if sentiment in stars and rating is not None:
            stars[sentiment].append(rating)
    assert stars["positive"]
    assert stars["negative"]
    assert statistics.mean(stars["positive"]) >= statistics.mean(stars["negative"]) + 2
