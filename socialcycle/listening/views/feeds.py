"""Feeds (RSS and Atom sources): the list and "poll now"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.lib.errors import DomainError, show_on_form
from socialcycle.lib.tasks import enqueue
from socialcycle.listening import feeds
from socialcycle.listening.forms import (
    FeedForm,
)
from socialcycle.listening.models import Channel, Source


@workspace_view(Role.ANALYST)
def feed_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = FeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feeds.follow_feed(workspace, **form.cleaned_data)
        except DomainError as error:
            show_on_form(form, error, otherwise="name")
        else:
            messages.success(request, f"Following {form.cleaned_data['url']}.")
            return redirect("listening:feeds", slug=workspace.slug)
    sources = Source.objects.filter(workspace=workspace, channel=Channel.FEED).order_by("name")
    context = {"workspace": workspace, "form": form, "sources": sources}
    return render(request, "listening/feeds.html", context)


@require_POST
@workspace_view(Role.ANALYST)
def poll_feed_now(request: HttpRequest, membership: Membership, source_id: int) -> HttpResponse:
    source = get_object_or_404(
        Source, pk=source_id, workspace=membership.workspace, channel=Channel.FEED
    )
    enqueue("listening.poll_feed", source.pk)
    messages.success(request, f"Polling {source.name}.")
    return redirect("listening:feeds", slug=membership.workspace.slug)
