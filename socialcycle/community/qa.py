"""Questions and answers: members ask and answer, the asker (or staff) accepts one answer,
others upvote answers. Accepted answers by customers become tips staff can promote."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import Membership, Role, TrackedName, User, Workspace
from socialcycle.community import board, reputation
from socialcycle.community.models import Contribution, KnowledgeArticle, Member, Vote
from socialcycle.community.posting import Draft, PostingError, post_contribution, visible
from socialcycle.community.reviews import staff_replies
from socialcycle.community.services import record_votes
from socialcycle.lib.errors import DomainError
from socialcycle.listening.models import EngagementEvent, Participant, Post

ACCEPTED_ACTION = "answer_accepted"
UPVOTED_ACTION = "upvoted"
UPVOTE_ACTION = f"vote:{Vote.Kind.ANSWER}"
UPVOTABLE = (Contribution.Type.ANSWER, Contribution.Type.COMMENT)


class AnswerError(DomainError):
    """A Q&A action that cannot be done, in words for the person who tried."""

    code = "answer"


@dataclass(frozen=True)
class QuestionRow:
    contribution: Contribution
    answers: int
    solved: bool


@dataclass(frozen=True)
class AnswerRow:
    contribution: Contribution
    upvotes: int
    upvoted: bool  # by the member reading the page
    is_own: bool
    replies: list[Post]

    @property
    def is_accepted(self) -> bool:
        return self.contribution.accepted_at is not None


@dataclass(frozen=True)
class QuestionPage:
    question: Contribution
    answers: list[AnswerRow]
    replies: list[Post]  # staff replies to the question itself
    may_accept: bool  # the reader asked it


def ask_question(
    member: Member, title: str, text: str, product: TrackedName | None = None
) -> Contribution:
    if product is not None and product.workspace_id != member.workspace_id:
        raise PostingError("product", "Please choose one of this community's products.")
    return post_contribution(
        member, Draft(type=Contribution.Type.QUESTION, title=title, text=text, product=product)
    )


def answer_question(member: Member, question: Contribution, text: str) -> Contribution:
    """Answer a question (a collaboration step, recorded by `post_contribution`)."""
    _check_question(member.workspace_id, question)
    return post_contribution(
        member, Draft(type=Contribution.Type.ANSWER, text=text, parent=question.post)
    )


def get_question(workspace: Workspace, post_id: int) -> Contribution | None:
    return visible(workspace, Contribution.Type.QUESTION).filter(post_id=post_id).first()


def get_answer(workspace: Workspace, post_id: int) -> Contribution | None:
    return visible(workspace, Contribution.Type.ANSWER).filter(post_id=post_id).first()


def _published_answers(question_post: OuterRef | Post) -> QuerySet[Contribution]:
    return Contribution.objects.filter(
        type=Contribution.Type.ANSWER,
        state=Contribution.State.PUBLISHED,
        post__parent=question_post,
    )


QUESTION_SORTS = ("new", "top", "trending")
QUESTION_FILTERS = ("all", "unanswered", "answered")


def question_board(
    workspace: Workspace,
    show: str = "all",
    sort: str = "new",
    text: str = "",
    *,
    now: datetime | None = None,
) -> QuerySet[Contribution]:
    """Published questions with their published answers counted and whether one was
    accepted. `show`: "all", "answered" or "unanswered"; `text`: words searched in the
    title or text; `sort`: "new" (newest), "top" (most answers), "trending" (most answers
    in the last TRENDING_DAYS days, then most answers). Ties go to the newer question."""
    answers = _published_answers(OuterRef("post"))
    published_answer = Q(
        post__replies__contribution__type=Contribution.Type.ANSWER,
        post__replies__contribution__state=Contribution.State.PUBLISHED,
    )
    counted = visible(workspace, Contribution.Type.QUESTION).annotate(
        answer_count=Count("post__replies", filter=published_answer, distinct=True),
        solved=Exists(answers.filter(accepted_at__isnull=False)),
    )
    if show == "answered":
        counted = counted.filter(answer_count__gt=0)
    elif show == "unanswered":
        counted = counted.filter(answer_count=0)
    rows = board.matching(counted, text)
    if sort == "top":
        return rows.order_by("-answer_count", "-created_at", "-pk")
    if sort == "trending":
        since = board.trending_since(now or timezone.now())
        recent = published_answer & Q(post__replies__created_at__gte=since)
        rows = rows.annotate(recent_answers=Count("post__replies", filter=recent, distinct=True))
        return rows.order_by("-recent_answers", "-answer_count", "-created_at", "-pk")
    return rows.order_by("-created_at", "-pk")


def question_rows(questions: Iterable[Contribution]) -> list[QuestionRow]:
    """Rows for questions from `question_board` (a page of them)."""
    return [
        QuestionRow(row, row.answer_count, row.solved)  # type: ignore[attr-defined]
        for row in questions
    ]


def question_page(question: Contribution, reader: Member | None = None) -> QuestionPage:
    """A question with its published answers: the accepted one first, then by upvotes."""
    answers = list(
        _published_answers(question.post)
        .select_related("post", "post__author")
        .annotate(upvote_count=Count("post__votes", filter=Q(post__votes__kind=Vote.Kind.ANSWER)))
    )
    answers.sort(key=lambda a: (a.accepted_at is None, -a.upvote_count, a.created_at))
    post_ids = [a.post_id for a in answers]
    replies = staff_replies([question.post_id, *post_ids])
    upvoted: set[int] = set()
    if reader is not None:
        upvoted = set(
            Vote.objects.filter(
                post_id__in=post_ids, participant_id=reader.participant_id, kind=Vote.Kind.ANSWER
            ).values_list("post_id", flat=True)
        )
    rows = [
        AnswerRow(
            contribution=a,
            upvotes=a.upvote_count,
            upvoted=a.post_id in upvoted,
            is_own=reader is not None and a.post.author_id == reader.participant_id,
            replies=replies.get(a.post_id, []),
        )
        for a in answers
    ]
    asker = reader is not None and question.post.author_id == reader.participant_id
    return QuestionPage(question, rows, replies.get(question.post_id, []), asker)


def question_of(answer: Contribution) -> Contribution:
    parent = answer.post.parent
    if parent is None or not hasattr(parent, "contribution"):
        raise AnswerError("This answer has no question.")
    return parent.contribution


def may_accept(question: Contribution, *, by: Member | User) -> bool:
    """The asker may accept an answer to their question, and so may the workspace's staff
    (responders and above: accepting is answering the customer)."""
    if isinstance(by, Member):
        return by.workspace_id == question.workspace_id and (
            question.post.author_id == by.participant_id
        )
    membership = Membership.objects.filter(workspace_id=question.workspace_id, user=by).first()
    return membership is not None and membership.has_role(Role.RESPONDER)


@transaction.atomic
def accept_answer(answer: Contribution, *, by: Member | User) -> Contribution:
    """Accept an answer; a question has one accepted answer, so accepting another moves it.

    The answerer's acceptance is a collaboration step on the ladder and may earn badges.
    """
    if answer.type != Contribution.Type.ANSWER or not answer.is_visible:
        raise AnswerError("That is not an answer that can be accepted.")
    question = question_of(answer)
    if not question.is_visible:
        raise AnswerError("This question is not shown.")
    if not may_accept(question, by=by):
        raise AnswerError("Only the person who asked, or staff, can accept an answer.")
    if isinstance(by, Member) and answer.post.author_id == by.participant_id:
        # Accepting counts for reputation; staff can still accept a self-answer.
        raise AnswerError("You cannot accept your own answer.")
    if answer.accepted_at is not None:
        return answer
    previous = list(
        _published_answers(question.post)
        .filter(accepted_at__isnull=False)
        .select_related("post")
        .select_for_update()
    )
    for old in previous:
        old.accepted_at = None
        old.save(update_fields=["accepted_at"])
        # The ladder tells what is true now: the moved acceptance no longer counts.
        EngagementEvent.objects.filter(post=old.post, action=ACCEPTED_ACTION).delete()
    answer.accepted_at = timezone.now()
    answer.save(update_fields=["accepted_at"])
    if isinstance(by, User):  # staff; the asker's own acceptance is theirs to make
        record_change(
            answer.workspace_id,
            by,
            AuditAction.ACCEPT_ANSWER,
            "post",
            question.post_id,
            before={"accepted_answer": [old.post_id for old in previous]},
            after={"accepted_answer": [answer.post_id]},
        )
    author = answer.post.author
    if author is not None:
        _record_collaboration(author, ACCEPTED_ACTION, answer.post)
        reputation.award_badges(author)
    return answer


def upvote(member: Member, contribution: Contribution) -> bool:
    """Upvote an answer or comment (one per person, not your own); True when new.

    The first upvote it gets is a collaboration step for its author: others found it useful.
    """
    _check_upvotable(member, contribution)
    post = contribution.post
    if post.author_id == member.participant_id:
        raise AnswerError("You cannot upvote your own post.")
    with transaction.atomic():
        new = record_votes([(post, member.participant, timezone.now())], Vote.Kind.ANSWER) == 1
        if new and post.author is not None:
            already = EngagementEvent.objects.filter(
                participant=post.author, post=post, action=UPVOTED_ACTION
            ).exists()
            if not already:
                _record_collaboration(post.author, UPVOTED_ACTION, post)
    return new


@transaction.atomic
def withdraw_upvote(member: Member, contribution: Contribution) -> bool:
    post = contribution.post
    deleted, _ = Vote.objects.filter(
        post=post, participant=member.participant, kind=Vote.Kind.ANSWER
    ).delete()
    EngagementEvent.objects.filter(
        participant=member.participant, post=post, action=UPVOTE_ACTION
    ).delete()
    others = Vote.objects.filter(post=post, kind=Vote.Kind.ANSWER)
    if post.author_id is not None:
        others = others.exclude(participant_id=post.author_id)
    if deleted and not others.exists():
        EngagementEvent.objects.filter(post=post, action=UPVOTED_ACTION).delete()
    return bool(deleted)


def tips(workspace: Workspace) -> QuerySet[Contribution]:
    """Accepted answers by customers (not staff) that are not yet a knowledge article."""
    staff_emails = [
        email.lower()
        for email in User.objects.filter(memberships__workspace=workspace).values_list(
            "email", flat=True
        )
        if email
    ]
    promoted = KnowledgeArticle.objects.filter(workspace=workspace, answer=OuterRef("post"))
    return (
        visible(workspace, Contribution.Type.ANSWER)
        .filter(accepted_at__isnull=False)
        .exclude(post__author_handle__startswith="staff:")
        .exclude(post__author__member__email__in=staff_emails)
        .exclude(Exists(promoted))
        .select_related("post__parent")
        .order_by("-accepted_at")
    )


def _record_collaboration(author: Participant, action: str, post: Post) -> None:
    EngagementEvent.objects.create(
        workspace_id=post.workspace_id,
        participant=author,
        stage=EngagementEvent.Stage.COLLABORATION,
        action=action,
        post=post,
        occurred_at=timezone.now(),
    )


def _check_question(workspace_id: int, question: Contribution) -> None:
    if question.type != Contribution.Type.QUESTION or question.workspace_id != workspace_id:
        raise AnswerError("That is not a question of this community.")
    if not question.is_visible:
        raise AnswerError("This question is not open for answers.")


def _check_upvotable(member: Member, contribution: Contribution) -> None:
    if contribution.type not in UPVOTABLE or contribution.workspace_id != member.workspace_id:
        raise AnswerError("Only answers and comments of this community can be upvoted.")
    if not contribution.is_visible:
        raise AnswerError("This post is not shown.")
