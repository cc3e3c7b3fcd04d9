from django.contrib import admin

from socialcycle.community.models import Vote


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin[Vote]):
    list_display = ["post", "participant", "kind", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["post", "participant"]
