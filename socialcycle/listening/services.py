"""Writes of the listening app: sources, participants and posts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from socialcycle.accounts.models import Workspace
from socialcycle.lib.tasks import enqueue
from socialcycle.lib.write_turns import write_turn
from socialcycle.listening.dedup import (
    NearDuplicateDetector,
    from_bytes,
    link_near_duplicates,
    signature_of,
    to_bytes,
)
from socialcycle.listening.erasures import erased_among
from socialcycle.listening.incoming import IncomingPost, RecordResult
from socialcycle.listening.models import EngagementEvent, Identity, Participant, Post, Source
from socialcycle.listening.normalise import (
    NormalisedText,
    canonical_form,
    clean_text,
    normalise_texts,
)
from socialcycle.listening.spam import flag_spam, spam_scores

RECORD_BATCH_SIZE = 1000
UPDATABLE_FIELDS = [
    "author",
    "author_handle",
    "title",
    "text",
    "url",
    "created_at",
    "rating",
    "parent_external_id",
    "likes",
    "shares",
    "raw",
    "language",
    "references",
    "canonical_hash",
    "minhash",
    "spam_score",
]


def create_source(
    workspace: Workspace, *, name: str, channel: str, config: dict[str, object] | None = None
) -> Source:
    source, _ = Source.objects.get_or_create(
        workspace=workspace, name=name, defaults={"channel": channel, "config": config or {}}
    )
    return source


def batched(items: Iterable[IncomingPost], size: int) -> Iterator[list[IncomingPost]]:
    # itertools.batched arrives only in Python 3.12.
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def record_posts(
    source: Source,
    items: Iterable[IncomingPost],
    *,
    detector: NearDuplicateDetector | None = None,
) -> RecordResult:
    """Store posts from one source; a post seen before (same external id) is updated.

    Texts are cleaned on the way in and copies of earlier posts are linked to them (pass one
    `detector` across calls that belong together, such as the batches of one import). Each
    batch is one transaction, so a failure leaves no half-recorded batch. Every new or
    changed post is queued for analysis once its batch commits. Posts by a person erased
    on request are left out and counted as withheld (listening/erasures.py).
    """
    result = RecordResult()
    for batch in batched(items, RECORD_BATCH_SIZE):
        detector = detector or NearDuplicateDetector.for_workspace(source.workspace_id)
        # The text work needs no database: done before the turn, it holds no lock.
        prepared = _prepare(batch, result)
        with write_turn(), transaction.atomic():
            _take_turns(source)
            _record_batch(source, prepared, result, detector)
            enqueue("understanding.analyse_pending_posts")
    return result


@dataclass(frozen=True)
class _Prepared:
    """A batch's posts (one per external id) with what their texts say: cleaned text,
    spam score and MinHash signature, in the same order."""

    items: list[IncomingPost]
    cleaned: list[NormalisedText]
    scores: list[float]
    threshold: float
    signatures: list[bytes | None]

    def keep(self, wanted: set[str]) -> _Prepared:
        rows = [i for i, item in enumerate(self.items) if item.external_id in wanted]
        return _Prepared(
            [self.items[i] for i in rows],
            [self.cleaned[i] for i in rows],
            [self.scores[i] for i in rows],
            self.threshold,
            [self.signatures[i] for i in rows],
        )


def _prepare(items: Sequence[IncomingPost], result: RecordResult) -> _Prepared:
    # The same post twice in one batch: the later copy wins, as a later re-import would.
    batch = list({item.external_id: item for item in items}.values())
    result.repeated += len(items) - len(batch)
    cleaned = normalise_texts([item.text for item in batch])
    scores, threshold = spam_scores(
        [
            f"{item.title}\n{text.text}" if item.title else text.text
            for item, text in zip(batch, cleaned, strict=True)
        ]
    )
    signatures = []
    for text in cleaned:
        signature = signature_of(canonical_form(text.text))
        signatures.append(to_bytes(signature) if signature is not None else None)
    return _Prepared(batch, cleaned, scores, threshold, signatures)


def _take_turns(source: Source) -> None:
    """Hold the source's row until the batch commits, so that batches into one source
    take turns: a post two of them bring is created by one and updated by the other,
    and each says which it did. (PostgreSQL; SQLite's IMMEDIATE transactions already
    run one writer at a time.)"""
    list(Source.objects.select_for_update().filter(pk=source.pk).values_list("pk", flat=True))


def _record_batch(
    source: Source,
    prepared: _Prepared,
    result: RecordResult,
    detector: NearDuplicateDetector,
) -> None:
    kept = _without_erased_authors(source, prepared.items, result)
    if not kept:
        return
    if len(kept) < len(prepared.items):
        prepared = prepared.keep({item.external_id for item in kept})
    batch, threshold = prepared.items, prepared.threshold
    authors = _participants_for(source, batch)
    existing = dict(
        Post.objects.filter(
            source=source, external_id__in=[item.external_id for item in batch]
        ).values_list("external_id", "id")
    )
    posts = [
        _post_from(
            source, item, authors.get(item.author_handle), text, signature, score >= threshold
        )
        for item, text, signature, score in zip(
            batch, prepared.cleaned, prepared.signatures, prepared.scores, strict=True
        )
    ]
    for post, score in zip(posts, prepared.scores, strict=True):
        post.spam_score = score
    new_posts = [post for post in posts if post.external_id not in existing]
    changed_posts = [post for post in posts if post.external_id in existing]
    for post in changed_posts:
        post.id = existing[post.external_id]
        # Waiting again; an analysis of the old text under way must not be stored.
        post.analysed_at, post.analysis_claim, post.analysis_claimed_at = None, None, None
    Post.objects.bulk_create(new_posts)
    Post.objects.bulk_update(
        changed_posts, [*UPDATABLE_FIELDS, "analysed_at", "analysis_claim", "analysis_claimed_at"]
    )
    # A changed text is judged again, unless a person has judged the post.
    Post.objects.filter(
        id__in=[post.id for post in changed_posts], spam_marked__isnull=True
    ).update(is_spam=Q(spam_score__gte=threshold))
    _link_copies(new_posts, detector)
    flag_spam(source.workspace_id, posts)
    _link_threads(source, batch)
    _record_creation_events(new_posts)
    result.created += len(new_posts)
    result.created_ids.update(post.external_id for post in new_posts)
    result.updated += len(changed_posts)
    result.post_ids.extend(post.id for post in posts)


def _without_erased_authors(
    source: Source, batch: list[IncomingPost], result: RecordResult
) -> list[IncomingPost]:
    erased = erased_among(source.workspace_id, source.channel, (i.author_handle for i in batch))
    if not erased:
        return batch
    result.withheld_ids.extend(i.external_id for i in batch if i.author_handle in erased)
    return [item for item in batch if item.author_handle not in erased]


def _post_from(
    source: Source,
    item: IncomingPost,
    author: Participant | None,
    cleaned: NormalisedText,
    signature: bytes | None,
    is_spam: bool = False,
) -> Post:
    return Post(
        workspace_id=source.workspace_id,
        source=source,
        channel=source.channel,
        external_id=item.external_id,
        author=author,
        author_handle=item.author_handle,
        title=clean_text(item.title),
        text=cleaned.text,
        language=cleaned.language,
        references=cleaned.references(),
        canonical_hash=cleaned.canonical_hash,
        minhash=signature,
        url=item.url,
        created_at=item.created_at,
        rating=item.rating,
        parent_external_id=item.parent_external_id,
        likes=item.likes,
        shares=item.shares,
        raw=item.raw,
        is_spam=is_spam,
    )


def _link_copies(new_posts: Sequence[Post], detector: NearDuplicateDetector) -> None:
    signatures = [
        None if post.minhash is None else from_bytes(bytes(post.minhash)) for post in new_posts
    ]
    copies = link_near_duplicates(new_posts, signatures, detector)
    # One UPDATE per original: bulk_update's CASE expression cost more than the copies.
    by_original: dict[int, list[int]] = defaultdict(list)
    for copy in copies:
        if copy.near_duplicate_of_id is not None:
            by_original[copy.near_duplicate_of_id].append(copy.id)
    for original, copy_ids in by_original.items():
        Post.objects.filter(id__in=copy_ids).update(near_duplicate_of_id=original)


def _participants_for(source: Source, batch: Sequence[IncomingPost]) -> dict[str, Participant]:
    """The participant behind each handle in the batch, created on first sight."""
    first_seen: dict[str, IncomingPost] = {}
    for item in batch:
        if item.author_handle:
            first_seen.setdefault(item.author_handle, item)
    identities = Identity.objects.filter(
        workspace_id=source.workspace_id, channel=source.channel, handle__in=list(first_seen)
    ).select_related("participant")
    known = {identity.handle: identity.participant for identity in identities}
    # In handle order, so that imports running side by side lock the same handles in the
    # same order and wait for each other instead of deadlocking (PostgreSQL).
    missing = [item for handle, item in sorted(first_seen.items()) if handle not in known]
    created = Participant.objects.bulk_create(
        [
            Participant(
                workspace_id=source.workspace_id,
                display_name=item.author_name or item.author_handle,
                email=item.author_email,
            )
            for item in missing
        ]
    )
    # Another import of the same channel may add the same handle at the same moment: its
    # identity wins, and the participant made here for it is removed again.
    Identity.objects.bulk_create(
        [
            Identity(
                workspace_id=source.workspace_id,
                participant=participant,
                channel=source.channel,
                handle=item.author_handle,
                audience=item.author_audience,
            )
            for item, participant in zip(missing, created, strict=True)
        ],
        ignore_conflicts=True,
    )
    ours = {item.author_handle: p for item, p in zip(missing, created, strict=True)}
    stored = Identity.objects.filter(
        workspace_id=source.workspace_id, channel=source.channel, handle__in=list(ours)
    ).select_related("participant")
    for identity in stored:
        known[identity.handle] = identity.participant
    lost = [p.pk for handle, p in ours.items() if known[handle].pk != p.pk]
    if lost:
        Participant.objects.filter(pk__in=lost).delete()
    return known


def _link_threads(source: Source, batch: Sequence[IncomingPost]) -> None:
    """Point replies at their parent and their thread's first post; recount replies.

    Covers replies in this batch and earlier replies whose parent arrives only now.
    """
    batch_ids = [item.external_id for item in batch]
    replies = list(
        Post.objects.filter(source=source, parent__isnull=True)
        .exclude(parent_external_id="")
        .filter(Q(external_id__in=batch_ids) | Q(parent_external_id__in=batch_ids))
        .order_by("created_at", "id")
        .only("id", "external_id", "parent_external_id")
    )
    if not replies:
        return
    parents = Post.objects.filter(
        source=source, external_id__in={reply.parent_external_id for reply in replies}
    ).values_list("external_id", "id", "thread_root_id")
    known = {external_id: (pk, root) for external_id, pk, root in parents}
    linked = []
    for reply in replies:
        if reply.parent_external_id not in known:
            continue  # The parent has not arrived yet; its import will link this reply.
        parent_id, parent_root = known[reply.parent_external_id]
        root = parent_root or parent_id
        known[reply.external_id] = (reply.id, root)
        linked.append(Post(id=reply.id, parent_id=parent_id, thread_root_id=root))
    Post.objects.bulk_update(linked, ["parent", "thread_root"])
    _recount_replies({post.parent_id for post in linked if post.parent_id is not None})


def _recount_replies(parent_ids: set[int]) -> None:
    reply_counts = (
        Post.objects.filter(parent=OuterRef("pk")).values("parent").annotate(n=Count("id"))
    )
    Post.objects.filter(id__in=parent_ids).update(
        reply_count=Coalesce(Subquery(reply_counts.values("n")), 0)
    )


def _record_creation_events(new_posts: Sequence[Post]) -> None:
    """One ladder event per new post with an author, written by the database in one go.

    A copy of another person's post (a retweet, a quoted share) is curation, not creation:
    its author gets a `share` event on the original, so the original's author is credited
    with the reach (influence, advocacy) and the sharer does not climb to creation by
    passing something on. A copy of one's own post stays creation.

    INSERT ... SELECT instead of bulk_create: building the ORM statement cost a third of
    the whole import's database time.
    """
    ids = [post.id for post in new_posts if post.author_id is not None]
    if not ids:
        return
    events = EngagementEvent._meta.db_table
    posts = Post._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    shared = "o.author_id IS NOT NULL AND o.author_id <> p.author_id"
    details = f"CASE WHEN {shared} THEN '{{\"copy_post_id\": ' || p.id || '}}' ELSE '{{}}' END"
    if connection.vendor == "postgresql":
        details = f"CAST({details} AS jsonb)"
    sql = (
        f"INSERT INTO {events} "  # noqa: S608 (table names come from the models, not users)
        "(workspace_id, participant_id, stage, action, post_id, occurred_at, details, "
        "external_id) "
        f"SELECT p.workspace_id, p.author_id, CASE WHEN {shared} THEN %s ELSE %s END, "
        f"CASE WHEN {shared} THEN %s ELSE %s END, "
        f"CASE WHEN {shared} THEN o.id ELSE p.id END, p.created_at, {details}, '' "
        f"FROM {posts} p LEFT JOIN {posts} o ON o.id = p.near_duplicate_of_id "
        f"WHERE p.id IN ({marks})"
    )
    curation, creation = EngagementEvent.Stage.CURATION.value, EngagementEvent.Stage.CREATION.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [curation, creation, "share", "post", *ids])


def participant_for_handle(
    workspace: Workspace,
    *,
    channel: str,
    handle: str,
    display_name: str = "",
    email: str = "",
    audience: int = 0,
) -> Participant:
    """The participant behind `handle` on `channel`, created with an identity on first sight."""
    identity = (
        Identity.objects.filter(workspace=workspace, channel=channel, handle=handle)
        .select_related("participant")
        .first()
    )
    if identity is not None:
        return identity.participant
    participant = Participant.objects.create(
        workspace=workspace, display_name=display_name or handle, email=email
    )
    Identity.objects.create(
        workspace=workspace,
        participant=participant,
        channel=channel,
        handle=handle,
        audience=audience,
    )
    return participant
