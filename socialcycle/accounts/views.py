"""Sign-in pages and the landing redirect."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from socialcycle.accounts.models import Membership, User


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Send a signed-in user to their first workspace, or explain that they have none."""
    assert isinstance(request.user, User)  # login_required let only signed-in users in
    membership = (
        Membership.objects.filter(user=request.user)
        .select_related("workspace")
        .order_by("workspace__name")
        .first()
    )
    if membership is None:
        return render(request, "accounts/no_workspace.html", status=200)
    return redirect("measuring:home", slug=membership.workspace.slug)
