"""Forms of the understanding app: correct a post's analysis or confirm its kinds, rename
and merge topics."""

from __future__ import annotations

from typing import Any

from django import forms

from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, SENTIMENT_LABELS
from socialcycle.understanding.models import Topic


class CorrectionForm(forms.Form):
    sentiment = forms.ChoiceField(choices=list(SENTIMENT_LABELS.items()))
    kinds = forms.MultipleChoiceField(
        choices=list(FEEDBACK_KIND_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The first one ticked in this list order becomes the main kind.",
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.none(), required=False, empty_label="(no topic)"
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic_field = self.fields["topic"]
        assert isinstance(topic_field, forms.ModelChoiceField)
        topic_field.queryset = Topic.objects.filter(
            workspace_id=workspace_id, merged_into__isnull=True, retired_by_person=False
        ).exclude(centroid=None)


class ConfirmKindsForm(forms.Form):
    """The kinds an analyst confirms on Review kinds; none ticked says the post has none."""

    kinds = forms.MultipleChoiceField(choices=list(FEEDBACK_KIND_LABELS.items()), required=False)


class RenameTopicForm(forms.Form):
    label = forms.CharField(max_length=200, label="New name")


class MergeTopicForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Topic.objects.none(), label="Merge into")

    def __init__(self, *args: Any, workspace_id: int, exclude: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        into = self.fields["into"]
        assert isinstance(into, forms.ModelChoiceField)
        into.queryset = (
            Topic.objects.filter(
                workspace_id=workspace_id, merged_into__isnull=True, retired_by_person=False
            )
            .exclude(centroid=None)
            .exclude(pk=exclude)
        )


# Periods a discovery may cover (days back from now); "" is the most recent posts.
DISCOVERY_PERIODS = {
    "": "the most recent posts",
    "7": "the last 7 days",
    "30": "the last 30 days",
    "90": "the last 90 days",
}


class DiscoveryForm(forms.Form):
    """Which posts to discover topics in: recent ones, the last days, or between two dates
    (imported history is older than any "last days")."""

    period = forms.ChoiceField(choices=list(DISCOVERY_PERIODS.items()), required=False)
    since = forms.DateField(required=False, label="from")
    until = forms.DateField(required=False, label="until (inclusive)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("the period's start must come before its end")
        return data

    def describe(self) -> str:
        data = self.cleaned_data
        if data.get("since") or data.get("until"):
            start = f"from {data['since']:%Y-%m-%d} " if data.get("since") else ""
            end = f"until {data['until']:%Y-%m-%d}" if data.get("until") else ""
            return f"the posts {start}{end}".strip()
        return DISCOVERY_PERIODS[data.get("period") or ""]
