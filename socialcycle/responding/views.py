"""Public pages reached from notification e-mails: what came of my feedback, unsubscribe.

They need no account: the link carries a signed participant reference.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from socialcycle.acting.models import Insight
from socialcycle.lib.ratelimit import rate_limited
from socialcycle.listening.models import Participant
from socialcycle.responding.loop import participant_from_token
from socialcycle.responding.models import Notification

PUBLIC_LIMIT = 30  # requests per minute per address


def _participant(token: str) -> Participant:
    person = participant_from_token(token)
    if person is None:
        raise Http404("This link is not valid.")
    return person


@rate_limited("my-feedback", PUBLIC_LIMIT)
def my_feedback(request: HttpRequest, token: str) -> HttpResponse:
    person = _participant(token)
    insight_ids = Notification.objects.filter(participant=person).values_list("insight_id")
    insights = Insight.objects.filter(pk__in=insight_ids).order_by("-status_changed_at")
    return render(request, "responding/my_feedback.html", {"person": person, "insights": insights})


@rate_limited("unsubscribe", PUBLIC_LIMIT)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    person = _participant(token)
    if request.method == "POST":
        person.email_opt_out = True
        person.save(update_fields=["email_opt_out"])
    return render(request, "responding/unsubscribe.html", {"person": person, "token": token})
