"""Who may see what: workspaces, the people in them, their roles and tokens."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in: staff of a workspace, or a community participant (later)."""

    email = models.EmailField("e-mail address", blank=True)


class Workspace(models.Model):
    """One organisation or brand whose feedback cycle is run separately from all others."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    # An IANA name ("Europe/Berlin"); blank means the server's TIME_ZONE. The dashboard's
    # days, the digest's week (and its Monday morning) and the date filters are local days
    # in this zone; staff and community pages show dates in it.
    time_zone = models.CharField(max_length=64, blank=True)
    # Set when tracked names change; understanding.redetect_mentions finds the names in
    # recent posts again and clears it (docs/setup.md).
    names_changed_at = models.DateTimeField(null=True, blank=True)
    # Whether the analysts' corrections here also train the shared models every workspace
    # uses; otherwise they train only this workspace's own (docs/models.md). Admins only.
    share_corrections = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    def zone(self) -> ZoneInfo:
        """The zone whose local days the workspace's pages count in (the server's when
        the stored name is unknown, e.g. typed into the Django admin)."""
        try:
            return ZoneInfo(self.time_zone or settings.TIME_ZONE)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(settings.TIME_ZONE)


class TrackedName(models.Model):
    """A product, brand, competitor or keyword the workspace listens for, with its aliases."""

    class Kind(models.TextChoices):
        PRODUCT = "product", "Product"
        BRAND = "brand", "Brand"
        COMPETITOR = "competitor", "Competitor"
        KEYWORD = "keyword", "Keyword"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="tracked_names")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=120)
    aliases = models.JSONField(default=list, blank=True)
    # Match the name and aliases only as written, as whole words: "App" the product, not
    # "app" in a sentence.
    case_sensitive = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "kind", "name"], name="tracked_name_unique_per_workspace"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class Role(models.TextChoices):
    """Roles in rising order of power; `Role.rank` compares them."""

    VIEWER = "viewer", "Viewer"
    RESPONDER = "responder", "Responder"
    ANALYST = "analyst", "Analyst"
    ADMIN = "admin", "Admin"

    @classmethod
    def rank(cls, role: str) -> int:
        return [choice.value for choice in cls].index(role)


class Membership(models.Model):
    """A user's place in one workspace."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} as {self.role}"

    def has_role(self, needed: str) -> bool:
        """Whether this membership's role is at least `needed`."""
        return Role.rank(self.role) >= Role.rank(needed)


class ApiToken(models.Model):
    """A secret for the API, shown once; only its hash is kept."""

    class Scope(models.TextChoices):
        READ = "read", "Read"
        POSTS_WRITE = "posts:write", "Write posts"
        INSIGHTS_WRITE = "insights:write", "Write insights"
        ADMIN = "admin", "Admin"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=120)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=128)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AuditEvent(models.Model):
    """One change made by staff: who, what, when, before and after."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "-created_at"], name="audit_by_workspace")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"


class Invitation(models.Model):
    """An e-mailed invitation to join a workspace with a role, used once, for a week.

    The link carries a random secret; only its SHA-256 is kept, as for API tokens.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    secret_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.email} to {self.workspace} as {self.role}"

    @property
    def is_open(self) -> bool:
        from django.utils import timezone  # noqa: PLC0415 (models import nothing at load)

        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
