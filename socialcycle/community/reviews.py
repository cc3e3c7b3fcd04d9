"""Reviews: members rate a product from 1 to 5 stars, others mark reviews helpful, and
staff replies (made from the responding app's reply page) are shown under them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.community import reputation
from socialcycle.community.models import Contribution, Member, Vote
from socialcycle.community.posting import Draft, PostingError, post_contribution, visible
from socialcycle.community.services import record_votes
from socialcycle.lib.errors import DomainError
from socialcycle.listening.models import EngagementEvent, Post

STARS = (5, 4, 3, 2, 1)
STAFF_HANDLE_PREFIX = "staff:"  # how responding.connectors.CommunityConnector signs replies
HELPFUL_ACTION = f"vote:{Vote.Kind.HELPFUL}"


def stars(rating: float | None) -> str:
    """A rating as five stars, filled to the nearest whole star ("★★★★☆")."""
    filled = round(rating or 0)
    return "★" * filled + "☆" * (5 - filled)


class ReviewError(DomainError):
    """A review action that cannot be done, in words for the person who tried."""

    code = "review"


@dataclass(frozen=True)
class ReviewRow:
    contribution: Contribution
    helpful: int
    replies: list[Post]
    marked_helpful: bool  # by the member reading the page
    is_own: bool

    @property
    def stars(self) -> str:
        return stars(self.contribution.post.rating)


@dataclass(frozen=True)
class ProductReviews:
    product: TrackedName
    count: int
    average: float | None
    # Stars (5 … 1) to how many reviews gave them, every star present.
    distribution: dict[int, int]
    rows: list[ReviewRow] = field(default_factory=list)

    @property
    def stars(self) -> str:
        return stars(self.average)

    @property
    def bars(self) -> list[tuple[int, int, int]]:
        """(stars, count, percent of all reviews) from 5 stars down, for the histogram."""
        total = self.count or 1
        return [(stars, n, round(100 * n / total)) for stars, n in self.distribution.items()]


def products(workspace: Workspace) -> QuerySet[TrackedName]:
    return TrackedName.objects.filter(workspace=workspace, kind=TrackedName.Kind.PRODUCT).order_by(
        "name"
    )


def post_review(
    member: Member, product: TrackedName, rating: int | None, text: str, title: str = ""
) -> Contribution:
    """Post a member's review of a product (one review per person and product)."""
    if product.workspace_id != member.workspace_id or product.kind != TrackedName.Kind.PRODUCT:
        raise PostingError("product", "Please choose one of this community's products.")
    already = Contribution.objects.filter(
        workspace_id=member.workspace_id,
        type=Contribution.Type.REVIEW,
        product=product,
        post__author_id=member.participant_id,
    ).exclude(state=Contribution.State.REMOVED)
    if already.exists():
        raise PostingError("", f"You have already reviewed {product.name}.")
    return post_contribution(
        member,
        Draft(
            type=Contribution.Type.REVIEW, text=text, title=title, product=product, rating=rating
        ),
    )


def visible_reviews(workspace: Workspace, product: TrackedName) -> QuerySet[Contribution]:
    return visible(workspace, Contribution.Type.REVIEW).filter(product=product)


def summaries(workspace: Workspace) -> list[ProductReviews]:
    """Every product with its review count, average and distribution (no review rows)."""
    return [
        _summary(product, visible_reviews(workspace, product)) for product in products(workspace)
    ]


def product_reviews(
    workspace: Workspace, product: TrackedName, reader: Member | None = None
) -> ProductReviews:
    """A product's published reviews (most helpful first), with counts and staff replies."""
    reviews = visible_reviews(workspace, product)
    summary = _summary(product, reviews)
    annotated = list(
        reviews.annotate(
            helpful_count=Count("post__votes", filter=Q(post__votes__kind=Vote.Kind.HELPFUL))
        ).order_by("-helpful_count", "-created_at")
    )
    post_ids = [review.post_id for review in annotated]
    replies = staff_replies(post_ids)
    marked: set[int] = set()
    if reader is not None:
        marked = set(
            Vote.objects.filter(
                post_id__in=post_ids, participant_id=reader.participant_id, kind=Vote.Kind.HELPFUL
            ).values_list("post_id", flat=True)
        )
    rows = [
        ReviewRow(
            contribution=review,
            helpful=review.helpful_count,
            replies=replies.get(review.post_id, []),
            marked_helpful=review.post_id in marked,
            is_own=reader is not None and review.post.author_id == reader.participant_id,
        )
        for review in annotated
    ]
    return ProductReviews(product, summary.count, summary.average, summary.distribution, rows=rows)


def _summary(product: TrackedName, reviews: QuerySet[Contribution]) -> ProductReviews:
    rows = reviews.order_by().values("post__rating").annotate(n=Count("pk"))
    counted = {row["post__rating"]: row["n"] for row in rows}
    distribution = {stars: counted.get(stars, 0) for stars in STARS}
    count = sum(distribution.values())
    average = sum(stars * n for stars, n in distribution.items()) / count if count else None
    return ProductReviews(product, count, average, distribution)


def staff_replies(post_ids: list[int]) -> dict[int, list[Post]]:
    """Staff replies under each post (oldest first), keyed by the post replied to."""
    replies: dict[int, list[Post]] = {}
    rows = Post.objects.filter(
        parent_id__in=post_ids,
        contribution__isnull=True,
        author_handle__startswith=STAFF_HANDLE_PREFIX,
    ).order_by("created_at")
    for reply in rows:
        assert reply.parent_id is not None
        replies.setdefault(reply.parent_id, []).append(reply)
    return replies


def get_review(workspace: Workspace, post_id: int) -> Contribution | None:
    """A published review (of a product still tracked) of this workspace, or None."""
    reviews = visible(workspace, Contribution.Type.REVIEW).filter(product__isnull=False)
    return reviews.filter(post_id=post_id).first()


def mark_helpful(member: Member, review: Contribution) -> bool:
    """Mark a review helpful; True when the vote is new (one per person, never your own)."""
    _check_review(member, review)
    if review.post.author_id == member.participant_id:
        raise ReviewError("You cannot mark your own review helpful.")
    new = record_votes([(review.post, member.participant, timezone.now())], Vote.Kind.HELPFUL)
    if new and review.post.author is not None:
        reputation.award_badges(review.post.author)
    return new == 1


@transaction.atomic
def withdraw_helpful(member: Member, review: Contribution) -> bool:
    """Take back a helpful-vote, and the curation step it counted for."""
    deleted, _ = Vote.objects.filter(
        post=review.post, participant=member.participant, kind=Vote.Kind.HELPFUL
    ).delete()
    EngagementEvent.objects.filter(
        participant=member.participant, post=review.post, action=HELPFUL_ACTION
    ).delete()
    return bool(deleted)


def _check_review(member: Member, review: Contribution) -> None:
    if review.type != Contribution.Type.REVIEW or review.workspace_id != member.workspace_id:
        raise ReviewError("That is not a review of this community.")
    if not review.is_visible:
        raise ReviewError("This review is not shown.")
