from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from socialcycle.accounts.models import (
    ApiToken,
    AuditEvent,
    Membership,
    TrackedName,
    User,
    Workspace,
)


class MembershipInline(admin.TabularInline[Membership, Workspace]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class TrackedNameInline(admin.TabularInline[TrackedName, Workspace]):
    model = TrackedName
    extra = 0


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin[Workspace]):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, TrackedNameInline]


admin.site.register(User, UserAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = [
        "name",
        "prefix",
        "workspace",
        "user",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "secret_hash", "created_at", "last_used_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["created_at", "workspace", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # The audit log is evidence; nobody edits it.


def _sign_in_through_the_staff_page(
    request: HttpRequest, extra_context: dict[str, object] | None = None
) -> HttpResponse:
    """The admin's own sign-in form would bypass the staff sign-in's lockout and rate
    limit (accounts/views.sign_in): it sends people there, and back once signed in."""
    del extra_context
    after = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect_to_login(after, reverse("accounts:login"))


admin.site.login = _sign_in_through_the_staff_page  # type: ignore[method-assign]
