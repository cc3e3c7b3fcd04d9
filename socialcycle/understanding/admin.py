from django.contrib import admin

from socialcycle.understanding.models import Correction, PostAnalysis, PostKind, Topic


class PostKindInline(admin.TabularInline[PostKind, PostAnalysis]):
    model = PostKind
    extra = 0


@admin.register(PostAnalysis)
class PostAnalysisAdmin(admin.ModelAdmin[PostAnalysis]):
    list_display = [
        "post",
        "sentiment",
        "sentiment_score",
        "primary_kind",
        "urgency",
        "analysed_at",
    ]
    list_filter = ["sentiment", "primary_kind", "is_abusive"]
    raw_id_fields = ["post", "topic"]
    inlines = [PostKindInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ["label", "workspace", "named_by_person", "merged_into"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin[Correction]):
    list_display = ["post", "field", "corrected_by", "corrected_at"]
    raw_id_fields = ["post"]
