"""Feeds (RSS and Atom sources): the list, following one, and "poll now"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.lib.errors import DomainError, show_on_form
from socialcycle.listening import feeds
from socialcycle.listening.connectors.connections import poll_now
from socialcycle.listening.forms import FeedForm


@workspace_view(Role.ANALYST)
def feed_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = FeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feeds.follow_feed(workspace, **form.cleaned_data, by=membership.user)
        except DomainError as error:
            show_on_form(form, error, otherwise="name")
        else:
            messages.success(request, f"Following {form.cleaned_data['url']}.")
            return redirect("listening:feeds", slug=workspace.slug)
    context = {"workspace": workspace, "form": form, "feeds": feeds.followed_feeds(workspace)}
    return render(request, "listening/feeds.html", context)


@require_POST
@workspace_view(Role.ANALYST)
def poll_feed_now(request: HttpRequest, membership: Membership, source_id: int) -> HttpResponse:
    connection = get_object_or_404(feeds.followed_feeds(membership.workspace), source_id=source_id)
    poll_now(connection, by=membership.user)
    messages.success(request, f"{connection.source.name} will be polled within a minute.")
    return redirect("listening:feeds", slug=membership.workspace.slug)
