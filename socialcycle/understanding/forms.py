"""Forms of the understanding app: correct a post's analysis, rename and merge topics."""

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
            workspace_id=workspace_id, merged_into__isnull=True
        ).exclude(centroid=None)


class RenameTopicForm(forms.Form):
    label = forms.CharField(max_length=200, label="New name")


class MergeTopicForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Topic.objects.none(), label="Merge into")

    def __init__(self, *args: Any, workspace_id: int, exclude: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        into = self.fields["into"]
        assert isinstance(into, forms.ModelChoiceField)
        into.queryset = (
            Topic.objects.filter(workspace_id=workspace_id, merged_into__isnull=True)
            .exclude(centroid=None)
            .exclude(pk=exclude)
        )
