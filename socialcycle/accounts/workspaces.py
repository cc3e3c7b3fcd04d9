"""Setting up an organisation and changing its workspace: name, slug, time zone and the
names it listens for. Every change is recorded in the audit log (docs/setup.md).

Errors are `SetupError`s, one sentence each, shown as they are by the first-run page,
the Settings page and `socialcycle init`.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import Membership, Role, TrackedName, User, Workspace
from socialcycle.accounts.services import add_member
from socialcycle.lib.errors import DomainError
from socialcycle.lib.tasks import enqueue

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")
# Queued by name: understanding comes after this app (docs/architecture.md).
REDETECT_TASK = "understanding.redetect_mentions"
REBUILD_ROLLUPS_TASK = "measuring.rebuild_rollups"
MAX_ALIASES = 50


class SetupError(DomainError):
    """A value the organisation must change, said as one sentence."""

    code = "setup"


@dataclass(frozen=True)
class NameSpec:
    """A tracked name as typed: `Lumio App=the app,LumioApp`."""

    name: str
    aliases: tuple[str, ...] = ()
    case_sensitive: bool = False

    @classmethod
    def parse(cls, text: str, *, case_sensitive: bool = False) -> NameSpec:
        name, _, aliases = text.partition("=")
        return cls(name.strip(), split_aliases(aliases), case_sensitive)


@dataclass(frozen=True)
class Organisation:
    """What the first run and `socialcycle init` ask for, besides the first admin."""

    name: str
    slug: str
    time_zone: str = "UTC"
    description: str = ""
    brand: str = ""
    products: tuple[NameSpec, ...] = field(default=())
    competitors: tuple[NameSpec, ...] = field(default=())


def split_aliases(text: str) -> tuple[str, ...]:
    """Comma- or newline-separated aliases, blanks and repeats left out."""
    seen: dict[str, None] = {}
    for part in re.split(r"[,\n]", text):
        if part.strip():
            seen.setdefault(part.strip(), None)
    return tuple(seen)


@lru_cache(maxsize=1)
def known_time_zones() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted (read once: it scans files)."""
    return tuple(sorted(available_timezones() | {"UTC"}))


def check_time_zone(name: str) -> str:
    """An IANA time zone name ("Europe/Berlin", "UTC"), or a SetupError."""
    name = name.strip()
    try:
        if name and name in known_time_zones():
            ZoneInfo(name)
            return name
    except (ZoneInfoNotFoundError, ValueError):
        pass
    raise SetupError(f"{name!r} is not a time zone; use an IANA name such as Europe/Berlin or UTC.")


def check_slug(slug: str, *, keeping: Workspace | None = None) -> str:
    """A free slug of lower-case letters, digits and dashes, or a SetupError."""
    slug = slug.strip()
    if not SLUG.fullmatch(slug):
        raise SetupError(
            f"{slug!r} is not a usable slug: use 1 to 60 lower-case letters, digits and "
            "dashes, starting and ending with a letter or digit."
        )
    taken = Workspace.objects.filter(slug=slug)
    if keeping is not None:
        taken = taken.exclude(pk=keeping.pk)
    if taken.exists():
        raise SetupError(_slug_taken(slug))
    return slug


def _slug_taken(slug: str) -> str:
    return f"the slug {slug!r} is taken by another workspace; choose another."


def check_name(name: str, what: str = "the organisation's name") -> str:
    name = name.strip()
    if not name:
        raise SetupError(f"{what} is empty.")
    if len(name) > 120:
        raise SetupError(f"{what} is longer than 120 characters.")
    return name


def check_admin(username: str, email: str, password: str) -> None:
    """The first admin's account, checked before anything is written."""
    if not username.strip():
        raise SetupError("the admin's username is empty.")
    if User.objects.filter(username=username.strip()).exists():
        raise SetupError(f"the username {username.strip()!r} is taken.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise SetupError(f"{email!r} is not an e-mail address.") from None
    try:
        validate_password(password, User(username=username, email=email))
    except ValidationError as error:
        raise SetupError("the password is too weak: " + " ".join(error.messages)) from None


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def is_first_run() -> bool:
    """Whether nothing is set up yet: no workspace and no user at all."""
    return not Workspace.objects.exists() and not User.objects.exists()


def set_up_first_workspace(
    organisation: Organisation, *, username: str, email: str, password: str
) -> tuple[Workspace, User]:
    """The first run: the first workspace and its admin, who may also use the Django admin.

    Refused once any workspace or user exists, so the first-run page cannot be used to
    take over an installation that is already set up.
    """
    check_admin(username, email, password)
    with transaction.atomic():
        if not is_first_run():
            raise SetupError("this installation is set up already; sign in instead.")
        admin = User.objects.create_superuser(
            username=username.strip(), email=email.strip(), password=password
        )
        workspace = create_organisation(organisation, admin)
    return workspace, admin


def create_organisation(organisation: Organisation, admin: User) -> Workspace:
    """A workspace with its brand, products and competitors; `admin` becomes its admin."""
    name = check_name(organisation.name)
    slug = check_slug(organisation.slug)
    zone = check_time_zone(organisation.time_zone)
    names = [
        (TrackedName.Kind.BRAND, NameSpec.parse(organisation.brand))
        if organisation.brand.strip()
        else None,
        *[(TrackedName.Kind.PRODUCT, spec) for spec in organisation.products],
        *[(TrackedName.Kind.COMPETITOR, spec) for spec in organisation.competitors],
    ]
    with transaction.atomic():
        try:
            with transaction.atomic():
                workspace = Workspace.objects.create(
                    name=name,
                    slug=slug,
                    time_zone=zone,
                    description=organisation.description.strip(),
                )
        except IntegrityError:  # taken between check_slug and now by someone else
            raise SetupError(_slug_taken(slug)) from None
        add_member(workspace, admin, Role.ADMIN)
        record_change(
            workspace,
            admin,
            AuditAction.CREATE,
            "workspace",
            workspace.pk,
            after={"name": name, "slug": slug, "time_zone": zone, "admin": admin.username},
        )
        for kind, spec in filter(None, names):
            save_tracked_name(workspace, by=admin, kind=kind, spec=spec)
    return workspace


def may_create_workspace(user: User) -> bool:
    """Whether `user` may create a workspace of their own on the web.

    Anyone signed in, unless the installation turned ALLOW_WORKSPACE_CREATION off; then
    only superusers and admins of a workspace, who could already (Settings → Create
    another workspace).
    """
    if settings.ALLOW_WORKSPACE_CREATION or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def create_own_workspace(organisation: Organisation, user: User) -> Workspace:
    """A workspace that a signed-in user creates for themselves; they become its admin."""
    if not may_create_workspace(user):
        raise SetupError(
            "this installation lets only administrators create workspaces; ask one to "
            "create it for you or to invite you to theirs."
        )
    return create_organisation(organisation, user)


def update_workspace(
    workspace: Workspace,
    *,
    by: User,
    name: str,
    slug: str,
    time_zone: str,
    description: str = "",
) -> list[str]:
    """Change the workspace's own fields; returns the names of those that changed.

    A new time zone moves every local day, so the dashboard's rollups are recounted.
    """
    wanted = {
        "name": check_name(name),
        "slug": check_slug(slug, keeping=workspace),
        "time_zone": check_time_zone(time_zone),
        "description": description.strip(),
    }
    if not workspace.time_zone and wanted["time_zone"] == settings.TIME_ZONE:
        wanted["time_zone"] = ""  # the server's zone, as it was: nothing to recount
    before = {key: getattr(workspace, key) for key in wanted}
    changed = [key for key, value in wanted.items() if before[key] != value]
    if not changed:
        return []
    with transaction.atomic():
        for key in changed:
            setattr(workspace, key, wanted[key])
        workspace.save(update_fields=changed)
        record_change(
            workspace,
            by,
            AuditAction.CHANGE,
            "workspace",
            workspace.pk,
            before={key: before[key] for key in changed},
            after={key: wanted[key] for key in changed},
        )
        if "time_zone" in changed:
            enqueue(REBUILD_ROLLUPS_TASK, workspace.pk)
    return changed


def set_correction_sharing(workspace: Workspace, share: bool, *, by: User) -> bool:
    """Let the workspace's corrections train the shared models too (or only its own).

    Takes effect at the next `socialcycle train`; returns whether the setting changed.
    """
    if workspace.share_corrections == share:
        return False
    with transaction.atomic():
        Workspace.objects.filter(pk=workspace.pk).update(share_corrections=share)
        record_change(
            workspace,
            by,
            AuditAction.CHANGE,
            "workspace",
            workspace.pk,
            before={"share_corrections": workspace.share_corrections},
            after={"share_corrections": share},
        )
    workspace.share_corrections = share
    return True


def save_tracked_name(
    workspace: Workspace,
    *,
    by: User | None,
    kind: str,
    spec: NameSpec,
    tracked: TrackedName | None = None,
) -> TrackedName:
    """Add a tracked name, or change `tracked`; recent posts are searched for it again."""
    if kind not in TrackedName.Kind.values:
        raise SetupError(f"{kind!r} is not a kind of name; choose one of {_kinds()}.")
    name = check_name(spec.name, f"the {kind}'s name")
    aliases = [alias for alias in spec.aliases if alias != name]
    if len(aliases) > MAX_ALIASES:
        raise SetupError(f"{name} has more than {MAX_ALIASES} aliases.")
    if any(len(alias) > 120 for alias in aliases):
        raise SetupError(f"an alias of {name} is longer than 120 characters.")
    clash = TrackedName.objects.filter(workspace=workspace, kind=kind, name=name)
    if tracked is not None:
        clash = clash.exclude(pk=tracked.pk)
    if clash.exists():
        raise SetupError(f"the {kind} {name!r} is tracked already.")
    after = {"kind": kind, "name": name, "aliases": aliases, "case_sensitive": spec.case_sensitive}
    with transaction.atomic():
        if tracked is None:
            before: dict[str, object] = {}
            tracked = TrackedName(workspace=workspace)
        else:
            before = _fields(tracked)
        tracked.kind, tracked.name, tracked.aliases = kind, name, aliases
        tracked.case_sensitive = spec.case_sensitive
        tracked.save()
        if before != after:
            record_change(
                workspace,
                by,
                AuditAction.CHANGE if before else AuditAction.TRACK,
                "tracked_name",
                tracked.pk,
                before=before,
                after=after,
            )
            names_changed(workspace)
    return tracked


def remove_tracked_name(tracked: TrackedName, *, by: User) -> None:
    """Stop listening for a name; it is taken out of recent posts' mentions too."""
    workspace = tracked.workspace
    with transaction.atomic():
        record_change(
            workspace, by, AuditAction.UNTRACK, "tracked_name", tracked.pk, before=_fields(tracked)
        )
        tracked.delete()
        names_changed(workspace)


def names_changed(workspace: Workspace) -> None:
    """Mark the workspace's mentions stale and wake the task that finds them again."""
    Workspace.objects.filter(pk=workspace.pk).update(names_changed_at=timezone.now())
    enqueue(REDETECT_TASK, workspace.pk)


def _fields(tracked: TrackedName) -> dict[str, object]:
    return {
        "kind": tracked.kind,
        "name": tracked.name,
        "aliases": list(tracked.aliases),
        "case_sensitive": tracked.case_sensitive,
    }


def _kinds() -> str:
    return ", ".join(TrackedName.Kind.values)


def workspaces_of(user: User) -> list[Membership]:
    """The user's memberships, by workspace name (for the workspace switcher)."""
    return list(
        Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name")
    )
