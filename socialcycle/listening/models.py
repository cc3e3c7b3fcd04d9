"""What customers said, where, and who they are."""

from __future__ import annotations

from django.db import models

from socialcycle.accounts.models import Workspace


class Channel(models.TextChoices):
    """The kind of place a conversation happens; dashboards group by it."""

    SOCIAL = "social", "Social network"
    REVIEW = "review", "Review site"
    APP_STORE = "app_store", "App store"
    COMMUNITY = "community", "Community"
    EMAIL = "email", "E-mail"
    FEED = "feed", "RSS/Atom feed"
    SUPPORT = "support", "Support tickets"
    API = "api", "Intake API"


class Source(models.Model):
    """One configured origin of posts: an export, a feed, a mailbox, the community."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(max_length=120)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    # Importer settings such as the column mapping or the feed URL; shaped by the importer.
    config = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="source_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Connection(models.Model):
    """A source socialcycle polls itself (listening/connectors/): which connector, its
    settings, its sealed credentials, where the next fetch starts, and how polling goes.

    `cursor` is saved in the same transaction as the posts it ends, so a restart neither
    loses nor repeats a page. `last_error` is one sentence for the Sources page.
    """

    source = models.OneToOneField(
        Source, on_delete=models.CASCADE, primary_key=True, related_name="connection"
    )
    kind = models.CharField(max_length=40)
    settings = models.JSONField(default=dict, blank=True)
    # Fernet-sealed JSON (lib/credentials.py); never shown again once saved.
    credentials = models.TextField(blank=True)
    cursor = models.TextField(blank=True)
    poll_seconds = models.PositiveIntegerField(default=900)
    paused = models.BooleanField(default=False)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    fetched_last = models.PositiveIntegerField(default=0)
    fetched_total = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)
    # The first failure of the present failing spell; cleared by the next success.
    failing_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # When the admins were told that polling keeps failing; cleared by the next success.
    admins_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["paused", "next_poll_at"], name="connection_due")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.source_id}"


class Participant(models.Model):
    """One person, however many channels they speak on."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, db_index=True)
    customer_id = models.CharField(max_length=120, blank=True, db_index=True)
    influence = models.FloatField(default=0.0)
    # The person asked for no more e-mail from this workspace (community notices still show).
    email_opt_out = models.BooleanField(default=False)
    # Set when staff merged this person into another; the other one carries on.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.display_name


class Identity(models.Model):
    """A participant's handle on one channel; the same handle is always the same person."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="identities")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="identities"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    handle = models.CharField(max_length=200)
    audience = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "identities"
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "channel", "handle"], name="handle_unique_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.handle} on {self.channel}"


class ErasedHandle(models.Model):
    """A handle whose person was erased on request: posts from it are not collected again.

    Only a digest of the handle is kept (see listening/erasures.py), so the list of erased
    people does not itself name them.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    digest = models.CharField(max_length=64)
    erased_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "channel", "digest"], name="erased_handle_unique"
            )
        ]

    def __str__(self) -> str:
        return f"an erased handle on {self.channel}"


class Post(models.Model):
    """One thing someone said: a tweet, a review, an e-mail, a community idea or answer."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="posts")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="posts")
    # Copied from the source so dashboards group by channel without a join.
    channel = models.CharField(max_length=20, choices=Channel.choices)
    external_id = models.CharField(max_length=255)
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    author_handle = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    url = models.URLField(max_length=1000, blank=True)
    created_at = models.DateTimeField()
    imported_at = models.DateTimeField(auto_now_add=True)
    # The parent as the channel names it; kept so a reply that arrives before its parent
    # is linked when the parent comes.
    parent_external_id = models.CharField(max_length=255, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    thread_root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="thread_posts"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    likes = models.PositiveIntegerField(default=0)
    shares = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=12, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    # What the text points to, found on the way in: {"urls": [], "mentions": [], "hashtags": []}.
    references = models.JSONField(default=dict, blank=True)
    # Copies share this hash of the text without links, mentions, case and punctuation.
    canonical_hash = models.CharField(max_length=16, blank=True)
    # MinHash signature for fuzzy copies (socialcycle.listening.dedup); NULL for short texts.
    minhash = models.BinaryField(null=True, blank=True)
    near_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="near_duplicates"
    )
    # The verdict every page obeys: a person's mark where there is one, else the machine's
    # (listening/spam.py: the score, copies from many authors, one author flooding).
    is_spam = models.BooleanField(default=False)
    # The spam scorer's probability at intake; NULL for posts stored before it existed.
    spam_score = models.FloatField(null=True, blank=True)
    # A person's verdict (None: none yet); it wins over the machine from then on.
    spam_marked = models.BooleanField(null=True, blank=True)
    # NULL until understanding has analysed the post; its task claims rows by this column.
    analysed_at = models.DateTimeField(null=True, blank=True)
    # Which analysis worker holds the waiting post, and since when (understanding.services);
    # a change to the post clears the claim, so a result for the old text is not stored.
    # Nullable, so adding them does not rewrite a large posts table on SQLite.
    analysis_claim = models.UUIDField(null=True, blank=True)
    analysis_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="post_external_id_unique_per_source"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="post_rating_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "created_at"], name="post_by_time"),
            models.Index(fields=["workspace", "channel", "created_at"], name="post_by_channel"),
            models.Index(fields=["analysed_at"], name="post_pending_analysis"),
            models.Index(fields=["source", "parent_external_id"], name="post_by_parent_ref"),
            models.Index(fields=["workspace", "canonical_hash"], name="post_by_canonical_hash"),
            # The People directory: a person's latest post and post count from the index
            # alone (measuring/people/queries.py); their page lists their posts newest first.
            models.Index(fields=["author", "created_at"], name="post_by_author"),
            # The dashboard's "people": distinct authors of a period without reading posts.
            models.Index(fields=["workspace", "created_at", "author"], name="post_authors_by_time"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_id}"


class EngagementEvent(models.Model):
    """One step a participant took on the engagement ladder.

    Lives here, at the start of the flow, because listening (shares, commerce imports),
    community (votes, posts) and responding (e-mail opens) all record events.
    """

    class Stage(models.TextChoices):
        CONSUMPTION = "consumption", "Consumption"
        CURATION = "curation", "Curation"
        CREATION = "creation", "Creation"
        COLLABORATION = "collaboration", "Collaboration"
        TRIAL = "trial", "Trial"
        PURCHASE = "purchase", "Purchase"
        ADVOCACY = "advocacy", "Advocacy"

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="engagement_events"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="engagement_events"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices)
    action = models.CharField(max_length=40)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL)
    occurred_at = models.DateTimeField()
    details = models.JSONField(default=dict, blank=True)
    # The event's id in the system that reported it (a CRM, a shop); "" for events this
    # application derived itself. Re-importing the same event is a no-op.
    external_id = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "external_id"],
                condition=~models.Q(external_id=""),
                name="engagement_external_id_unique",
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "stage", "occurred_at"], name="engagement_by_stage"),
            models.Index(fields=["participant", "occurred_at"], name="engagement_by_person"),
            # Covers the ladder's "first time each person reached each stage" aggregate,
            # which then never reads the table (measuring/ladder/funnel.py, 4x faster at 1M events).
            models.Index(
                fields=["workspace", "participant", "stage", "occurred_at"],
                name="engagement_ladder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.action} ({self.stage})"


class ImportRun(models.Model):
    """One import of one file into a source: its counts, its problems, how far it got.

    `last_position` is the number of records (rows, lines or items) whose outcome is
    committed, so an interrupted import resumes after it. A web import is queued, then
    claimed by one worker (`worker`), which writes `heartbeat_at` with every batch; a run
    whose heartbeat stops is marked interrupted by `listening.watch_imports` and can be
    resumed. Every run ends finished ("done") or failed/interrupted with `failure` saying why.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Done"
        INTERRUPTED = "interrupted", "Interrupted"
        FAILED = "failed", "Failed"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="import_runs")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="import_runs")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=20)
    mapping = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    started_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_position = models.PositiveIntegerField(default=0)
    # Lines in the file when it was received: an upper bound of its records, for progress.
    total_estimate = models.PositiveIntegerField(null=True, blank=True)
    # Where an upload waits for its import (under DATA_DIR/uploads); "" for CLI imports.
    stored_path = models.CharField(max_length=500, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # Posts by people erased on request, not stored (listening/erasures.py).
    withheld = models.PositiveIntegerField(default=0)
    # The first problems, as {file, where, field, problem}; `rejected` counts them all.
    problems = models.JSONField(default=list, blank=True)
    # The worker carrying the run out (a token it alone knows) and when it last stored a batch.
    worker = models.CharField(max_length=32, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Why a run failed or stopped, as a sentence for the page and the CLI.
    failure = models.CharField(max_length=500, blank=True)
    # How often the run was resumed, and the position the latest resume started from.
    resumes = models.PositiveSmallIntegerField(default=0)
    resumed_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["source", "file_sha256", "status"], name="import_run_resume"),
            models.Index(fields=["status", "heartbeat_at"], name="import_run_by_status"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} into {self.source} ({self.status})"

    def is_done(self) -> bool:
        return self.status in (self.Status.FINISHED, self.Status.FAILED, self.Status.INTERRUPTED)

    def percent_done(self) -> int:
        if self.status == self.Status.FINISHED:
            return 100
        if not self.total_estimate:
            return 0
        return min(99, round(100 * self.last_position / self.total_estimate))
