from django.contrib import admin

from socialcycle.responding.models import Notification, Reply


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin[Reply]):
    list_display = ["post", "author", "created_at", "published_at"]
    raw_id_fields = ["post"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["subject", "kind", "medium", "participant", "user", "sent_at"]
    list_filter = ["kind", "medium"]
    raw_id_fields = ["participant", "insight"]
