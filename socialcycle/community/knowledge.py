"""The knowledge page: staff promote a customer's accepted answer (a tip) into an article,
edited for reading, that credits the customer who wrote it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.community.models import Contribution, KnowledgeArticle
from socialcycle.community.qa import question_of, tips
from socialcycle.lib.errors import DomainError

MAX_TITLE = 300
MAX_BODY = 20_000


class KnowledgeError(DomainError):
    """Why an article cannot be saved: `field` names the form field."""

    code = "article"
    field: str

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


@dataclass(frozen=True)
class ArticleDraft:
    title: str
    body: str


def draft_from(answer: Contribution) -> ArticleDraft:
    """What the promote form starts from: the question's title and the answer's text."""
    question = question_of(answer)
    return ArticleDraft(title=question.post.title, body=answer.post.text)


def get_tip(workspace: Workspace, post_id: int) -> Contribution | None:
    return tips(workspace).filter(post_id=post_id).first()


def promote_tip(answer: Contribution, draft: ArticleDraft, *, by: User) -> KnowledgeArticle:
    """Turn an accepted customer answer into a published knowledge article."""
    if get_tip(answer.workspace, answer.post_id) is None:
        raise KnowledgeError("", "Only an accepted customer answer not yet promoted can be a tip.")
    title, body = _checked(draft)
    article = KnowledgeArticle.objects.create(
        workspace_id=answer.workspace_id, title=title, body=body, answer=answer.post, promoted_by=by
    )
    record_change(
        article.workspace_id,
        by,
        AuditAction.PROMOTE_TIP,
        "article",
        article.pk,
        after={"answer": answer.post_id, **_fields(article)},
    )
    return article


def edit_article(article: KnowledgeArticle, draft: ArticleDraft, *, by: User) -> KnowledgeArticle:
    before = _fields(article)
    article.title, article.body = _checked(draft)
    article.save(update_fields=["title", "body"])
    _record(article, AuditAction.EDIT_ARTICLE, before, by=by)
    return article


def set_published(article: KnowledgeArticle, published: bool, *, by: User) -> KnowledgeArticle:
    """Unpublish an article (it leaves the public page) or publish it again."""
    before = _fields(article)
    article.is_published = published
    article.save(update_fields=["is_published"])
    action = AuditAction.PUBLISH_ARTICLE if published else AuditAction.UNPUBLISH_ARTICLE
    _record(article, action, before, by=by)
    return article


def _fields(article: KnowledgeArticle) -> dict[str, Any]:
    return {"title": article.title, "body": article.body, "published": article.is_published}


def _record(
    article: KnowledgeArticle, action: AuditAction, before: dict[str, Any], *, by: User
) -> None:
    after = _fields(article)
    changed = [field for field in after if after[field] != before[field]]
    record_change(
        article.workspace_id,
        by,
        action,
        "article",
        article.pk,
        before={field: before[field] for field in changed},
        after={field: after[field] for field in changed},
    )


def _checked(draft: ArticleDraft) -> tuple[str, str]:
    title, body = draft.title.strip(), draft.body.strip()
    if not title:
        raise KnowledgeError("title", "Please give the article a title.")
    if len(title) > MAX_TITLE:
        raise KnowledgeError("title", f"Please keep the title under {MAX_TITLE} characters.")
    if not body:
        raise KnowledgeError("body", "Please write the article.")
    if len(body) > MAX_BODY:
        raise KnowledgeError("body", f"Please keep the article under {MAX_BODY:,} characters.")
    return title, body


def published(workspace: Workspace) -> QuerySet[KnowledgeArticle]:
    return (
        KnowledgeArticle.objects.filter(workspace=workspace, is_published=True)
        .select_related("answer", "answer__author")
        .order_by("-created_at")
    )


def articles(workspace: Workspace) -> QuerySet[KnowledgeArticle]:
    """Every article, for staff (published or not), newest first."""
    return (
        KnowledgeArticle.objects.filter(workspace=workspace)
        .select_related("answer", "promoted_by")
        .order_by("-created_at")
    )


def credit(article: KnowledgeArticle) -> str:
    """The community name of the customer whose answer the article came from ("" if gone)."""
    answer = article.answer
    if answer is None:
        return ""
    member = getattr(answer.author, "member", None) if answer.author else None
    return member.handle if member is not None else answer.author_handle
