"""The community's idea list and Q&A list ask the database the same number of questions
for a few threads as for many (votes, comments, answers and accepted answers included):
their queries grow with pages, not rows."""

from django.urls import reverse

from socialcycle.community import qa
from socialcycle.community.posting import Draft, post_contribution
from socialcycle.community.tests.helpers import answer, question
from socialcycle.testing.members import make_member, signed_in
from socialcycle.testing.queries import queries_of

MOST = 9  # 7 and 6 today


def add_threads(cast, start, count):
    for n in range(start, start + count):
        asker, helper = (
            make_member(cast.workspace, f"asker{n}"),
            make_member(cast.workspace, f"helper{n}"),
        )
        post_contribution(
            asker, Draft(type="idea", title=f"Scene {n}", text=f"Please add scene {n}")
        )
        asked = question(asker, f"How do I set up scene {n}?")
        given = answer(helper, asked)
        if n % 2:
            qa.accept_answer(given, by=asker)


def test_the_idea_and_question_lists_ask_as_often_for_many_threads_as_for_few(cast):
    reader = signed_in(make_member(cast.workspace, "reader"))
    ideas = reverse("community:ideas", args=[cast.workspace.slug])
    questions = reverse("community:questions", args=[cast.workspace.slug])

    add_threads(cast, 0, 2)
    few = queries_of(reader, ideas), queries_of(reader, questions)
    add_threads(cast, 100, 6)
    many = queries_of(reader, ideas), queries_of(reader, questions)

    assert many == few
    assert max(many) <= MOST
