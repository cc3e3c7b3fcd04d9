"""Reviews, Q&A, testimonials and tips through the test client: who may do what, forms
that explain refusals, escaping, and the staff pages' workspace and role checks."""

import pytest
from django.test import Client
from django.urls import reverse

from socialcycle.community import knowledge, qa, testimonials
from socialcycle.community import models as community
from socialcycle.community.models import Contribution, KnowledgeArticle, Vote
from socialcycle.responding.replies import reply
from socialcycle.testing.factories import PASSWORD
from socialcycle.testing.members import make_member, signed_in

from .helpers import ABUSE, analyse_as, answer, make_product, question, review, social_post

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _url(name, workspace, *args):
    return reverse(f"community:{name}", args=[workspace.slug, *args])


def _staff(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


# Reviews


def test_anyone_reads_reviews_with_average_and_staff_replies(cast):
    lamp = make_product(cast.workspace)
    made = review(make_member(cast.workspace, "ann"), lamp, 4)
    review(make_member(cast.workspace, "ben"), lamp, 2)
    reply(made.post, "Thanks for the kind words!", by=cast.admin)
    listing = Client().get(_url("reviews", cast.workspace))
    assert listing.status_code == 200
    assert b"Lumio Lamp" in listing.content
    page = Client().get(_url("product-reviews", cast.workspace, lamp.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="average">3.0<' in html
    assert 'data-testid="review-count">2<' in html
    assert "Reply from Lumio" in html
    assert "Thanks for the kind words!" in html
    assert "Sign in" in html
    assert "Post review" not in html


def test_a_member_posts_a_review_and_refusals_show_beside_the_field(cast):
    lamp = make_product(cast.workspace)
    client = signed_in(make_member(cast.workspace, "ann"))
    refused = client.post(
        _url("new-review", cast.workspace, lamp.pk), {"text": "Nice", "rating": "9"}
    )
    assert refused.status_code == 400
    assert b"Please rate from 1 to 5 stars." in refused.content
    assert b"Nice</textarea>" in refused.content
    posted = client.post(
        _url("new-review", cast.workspace, lamp.pk),
        {"title": "Good", "text": "Nice", "rating": "4"},
    )
    assert posted.status_code == 302
    made = Contribution.objects.get(type="review")
    assert posted["Location"].endswith(f"#review-{made.pk}")
    assert made.post.rating == 4
    assert made.product == lamp


def test_write_endpoints_refuse_get_and_send_visitors_to_sign_in(cast):
    lamp = make_product(cast.workspace)
    made = review(make_member(cast.workspace, "ann"), lamp)
    asked = question(make_member(cast.workspace, "asker"))
    client = signed_in(make_member(cast.workspace, "ben"))
    for url in (
        _url("new-review", cast.workspace, lamp.pk),
        _url("helpful", cast.workspace, made.pk),
        _url("ask", cast.workspace),
        _url("answer", cast.workspace, asked.pk),
        _url("upvote", cast.workspace, asked.pk),
        _url("accept-answer", cast.workspace, asked.pk),
    ):
        assert client.get(url).status_code == 405
    visitor = Client().post(_url("helpful", cast.workspace, made.pk))
    assert visitor.status_code == 302
    assert "/sign-in/" in visitor["Location"]
    assert not Vote.objects.exists()


def test_helpful_button_counts_one_per_person_and_swaps_with_htmx(cast):
    made = review(make_member(cast.workspace, "ann"), make_product(cast.workspace))
    client = signed_in(make_member(cast.workspace, "ben"))
    url = _url("helpful", cast.workspace, made.pk)
    client.post(url)
    fragment = client.post(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert b'data-testid="helpful-count">1<' in fragment.content
    assert b"Withdraw helpful" in fragment.content
    assert b"<html" not in fragment.content
    assert Vote.objects.filter(post=made.post, kind="helpful").count() == 1
    client.post(url, {"withdraw": "1"})
    assert not Vote.objects.exists()


def test_own_review_cannot_be_marked_helpful_through_the_page(cast):
    ann = make_member(cast.workspace, "ann")
    made = review(ann, make_product(cast.workspace))
    page = signed_in(ann).post(_url("helpful", cast.workspace, made.pk), HTTP_HX_REQUEST="true")
    assert b"You cannot mark your own review helpful." in page.content
    assert not Vote.objects.exists()


def test_a_review_of_another_community_is_404(cast):
    other_product = make_product(cast.other_workspace)
    made = review(make_member(cast.other_workspace, "zed"), other_product)
    client = signed_in(make_member(cast.workspace, "ben"))
    assert client.post(_url("helpful", cast.workspace, made.pk)).status_code == 404
    assert (
        Client().get(_url("product-reviews", cast.workspace, other_product.pk)).status_code == 404
    )


def test_xss_in_a_review_title_and_text_is_shown_as_text(cast):
    lamp = make_product(cast.workspace)
    client = signed_in(make_member(cast.workspace, "ann"))
    client.post(
        _url("new-review", cast.workspace, lamp.pk), {"title": XSS, "text": XSS, "rating": "3"}
    )
    assert Contribution.objects.filter(type="review", state="published").exists()
    html = Client().get(_url("product-reviews", cast.workspace, lamp.pk)).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_held_contributions_never_appear_in_any_list(cast):
    lamp = make_product(cast.workspace)
    troll = make_member(cast.workspace, "troll")
    client = signed_in(troll)
    client.post(_url("new-review", cast.workspace, lamp.pk), {"text": ABUSE, "rating": "1"})
    client.post(_url("ask", cast.workspace), {"title": "Question", "text": ABUSE})
    asked = question(make_member(cast.workspace, "asker"))
    client.post(_url("answer", cast.workspace, asked.pk), {"text": ABUSE})
    assert Contribution.objects.filter(state="held").count() == 3
    for url in (
        _url("product-reviews", cast.workspace, lamp.pk),
        _url("reviews", cast.workspace),
        _url("questions", cast.workspace),
        _url("question", cast.workspace, asked.pk),
    ):
        assert b"worthless" not in Client().get(url).content
    held_question = Contribution.objects.get(type="question", state="held")
    assert Client().get(_url("question", cast.workspace, held_question.pk)).status_code == 404


# Questions and answers


def test_ask_answer_upvote_and_accept_through_the_pages(cast):
    asker, helper = make_member(cast.workspace, "asker"), make_member(cast.workspace, "helper")
    asking = signed_in(asker)
    asked = asking.post(_url("ask", cast.workspace), {"title": "Pairing?", "text": "How?"})
    question_id = int(asked["Location"].rstrip("/").split("/")[-1])
    helping = signed_in(helper)
    helping.post(_url("answer", cast.workspace, question_id), {"text": "Hold the button."})
    made = Contribution.objects.get(type="answer")
    upvoted = asking.post(_url("upvote", cast.workspace, made.pk), HTTP_HX_REQUEST="true")
    assert b'data-testid="upvotes">1<' in upvoted.content
    assert helping.post(_url("accept-answer", cast.workspace, made.pk)).status_code == 400
    assert asking.post(_url("accept-answer", cast.workspace, made.pk)).status_code == 302
    made.refresh_from_db()
    assert made.accepted_at is not None
    page = Client().get(_url("question", cast.workspace, question_id))
    assert b'data-testid="accepted"' in page.content
    assert b"Hold the button." in page.content
    listing = Client().get(_url("questions", cast.workspace) + "?show=answered")
    assert b"Pairing?" in listing.content
    assert b"Solved" in listing.content
    assert (
        b"Pairing?"
        not in Client().get(_url("questions", cast.workspace) + "?show=unanswered").content
    )


def test_an_empty_question_or_answer_is_explained(cast):
    client = signed_in(make_member(cast.workspace, "ann"))
    refused = client.post(_url("ask", cast.workspace), {"title": "", "text": "How?"})
    assert refused.status_code == 400
    assert b"Please give it a title." in refused.content
    asked = question(make_member(cast.workspace, "asker"))
    empty = client.post(_url("answer", cast.workspace, asked.pk), {"text": " "})
    assert empty.status_code == 400
    assert b"Please write something." in empty.content


def test_staff_accept_from_the_question_page_and_only_in_their_workspace(cast):
    asker = make_member(cast.workspace, "asker")
    made = answer(make_member(cast.workspace, "helper"), question(asker))
    url = _url("staff-accept-answer", cast.workspace, made.pk)
    page = _staff(cast.admin).get(_url("question", cast.workspace, made.post.parent_id))
    assert b"Accept (staff)" in page.content
    assert _staff(cast.viewer).post(url).status_code == 403
    assert _staff(cast.outsider).post(url).status_code == 404
    other_url = reverse("community:staff-accept-answer", args=[cast.other_workspace.slug, made.pk])
    assert _staff(cast.outsider).post(other_url).status_code == 404
    made.refresh_from_db()
    assert made.accepted_at is None
    assert _staff(cast.admin).post(url).status_code == 302
    made.refresh_from_db()
    assert made.accepted_at is not None


# Testimonials


def test_the_wall_shows_a_post_only_between_consent_and_withdrawal(cast):
    post = social_post(cast.workspace, "Lumio made my evenings better", "positive")
    analyst = _staff(cast.analyst)
    analyst.post(_url("select-testimonial", cast.workspace), {"post": post.pk})
    picked = community.Testimonial.objects.get(post=post)
    wall = _url("testimonials", cast.workspace)
    assert b"evenings better" not in Client().get(wall).content
    analyst.post(_url("record-consent", cast.workspace, picked.pk), {"note": "agreed by DM"})
    assert b"evenings better" in Client().get(wall).content
    analyst.post(_url("withdraw-testimonial", cast.workspace, picked.pk))
    assert b"evenings better" not in Client().get(wall).content


def test_the_author_agrees_through_the_signed_link_and_a_tampered_one_is_404(cast):
    post = social_post(cast.workspace, "Lumio made my evenings better", "positive")
    picked = testimonials.select_post(cast.workspace, post, by=cast.analyst)
    token = testimonials.consent_token(picked)
    staff_page = _staff(cast.analyst).get(_url("staff-testimonials", cast.workspace))
    assert token in staff_page.content.decode()
    url = _url("consent", cast.workspace, token)
    assert b"not shown" in Client().get(url).content
    assert Client().post(url, {"decision": "agree"}).status_code == 302
    picked.refresh_from_db()
    assert picked.is_shown
    assert picked.consent_note == "link"
    Client().post(url, {"decision": "withdraw"})
    picked.refresh_from_db()
    assert not picked.is_shown
    assert Client().get(_url("consent", cast.workspace, token[:-3] + "abc")).status_code == 404
    assert (
        Client()
        .post(_url("consent", cast.workspace, token[:-3] + "abc"), {"decision": "agree"})
        .status_code
        == 404
    )
    assert Client().get(_url("consent", cast.other_workspace, token)).status_code == 404


def test_a_member_agrees_on_the_wall_page_only_for_their_own_post(cast):
    ann = make_member(cast.workspace, "ann")
    asked = question(ann, "Love the lamp, where is the manual?")
    analyse_as(asked.post, "positive")
    picked = testimonials.select_post(cast.workspace, asked.post, by=cast.analyst)
    ben = signed_in(make_member(cast.workspace, "ben"))
    assert ben.post(_url("agree", cast.workspace, picked.pk)).status_code == 404
    mine = signed_in(ann)
    assert b"May we show your post?" in mine.get(_url("testimonials", cast.workspace)).content
    mine.post(_url("agree", cast.workspace, picked.pk))
    picked.refresh_from_db()
    assert picked.is_shown
    assert picked.consent_note == "community"
    mine.post(_url("withdraw", cast.workspace, picked.pk))
    picked.refresh_from_db()
    assert not picked.is_shown


def test_staff_testimonial_pages_check_workspace_and_role(cast):
    ours = social_post(cast.workspace, "Great lamp", "positive")
    theirs = social_post(cast.other_workspace, "Great lamp too", "positive")
    select = _url("select-testimonial", cast.workspace)
    assert _staff(cast.viewer).post(select, {"post": ours.pk}).status_code == 403
    assert _staff(cast.outsider).post(select, {"post": ours.pk}).status_code == 404
    assert _staff(cast.outsider).get(_url("staff-testimonials", cast.workspace)).status_code == 404
    assert _staff(cast.analyst).post(select, {"post": theirs.pk}).status_code == 404
    negative = social_post(cast.workspace, "Broken", "negative")
    refused = _staff(cast.analyst).post(select, {"post": negative.pk}, follow=True)
    assert b"Only posts analysed as positive" in refused.content
    assert not community.Testimonial.objects.exists()
    foreign = testimonials.select_post(cast.other_workspace, theirs, by=cast.outsider)
    consent = _url("record-consent", cast.workspace, foreign.pk)
    assert _staff(cast.analyst).post(consent, {"note": "yes"}).status_code == 404
    assert Client().get(_url("staff-testimonials", cast.workspace)).status_code == 302


# Tips and the knowledge page


@pytest.fixture
def tip(cast):
    asker = make_member(cast.workspace, "asker")
    made = answer(make_member(cast.workspace, "helper"), question(asker))
    qa.accept_answer(made, by=asker)
    return made


def test_staff_promote_a_tip_and_the_public_page_credits_the_author(cast, tip):
    analyst = _staff(cast.analyst)
    tips_page = analyst.get(_url("staff-tips", cast.workspace))
    assert b"How do I pair the lamp?" in tips_page.content
    promote = _url("promote-tip", cast.workspace, tip.pk)
    assert b"Hold the button" in analyst.get(promote).content
    refused = analyst.post(promote, {"title": "", "body": "x"})
    assert refused.status_code == 400
    assert b"Please give the article a title." in refused.content
    done = analyst.post(promote, {"title": "Pairing the lamp", "body": "Hold it for 5 s."})
    article = KnowledgeArticle.objects.get()
    assert done["Location"] == _url("article", cast.workspace, article.pk)
    listing = Client().get(_url("knowledge", cast.workspace))
    assert b"Pairing the lamp" in listing.content
    assert b"Tip from helper" in listing.content
    page = Client().get(_url("article", cast.workspace, article.pk))
    assert b'data-testid="credit"' in page.content
    assert b"helper" in page.content
    edit = _url("edit-article", cast.workspace, article.pk)
    assert b"Hold it for 5 s." in analyst.get(edit).content
    analyst.post(edit, {"title": "Pairing the lamp", "body": "Hold it for 6 s."})
    assert b"Hold it for 6 s." in Client().get(_url("article", cast.workspace, article.pk)).content
    analyst.post(edit, {"action": "unpublish"})
    assert Client().get(_url("article", cast.workspace, article.pk)).status_code == 404
    assert b"Pairing the lamp" not in Client().get(_url("knowledge", cast.workspace)).content


def test_staff_tip_pages_check_workspace_and_role(cast, tip):
    promote = _url("promote-tip", cast.workspace, tip.pk)
    assert _staff(cast.viewer).post(promote, {"title": "T", "body": "B"}).status_code == 403
    assert _staff(cast.outsider).get(promote).status_code == 404
    elsewhere = reverse("community:promote-tip", args=[cast.other_workspace.slug, tip.pk])
    assert _staff(cast.outsider).get(elsewhere).status_code == 404
    article = knowledge.promote_tip(tip, knowledge.draft_from(tip), by=cast.analyst)
    edit = _url("edit-article", cast.workspace, article.pk)
    assert _staff(cast.viewer).post(edit, {"action": "unpublish"}).status_code == 403
    other_edit = reverse("community:edit-article", args=[cast.other_workspace.slug, article.pk])
    assert _staff(cast.outsider).post(other_edit, {"action": "unpublish"}).status_code == 404
    article.refresh_from_db()
    assert article.is_published


def test_xss_in_an_answer_and_article_is_escaped(cast):
    asker = make_member(cast.workspace, "asker")
    made = answer(make_member(cast.workspace, "helper"), question(asker), XSS)
    qa.accept_answer(made, by=asker)
    article = knowledge.promote_tip(made, knowledge.ArticleDraft(XSS, XSS), by=cast.analyst)
    for url in (
        _url("question", cast.workspace, made.post.parent_id),
        _url("knowledge", cast.workspace),
        _url("article", cast.workspace, article.pk),
    ):
        html = Client().get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    staff_html = _staff(cast.analyst).get(_url("staff-tips", cast.workspace)).content.decode()
    assert "<script>alert" not in staff_html
