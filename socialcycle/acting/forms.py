"""Forms of the acting app."""

from __future__ import annotations

from django import forms

from socialcycle.acting.models import Webhook


class WebhookForm(forms.Form):
    url = forms.URLField(max_length=1000, label="Receiver URL", assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=Webhook.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Webhook.Event.values),
    )
