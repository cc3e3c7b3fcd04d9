"""Tips and the knowledge page: accepted customer answers promoted by staff."""

import pytest

from socialcycle.community import knowledge, qa
from socialcycle.testing.members import make_member

from .helpers import answer, question


@pytest.fixture
def tip(cast):
    asker = make_member(cast.workspace, "asker")
    asked = question(asker)
    made = answer(make_member(cast.workspace, "helper"), asked)
    qa.accept_answer(made, by=asker)
    return made


def test_a_tip_is_promoted_with_edits_and_credits_its_author(cast, tip):
    draft = knowledge.draft_from(tip)
    assert draft.title == "How do I pair the lamp?"
    assert draft.body == tip.post.text
    article = knowledge.promote_tip(
        tip, knowledge.ArticleDraft("Pairing the lamp", "Hold the button for 5 s."), by=cast.analyst
    )
    assert article.answer == tip.post
    assert article.promoted_by == cast.analyst
    assert list(knowledge.published(cast.workspace)) == [article]
    assert knowledge.credit(article) == "helper"
    assert list(qa.tips(cast.workspace)) == []


def test_a_tip_is_promoted_once_and_only_accepted_answers_are_tips(cast, tip):
    knowledge.promote_tip(tip, knowledge.draft_from(tip), by=cast.analyst)
    with pytest.raises(knowledge.KnowledgeError):
        knowledge.promote_tip(tip, knowledge.draft_from(tip), by=cast.analyst)
    asked = qa.question_page(qa.question_of(tip)).question
    unaccepted = answer(make_member(cast.workspace, "other"), asked)
    with pytest.raises(knowledge.KnowledgeError):
        knowledge.promote_tip(unaccepted, knowledge.draft_from(unaccepted), by=cast.analyst)


def test_an_article_needs_a_title_and_a_body(cast, tip):
    for draft, field in [
        (knowledge.ArticleDraft(" ", "Body"), "title"),
        (knowledge.ArticleDraft("Title", ""), "body"),
        (knowledge.ArticleDraft("T" * 301, "Body"), "title"),
    ]:
        with pytest.raises(knowledge.KnowledgeError) as refused:
            knowledge.promote_tip(tip, draft, by=cast.analyst)
        assert refused.value.field == field


def test_unpublished_articles_leave_the_public_page(cast, tip):
    article = knowledge.promote_tip(tip, knowledge.draft_from(tip), by=cast.analyst)
    knowledge.set_published(article, False, by=cast.analyst)
    assert list(knowledge.published(cast.workspace)) == []
    assert list(knowledge.articles(cast.workspace)) == [article]
    knowledge.set_published(article, True, by=cast.analyst)
    assert list(knowledge.published(cast.workspace)) == [article]
    assert list(knowledge.published(cast.other_workspace)) == []
