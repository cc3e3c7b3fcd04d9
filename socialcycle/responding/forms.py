"""Forms of the responding app: inbox filters, replies."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from socialcycle.acting.models import Team
from socialcycle.listening.models import Channel
from socialcycle.responding.inbox import InboxFilters
from socialcycle.responding.models import ReplyTemplate
from socialcycle.understanding.models import KIND_CHOICES, SENTIMENT_CHOICES, Topic

ANY: list[tuple[str, str]] = [("", "any")]


class InboxFilterForm(forms.Form):
    channel = forms.ChoiceField(choices=ANY + list(Channel.choices), required=False)
    kind = forms.ChoiceField(choices=ANY + KIND_CHOICES, required=False)
    sentiment = forms.ChoiceField(choices=ANY + SENTIMENT_CHOICES, required=False)
    topic = forms.ModelChoiceField(queryset=Topic.objects.none(), required=False, empty_label="any")
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, empty_label="any")
    min_urgency = forms.FloatField(required=False, min_value=0, max_value=1, label="Urgency ≥")
    unanswered = forms.BooleanField(required=False, initial=True, label="Unanswered only")
    mine = forms.BooleanField(required=False, label="Assigned to me")
    spam = forms.ChoiceField(
        choices=[("hide", "hidden"), ("include", "shown too"), ("only", "only spam")],
        required=False,
        label="Spam",
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic, team = self.fields["topic"], self.fields["team"]
        assert isinstance(topic, forms.ModelChoiceField)
        assert isinstance(team, forms.ModelChoiceField)
        topic.queryset = Topic.objects.filter(
            workspace_id=workspace_id, merged_into__isnull=True
        ).exclude(centroid=None)
        team.queryset = Team.objects.filter(workspace_id=workspace_id)

    def filters(self) -> InboxFilters:
        if not self.is_bound:
            return InboxFilters()
        if not self.is_valid():
            return InboxFilters()
        data = self.cleaned_data
        return InboxFilters(
            channel=data["channel"],
            kind=data["kind"],
            sentiment=data["sentiment"],
            topic_id=data["topic"].pk if data["topic"] else None,
            team_id=data["team"].pk if data["team"] else None,
            min_urgency=data["min_urgency"],
            unanswered=data["unanswered"],
            mine=data["mine"],
            spam=data["spam"] or "hide",
        )


class ReplyForm(forms.Form):
    # One sending: a second click or a re-sent form carries the same key and sends nothing.
    # (A form without one, from a page opened before this field existed, still sends.)
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    template = forms.ModelChoiceField(
        queryset=ReplyTemplate.objects.none(), required=False, empty_label="(no template)"
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=5000
    )
    reason = forms.CharField(required=False, label="Reason (declining templates)")
    alternative = forms.CharField(required=False, label="Alternative (declining templates)")

    def __init__(
        self, *args: Any, workspace_id: int, in_an_insight: bool = True, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"key": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        template = self.fields["template"]
        assert isinstance(template, forms.ModelChoiceField)
        templates = ReplyTemplate.objects.filter(workspace_id=workspace_id)
        if not in_an_insight:  # {insight_status} would have nothing true to say
            templates = templates.exclude(body__contains="{insight_status}")
        template.queryset = templates


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=120)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Variables: {name}, {insight_status}; "
        "declining ones also {reason}, {alternative}.",
    )
    is_decline = forms.BooleanField(
        required=False, label="Declining (asks for a reason and an alternative)"
    )
