from django.contrib import admin

from socialcycle.acting.models import Insight, InsightEvent, InsightPost, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "workspace"]
    filter_horizontal = ["members"]


class InsightPostInline(admin.TabularInline[InsightPost, Insight]):
    model = InsightPost
    extra = 0
    raw_id_fields = ["post"]


@admin.register(Insight)
class InsightAdmin(admin.ModelAdmin[Insight]):
    list_display = ["title", "kind", "status", "team", "owner", "sla_due_at"]
    list_filter = ["status", "kind", "team"]
    search_fields = ["title"]
    inlines = [InsightPostInline]


@admin.register(InsightEvent)
class InsightEventAdmin(admin.ModelAdmin[InsightEvent]):
    list_display = ["insight", "kind", "actor", "created_at"]
