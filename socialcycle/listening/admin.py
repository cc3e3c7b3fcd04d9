from django.contrib import admin

from socialcycle.listening.models import (
    EngagementEvent,
    Identity,
    ImportRun,
    Participant,
    Post,
    Source,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = ["name", "channel", "workspace", "created_at"]
    list_filter = ["channel"]


class IdentityInline(admin.TabularInline[Identity, Participant]):
    model = Identity
    extra = 0


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin[Participant]):
    list_display = ["display_name", "email", "workspace", "influence", "merged_into"]
    search_fields = ["display_name", "email", "identities__handle"]
    raw_id_fields = ["merged_into"]
    inlines = [IdentityInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = ["external_id", "channel", "author_handle", "created_at", "analysed_at"]
    list_filter = ["channel", "source"]
    search_fields = ["external_id", "text", "author_handle"]
    raw_id_fields = ["author", "parent", "thread_root", "near_duplicate_of"]
    date_hierarchy = "created_at"


@admin.register(EngagementEvent)
class EngagementEventAdmin(admin.ModelAdmin[EngagementEvent]):
    list_display = ["participant", "stage", "action", "occurred_at"]
    list_filter = ["stage"]
    raw_id_fields = ["participant", "post"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin[ImportRun]):
    list_display = ["file_name", "source", "status", "created", "updated", "rejected", "started_at"]
    list_filter = ["status"]
    readonly_fields = ["file_sha256", "problems", "last_position", "stored_path"]
