"""Questions and answers: accept one answer (asker or staff), upvote answers, tips."""

import pytest

from socialcycle.community import qa
from socialcycle.community.models import Badge, Contribution, KnowledgeArticle, Vote
from socialcycle.community.posting import PostingError
from socialcycle.listening.models import EngagementEvent
from socialcycle.responding.replies import reply
from socialcycle.testing.factories import make_user
from socialcycle.testing.members import make_member

from .helpers import ABUSE, answer, question


@pytest.fixture
def people(cast):
    ws = cast.workspace
    return make_member(ws, "asker"), make_member(ws, "helper"), make_member(ws, "other")


def _events(member, action):
    return EngagementEvent.objects.filter(participant=member.participant, action=action)


def test_a_question_needs_a_title_and_an_answer_is_collaboration(cast, people):
    asker, helper, _ = people
    with pytest.raises(PostingError) as untitled:
        qa.ask_question(asker, "", "How?")
    assert untitled.value.field == "title"
    asked = question(asker)
    made = answer(helper, asked)
    assert made.type == Contribution.Type.ANSWER
    assert made.post.parent == asked.post
    assert _events(helper, "answer").get().stage == "collaboration"


def test_the_asker_accepts_an_answer_which_is_collaboration_and_earns_a_badge(cast, people):
    asker, helper, _ = people
    asked = question(asker)
    made = answer(helper, asked)
    qa.accept_answer(made, by=asker)
    made.refresh_from_db()
    assert made.accepted_at is not None
    assert _events(helper, "answer_accepted").get().stage == "collaboration"
    assert Badge.objects.filter(
        participant=helper.participant, code=Badge.Code.FIRST_ANSWER_ACCEPTED
    ).exists()


def test_only_the_asker_or_staff_accept(cast, people):
    asker, helper, other = people
    asked = question(asker)
    made = answer(helper, asked)
    for someone in (other, helper, cast.viewer, cast.outsider):
        with pytest.raises(qa.AnswerError):
            qa.accept_answer(made, by=someone)
    made.refresh_from_db()
    assert made.accepted_at is None
    responder = make_user("rita", cast.workspace, "responder")
    qa.accept_answer(made, by=responder)
    made.refresh_from_db()
    assert made.accepted_at is not None


def test_the_asker_cannot_accept_their_own_answer_but_staff_can(cast, people):
    asker, _, _ = people
    asked = question(asker)
    own = answer(asker, asked, "I found it myself: reset the hub.")
    with pytest.raises(qa.AnswerError, match="own answer"):
        qa.accept_answer(own, by=asker)
    qa.accept_answer(own, by=cast.admin)


def test_accepting_a_second_answer_moves_the_acceptance(cast, people):
    asker, helper, other = people
    asked = question(asker)
    first, second = answer(helper, asked), answer(other, asked)
    qa.accept_answer(first, by=asker)
    qa.accept_answer(second, by=asker)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.accepted_at is None
    assert second.accepted_at is not None
    assert not _events(helper, "answer_accepted").exists()
    assert _events(other, "answer_accepted").count() == 1
    page = qa.question_page(asked)
    assert [row.contribution for row in page.answers] == [second, first]


def test_answers_are_ordered_accepted_first_then_by_upvotes(cast, people):
    asker, helper, other = people
    asked = question(asker)
    plain, popular, accepted = answer(helper, asked), answer(other, asked), answer(helper, asked)
    qa.upvote(asker, popular)
    qa.accept_answer(accepted, by=asker)
    page = qa.question_page(asked, reader=asker)
    assert [row.contribution for row in page.answers] == [accepted, popular, plain]
    assert [row.upvotes for row in page.answers] == [0, 1, 0]
    assert page.answers[1].upvoted
    assert page.may_accept
    assert not qa.question_page(asked, reader=other).may_accept


def test_one_upvote_per_person_not_on_your_own_and_it_can_be_withdrawn(cast, people):
    asker, helper, _other = people
    made = answer(helper, question(asker))
    assert qa.upvote(asker, made) is True
    assert qa.upvote(asker, made) is False
    assert Vote.objects.filter(post=made.post, kind=Vote.Kind.ANSWER).count() == 1
    with pytest.raises(qa.AnswerError, match="your own"):
        qa.upvote(helper, made)
    assert qa.withdraw_upvote(asker, made) is True
    assert not Vote.objects.filter(post=made.post).exists()


def test_the_first_upvote_by_someone_else_is_collaboration_for_the_author(cast, people):
    asker, helper, other = people
    made = answer(helper, question(asker))
    qa.upvote(asker, made)
    qa.upvote(other, made)
    assert _events(helper, "upvoted").get().stage == "collaboration"
    qa.withdraw_upvote(asker, made)
    assert _events(helper, "upvoted").exists()  # other's upvote still stands
    qa.withdraw_upvote(other, made)
    assert not _events(helper, "upvoted").exists()


def test_comments_can_be_upvoted_questions_cannot(cast, people):
    asker, helper, _ = people
    asked = question(asker)
    with pytest.raises(qa.AnswerError):
        qa.upvote(helper, asked)


def test_questions_are_listed_answered_or_not_and_held_ones_never(cast, people):
    asker, helper, _ = people
    open_one = question(asker, "Does it dim?")
    answered = question(asker, "How do I pair the lamp?")
    answer(helper, answered)
    held = qa.ask_question(helper, "Question", ABUSE)
    assert held.state == Contribution.State.HELD
    assert set(qa.question_board(cast.workspace)) == {open_one, answered}
    assert list(qa.question_board(cast.workspace, "unanswered")) == [open_one]
    [row] = qa.question_rows(qa.question_board(cast.workspace, "answered"))
    assert (row.contribution, row.answers, row.solved) == (answered, 1, False)
    with pytest.raises(qa.AnswerError):
        qa.answer_question(helper, held, "Answer")


def test_held_answers_are_not_shown_nor_counted(cast, people):
    asker, helper, _ = people
    asked = question(asker)
    qa.answer_question(helper, asked, ABUSE)
    assert qa.question_page(asked).answers == []
    assert list(qa.question_board(cast.workspace, "unanswered")) == [asked]


def test_staff_replies_show_under_the_question(cast, people):
    asker, _, _ = people
    asked = question(asker)
    reply(asked.post, "We are looking into it.", by=cast.admin)
    page = qa.question_page(asked)
    assert [r.text for r in page.replies] == ["We are looking into it."]
    assert page.answers == []


def test_tips_are_accepted_customer_answers_not_yet_promoted(cast, people):
    asker, helper, other = people
    staff_member = make_member(cast.workspace, "bob-staff")
    staff_member.email = cast.analyst.email
    staff_member.save()
    asked = question(asker)
    from_customer = answer(helper, asked)
    second = question(asker, "Does it work with the hub?")
    from_staff = answer(staff_member, second)
    qa.accept_answer(from_customer, by=asker)
    qa.accept_answer(from_staff, by=asker)
    answer(other, asked)  # never accepted
    assert list(qa.tips(cast.workspace)) == [from_customer]
    KnowledgeArticle.objects.create(
        workspace=cast.workspace, title="Pairing", body="Hold it.", answer=from_customer.post
    )
    assert list(qa.tips(cast.workspace)) == []
    assert list(qa.tips(cast.other_workspace)) == []
