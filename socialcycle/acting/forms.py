"""Forms of the acting app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from socialcycle.accounts.models import TrackedName, User
from socialcycle.acting.models import Insight, Team, Webhook
from socialcycle.acting.routing import Conditions
from socialcycle.acting.teams import MAX_HOLIDAYS
from socialcycle.listening.models import Channel
from socialcycle.understanding.models import KIND_CHOICES, SENTIMENT_CHOICES, Topic


class WebhookForm(forms.Form):
    url = forms.URLField(max_length=1000, label="Receiver URL", assume_scheme="https")
    format = forms.ChoiceField(
        choices=Webhook.Format.choices,
        initial=Webhook.Format.JSON,
        required=False,
        help_text="A chat's incoming webhook takes a message: Slack, Teams or Discord.",
    )
    events = forms.MultipleChoiceField(
        choices=Webhook.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Webhook.Event.values),
    )


class RoutingRuleForm(forms.Form):
    name = forms.CharField(max_length=120)
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)
    new_team = forms.CharField(max_length=120, required=False, label="…or a new team")
    kinds = forms.MultipleChoiceField(
        choices=KIND_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    sentiments = forms.MultipleChoiceField(
        choices=SENTIMENT_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.ModelMultipleChoiceField(queryset=Topic.objects.none(), required=False)
    products = forms.MultipleChoiceField(
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Products, brands or competitors named",
    )
    min_urgency = forms.FloatField(required=False, min_value=0, max_value=1)
    min_influence = forms.FloatField(required=False, min_value=0)
    priority = forms.IntegerField(min_value=1, max_value=5, initial=3, help_text="1 is highest")
    sla_hours = forms.IntegerField(required=False, min_value=1, label="SLA (hours)")

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        topics = self.fields["topics"]
        products = self.fields["products"]
        assert isinstance(team, forms.ModelChoiceField)
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        assert isinstance(products, forms.MultipleChoiceField)
        team.queryset = Team.objects.filter(workspace_id=workspace_id)
        topics.queryset = Topic.objects.filter(
            workspace_id=workspace_id, merged_into__isnull=True
        ).exclude(centroid=None)
        # Products as the dashboard counts them: tracked products, found by their mentions.
        names = TrackedName.objects.filter(
            workspace_id=workspace_id, kind=TrackedName.Kind.PRODUCT
        ).values_list("name", flat=True)
        products.choices = [(name, name) for name in sorted(set(names))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("team") and not (data.get("new_team") or "").strip():
            raise forms.ValidationError("Choose a team or name a new one.")
        return data

    def conditions(self) -> Conditions:
        data = self.cleaned_data
        return Conditions(
            kinds=list(data["kinds"]),
            sentiments=list(data["sentiments"]),
            channels=list(data["channels"]),
            topic_ids=[topic.pk for topic in data["topics"]],
            products=list(data["products"]),
            min_urgency=data["min_urgency"],
            min_influence=data["min_influence"],
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Insight.Status.choices)
    decline_reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Why (when declining)"
    )
    decline_alternative = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="What they can do instead"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == Insight.Status.DECLINED
            and not data.get("decline_reason", "").strip()
        ):
            raise forms.ValidationError("Declining needs a reason that the customers will read.")
        return data


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = User.objects.filter(memberships__workspace_id=workspace_id)


class PlanForm(forms.Form):
    """Who acts on an insight, how soon and by when (the routing rule's choice, overridden)."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, empty_label="none")
    priority = forms.IntegerField(min_value=1, max_value=5, help_text="1 is highest")
    due = forms.DateTimeField(
        required=False,
        label="Due",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = Team.objects.filter(workspace_id=workspace_id).order_by("name")


class CommentForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        label="Internal comment",
        help_text="Only colleagues see it; @username notifies them.",
    )


class InsightFromPostForm(forms.Form):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=KIND_CHOICES)
    existing = forms.ModelChoiceField(
        queryset=Insight.objects.none(), required=False, label="…or attach to an insight"
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = self.fields["existing"]
        assert isinstance(existing, forms.ModelChoiceField)
        existing.queryset = Insight.objects.filter(workspace_id=workspace_id).exclude(
            status__in=Insight.CLOSED_STATUSES
        )


class BusinessHoursForm(forms.Form):
    """When a team works; leave the times empty for round the clock."""

    days = forms.TypedMultipleChoiceField(
        choices=list(
            enumerate(
                ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
            )
        ),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Working days",
    )
    opens = forms.TimeField(
        required=False, label="Opens at", widget=forms.TimeInput({"type": "time"})
    )
    closes = forms.TimeField(
        required=False, label="Closes at", widget=forms.TimeInput({"type": "time"})
    )
    zone = forms.CharField(max_length=64, required=False, label="Time zone")
    holidays = forms.CharField(
        required=False,
        widget=forms.Textarea({"rows": 3}),
        label="Holidays",
        help_text="One date a line, as 2026-12-25; no hours count on these days.",
    )

    def clean_holidays(self) -> list[date]:
        days = []
        for number, line in enumerate(self.cleaned_data["holidays"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                days.append(date.fromisoformat(line.strip()))
            except ValueError:
                raise forms.ValidationError(
                    f"line {number}: {line.strip()[:40]!r} is not a date; write it as 2026-12-25."
                ) from None
        if len(days) > MAX_HOLIDAYS:
            raise forms.ValidationError(f"at most {MAX_HOLIDAYS} holidays.")
        return days

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("opens") is None) != (data.get("closes") is None):
            raise forms.ValidationError("give both the opening and the closing time, or neither.")
        if data.get("opens") is not None and not data.get("days"):
            raise forms.ValidationError("choose at least one working day.")
        return data

    @classmethod
    def of(cls, team: Team) -> BusinessHoursForm:
        """The form filled with what the team keeps now."""
        return cls(
            initial={
                "days": team.working_days or [0, 1, 2, 3, 4],
                "opens": team.opens_at,
                "closes": team.closes_at,
                "zone": team.hours_zone,
                "holidays": "\n".join(team.holidays),
            },
            prefix=f"hours-{team.pk}",
        )
